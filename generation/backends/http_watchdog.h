#pragma once
// Enforces what cpp-httplib cannot: a whole-request deadline, a read timeout measured as
// silence since the last received byte, and prompt cancellation of a stalled call.
//
// Each in-flight call registers a CallGuard; one background thread checks every call each
// tick (10 ms) and requests a stop when a limit passes. A stop request (limit or cancel)
// starts one "stopper" thread for that call which calls the stop function
// (httplib::Client::stop) and repeats it every tick until the call returns: the client holds
// its socket mutex while connecting, so stop() can block, and a stop issued before the socket
// exists has nothing to shut down. Neither the cancelling thread nor the watchdog thread
// ever blocks on the client.
//
// Thread-safety: CallGuard members are safe from any thread; the stop function is never
// called after finish() returned (finish() joins the stopper).
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace cc::gen {

enum class StopReason { None, Cancelled, ReadTimeout, Deadline };

class CallGuard : public std::enable_shared_from_this<CallGuard> {
 public:
  using Clock = std::chrono::steady_clock;

  // `stop` aborts the in-flight call (thread-safe w.r.t. the call). `idle_grace` is added to
  // the first silence window (time to connect).
  CallGuard(std::function<void()> stop, std::chrono::milliseconds read_timeout, std::chrono::milliseconds deadline,
            std::chrono::milliseconds idle_grace);

  // Registers with the watchdog thread.
  void start();
  // Data arrived: restarts the silence window.
  void touch();
  // Stops the call for `reason` (first reason wins). No-op after finish().
  void request_stop(StopReason reason);
  // The call returned: later stops are ignored; joins the stopper thread.
  void finish();
  ~CallGuard();

  [[nodiscard]] StopReason reason() const;
  [[nodiscard]] bool finished() const;

  // Watchdog tick: applies limits; returns false once the guard can be forgotten.
  bool check(Clock::time_point now);

 private:
  void stopper_loop();

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::thread stopper_;
  std::function<void()> stop_;
  StopReason reason_ = StopReason::None;
  bool finished_ = false;
  std::chrono::milliseconds read_timeout_;
  Clock::time_point deadline_;
  std::atomic<Clock::rep> last_activity_;  // time_since_epoch count of the last byte (or start + grace)
};

}  // namespace cc::gen
