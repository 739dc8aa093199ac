#include "server/event_loop.h"

#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace cc::server {

struct Timer::Handle {
  uv_timer_t timer{};
  std::function<void()> fn;
  bool owner_alive = true;
  bool closed = false;
};

namespace {
void on_timer_closed(uv_handle_t* h) {
  auto* handle = static_cast<Timer::Handle*>(h->data);
  handle->closed = true;
  handle->fn = nullptr;
  if (!handle->owner_alive) delete handle;
}
}  // namespace

Timer::Timer(EventLoop& loop) : handle_(new Handle) {
  uv_timer_init(loop.raw(), &handle_->timer);
  handle_->timer.data = handle_;
}

Timer::~Timer() {
  handle_->owner_alive = false;
  handle_->fn = nullptr;
  if (handle_->closed) {
    delete handle_;
    return;
  }
  auto* h = reinterpret_cast<uv_handle_t*>(&handle_->timer);
  uv_timer_stop(&handle_->timer);
  if (!uv_is_closing(h)) uv_close(h, on_timer_closed);
  // else: a close is in flight and on_timer_closed frees the handle.
}

void Timer::start(std::uint64_t timeout_ms, std::function<void()> fn, std::uint64_t repeat_ms) {
  if (uv_is_closing(reinterpret_cast<uv_handle_t*>(&handle_->timer))) return;
  handle_->fn = std::move(fn);
  uv_timer_start(
      &handle_->timer,
      [](uv_timer_t* t) {
        auto* h = static_cast<Handle*>(t->data);
        if (!h->fn) return;
        // Copy: the callback may restart or destroy this timer.
        auto fn = h->fn;
        fn();
      },
      timeout_ms, repeat_ms);
}

void Timer::stop() { uv_timer_stop(&handle_->timer); }

bool Timer::active() const { return uv_is_active(reinterpret_cast<const uv_handle_t*>(&handle_->timer)) != 0; }

void Timer::unref() { uv_unref(reinterpret_cast<uv_handle_t*>(&handle_->timer)); }

EventLoop::EventLoop() {
  uv_loop_init(&loop_);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    const std::string why = std::string("eventfd: ") + std::strerror(errno);
    uv_loop_close(&loop_);  // nothing is open on it yet
    throw std::runtime_error(why);
  }
  uv_poll_init(&loop_, &wake_poll_, wake_fd_);
  wake_poll_.data = this;
  uv_poll_start(&wake_poll_, UV_READABLE, &EventLoop::on_wake);
}

EventLoop::~EventLoop() {
  if (!closing_) close();
  // Run until every close callback has fired, then the loop must close cleanly.
  uv_run(&loop_, UV_RUN_DEFAULT);
  int rc = uv_loop_close(&loop_);
  if (rc != 0) spdlog::error("uv_loop_close: {}", uv_strerror(rc));
  ::close(wake_fd_);  // only now: a late post() may still write to it after close()
}

bool EventLoop::post(std::function<void()> fn) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (!accepting_) return false;
    wake = queue_.empty();  // otherwise a wake-up is already on its way: the drain takes all
    queue_.push_back(std::move(fn));
  }
  if (wake) {
    // Outside the lock: the write may hand the CPU to the loop at once.
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
  return true;
}

void EventLoop::on_wake(uv_poll_t* handle, int, int) {
  auto* self = static_cast<EventLoop*>(handle->data);
  std::uint64_t count = 0;
  [[maybe_unused]] ssize_t n = ::read(self->wake_fd_, &count, sizeof count);  // before the drain: no lost wake-up
  self->drain();
}

void EventLoop::drain() {
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(queue_);
  }
  for (auto& fn : batch) {
    try {
      fn();
    } catch (const std::exception& e) {
      spdlog::error("loop task threw: {}", e.what());
    }
  }
}

void EventLoop::run() { uv_run(&loop_, UV_RUN_DEFAULT); }

void EventLoop::close() {
  if (closing_) return;
  closing_ = true;
  {
    std::lock_guard lock(mutex_);
    accepting_ = false;
  }
  drain();  // work already posted still runs (it may reply or release resources)
  uv_walk(
      &loop_,
      [](uv_handle_t* h, void*) {
        if (uv_is_closing(h)) return;
        // Timers free their state in on_timer_closed; other handles are owned by objects
        // that close them first (this walk is the fallback for anything left).
        uv_close(h, h->type == UV_TIMER ? on_timer_closed : nullptr);
      },
      nullptr);
}

std::uint64_t EventLoop::now_ms() { return uv_now(&loop_); }

}  // namespace cc::server
