#include "analysis/scan/thread_pool.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "analysis/scan/background_priority.h"

namespace cc {

namespace {
thread_local const ThreadPool* t_pool = nullptr;  // the pool whose worker this thread is
thread_local std::size_t t_worker = 0;
}  // namespace

ThreadPool::ThreadPool(std::size_t threads, Priority priority) {
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i)
    workers_.emplace_back([this, priority, i] {
      if (priority == Priority::Background && !lower_current_thread_priority())
        spdlog::debug("thread pool: could not lower a worker's priority");
      worker_main(i);
    });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

std::size_t ThreadPool::default_size() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : n;
}

static void run_guarded(std::function<void()>& task) {
  try {
    task();
  } catch (const std::exception& e) {
    spdlog::error("worker task threw: {}", e.what());
  } catch (...) {
    spdlog::error("worker task threw a non-standard exception");
  }
}

bool ThreadPool::post(std::function<void()> task) { return enqueue(std::move(task), false); }

bool ThreadPool::post_front(std::function<void()> task) { return enqueue(std::move(task), true); }

bool ThreadPool::enqueue(std::function<void()> task, bool front) {
  if (workers_.empty()) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;
    }
    run_guarded(task);
    return true;
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (front) queue_.push_front(std::move(task));
    else queue_.push_back(std::move(task));
  }
  work_cv_.notify_one();
  return true;
}

void ThreadPool::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_cv_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

std::size_t ThreadPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t ThreadPool::current_worker() const { return t_pool == this ? t_worker : workers_.size(); }

void ThreadPool::worker_main(std::size_t index) {
  t_pool = this;
  t_worker = index;
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    run_guarded(task);
    {
      std::lock_guard lock(mutex_);
      --running_;
      if (queue_.empty() && running_ == 0) idle_cv_.notify_all();
    }
  }
}

}  // namespace cc
