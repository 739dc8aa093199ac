#include "generation/backends/http_watchdog.h"

#include <condition_variable>
#include <thread>
#include <vector>

namespace cc::gen {
namespace {
constexpr auto kTick = std::chrono::milliseconds(10);
}  // namespace

namespace {

// One thread for the whole process; sleeps while no call is registered.
class Watchdog {
 public:
  static Watchdog& instance() {
    static Watchdog watchdog;
    return watchdog;
  }

  void add(std::shared_ptr<CallGuard> guard) {
    {
      std::lock_guard lock(mutex_);
      guards_.push_back(std::move(guard));
      if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    }
    cv_.notify_one();
  }

  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!quit_) {
      if (guards_.empty()) {
        cv_.wait(lock, [&] { return quit_ || !guards_.empty(); });
        continue;
      }
      std::vector<std::shared_ptr<CallGuard>> current = guards_;
      lock.unlock();
      auto now = CallGuard::Clock::now();
      std::vector<CallGuard*> done;
      for (auto& g : current)
        if (!g->check(now)) done.push_back(g.get());
      lock.lock();
      if (!done.empty()) {
        std::erase_if(guards_, [&](const std::shared_ptr<CallGuard>& g) {
          for (auto* d : done)
            if (g.get() == d) return true;
          return false;
        });
      }
      cv_.wait_for(lock, kTick, [&] { return quit_; });
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<CallGuard>> guards_;
  std::thread thread_;
  bool quit_ = false;
};

}  // namespace

CallGuard::CallGuard(std::function<void()> stop, std::chrono::milliseconds read_timeout,
                     std::chrono::milliseconds deadline, std::chrono::milliseconds idle_grace)
    : stop_(std::move(stop)),
      read_timeout_(read_timeout),
      deadline_(Clock::now() + deadline),
      last_activity_((Clock::now() + idle_grace).time_since_epoch().count()) {}

void CallGuard::start() { Watchdog::instance().add(shared_from_this()); }

void CallGuard::touch() { last_activity_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed); }

void CallGuard::request_stop(StopReason reason) {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  if (reason_ == StopReason::None) reason_ = reason;
  if (!stopper_.joinable()) stopper_ = std::thread([this] { stopper_loop(); });
}

void CallGuard::stopper_loop() {
  std::unique_lock lock(mutex_);
  while (!finished_) {
    auto stop = stop_;
    lock.unlock();
    if (stop) stop();  // may block while the client connects; finish() waits for us
    lock.lock();
    cv_.wait_for(lock, kTick, [&] { return finished_; });
  }
}

void CallGuard::finish() {
  std::thread stopper;
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
    stopper.swap(stopper_);
  }
  cv_.notify_all();
  if (stopper.joinable()) stopper.join();
  std::lock_guard lock(mutex_);
  stop_ = nullptr;
}

CallGuard::~CallGuard() {
  if (stopper_.joinable()) stopper_.join();  // finish() not called: still never leak a thread
}

StopReason CallGuard::reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

bool CallGuard::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

bool CallGuard::check(Clock::time_point now) {
  StopReason due = StopReason::None;
  {
    std::lock_guard lock(mutex_);
    if (finished_) return false;
    if (reason_ != StopReason::None) return true;  // the stopper is on it
    Clock::time_point last{Clock::duration(last_activity_.load(std::memory_order_relaxed))};
    if (now >= deadline_) due = StopReason::Deadline;
    else if (now - last >= read_timeout_) due = StopReason::ReadTimeout;
  }
  if (due != StopReason::None) request_stop(due);
  return true;
}

}  // namespace cc::gen
