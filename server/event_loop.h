#pragma once
// The libuv loop the server runs on, plus the completion queue workers use to hand results
// back to it.
//
// Workers wake the loop through an eventfd, not uv_async_send: libuv (1.44) makes the loop
// spin and sched_yield while a sender is between its two atomic steps, so a background worker
// preempted there (it runs at nice +10) stalled the loop for a whole scheduler tick.
//
// Threading contract: post() is the only member that may be called from any thread. Every
// other member, and every callback it runs, belongs to the loop thread. Posts made after
// close() are dropped, not crashed on.
#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace cc::server {

class EventLoop;

// A one-shot or repeating timer. Destroying it stops it; the uv handle is freed by its
// close callback, so the object may die before the loop does.
class Timer {
 public:
  explicit Timer(EventLoop& loop);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  void start(std::uint64_t timeout_ms, std::function<void()> fn, std::uint64_t repeat_ms = 0);
  void stop();
  [[nodiscard]] bool active() const;
  void unref();  // do not keep the loop alive

  struct Handle;  // opaque; public so the loop's close callback can free it

 private:
  Handle* handle_;  // freed by whichever of ~Timer and the close callback runs last
};

class EventLoop {
 public:
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  uv_loop_t* raw() { return &loop_; }

  // Thread-safe. Queues fn to run on the loop thread; false once the loop is closing.
  bool post(std::function<void()> fn);

  // Runs until close() has been called and every handle has closed.
  void run();
  // Loop thread: stop accepting posts, close every handle (uv_walk + uv_close).
  void close();
  [[nodiscard]] bool closing() const { return closing_; }

  // Milliseconds on the loop's monotonic clock.
  std::uint64_t now_ms();

 private:
  static void on_wake(uv_poll_t* handle, int status, int events);
  void drain();

  uv_loop_t loop_{};
  int wake_fd_ = -1;     // eventfd; written when the queue goes from empty to non-empty
  uv_poll_t wake_poll_{};
  std::mutex mutex_;
  std::vector<std::function<void()>> queue_;  // guarded by mutex_
  bool accepting_ = true;                     // guarded by mutex_
  bool closing_ = false;
};

}  // namespace cc::server
