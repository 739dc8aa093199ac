#pragma once
// The project's own fixed-size worker pool (libuv's pool is global and shared with fs/DNS).
//
// Size 0 runs every task inline on the posting thread, which makes tests deterministic.
// The destructor stops accepting work, finishes queued tasks and joins the workers.
// Thread-safe: post() and wait_idle() may be called from any thread but a worker of this pool
// must not call wait_idle().
//
// A Background pool runs its workers at a lower scheduling priority (nice +10 on Linux), so
// bulk work such as a workspace scan yields the CPU to the event loop and interactive analysis
// whenever they are runnable, even when the pool has as many threads as there are cores.
// (See background_priority.h: long background tasks also call background_checkpoint().)
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cc {

class ThreadPool {
 public:
  enum class Priority { Normal, Background };
  // threads == 0: inline mode (Priority is then ignored). Use default_size() for "one per core".
  explicit ThreadPool(std::size_t threads, Priority priority = Priority::Normal);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  static std::size_t default_size();

  // Queues a task. Returns false (and drops it) once the pool is shutting down.
  bool post(std::function<void()> task);
  // Queues a task ahead of everything queued (a long task started early keeps the pool's
  // tail short). Same contract as post().
  bool post_front(std::function<void()> task);
  // Blocks until the queue is empty and no task is running.
  void wait_idle();
  std::size_t size() const { return workers_.size(); }
  std::size_t queued() const;
  // The index of the calling thread among this pool's workers, in [0, size()); size() for any
  // other thread (the caller of an inline pool, a worker of another pool). Lets tasks keep
  // per-worker results without locks.
  std::size_t current_worker() const;

 private:
  void worker_main(std::size_t index);
  bool enqueue(std::function<void()> task, bool front);

  mutable std::mutex mutex_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  std::size_t running_ = 0;                  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::vector<std::thread> workers_;
};

}  // namespace cc
