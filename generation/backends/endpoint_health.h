#pragma once
// Health of one endpoint: a circuit breaker, EWMA latency and success rate, counters.
//
// Circuit breaker:
//   Closed   --failure_threshold consecutive failures-->  Open
//   Open     --cooldown elapsed, one caller acquires-->    HalfOpen (single probe in flight)
//   HalfOpen --probe succeeds--> Closed;  --probe fails--> Open (cool-down restarts)
// The clock is injectable so tests drive the cool-down without sleeping.
//
// Thread-safety: every member is safe to call from any thread (one mutex per endpoint).
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

#include <nlohmann/json.hpp>

#include "generation/backends/backend_config.h"

namespace cc::gen {

using SteadyTime = std::chrono::steady_clock::time_point;
using ClockFn = std::function<SteadyTime()>;
ClockFn steady_clock_fn();

// A clock for tests: starts at an arbitrary point, moves only when advanced.
class FakeClock {
 public:
  [[nodiscard]] SteadyTime now() const {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }
  [[nodiscard]] ClockFn fn() {
    return [this] { return now(); };
  }

 private:
  mutable std::mutex mutex_;
  SteadyTime now_{std::chrono::hours(1000)};
};

enum class BreakerState { Closed, Open, HalfOpen };
const char* to_string(BreakerState state);

class CircuitBreaker {
 public:
  CircuitBreaker(BreakerConfig config, ClockFn clock);

  // Whether a request could be sent now, without reserving anything (routing decisions):
  // closed, or open with the cool-down elapsed, or half-open with no probe in flight.
  [[nodiscard]] bool available() const;
  // Reserves the right to send: always true when closed; when the cool-down has elapsed,
  // the first caller becomes the single half-open probe and later callers get false.
  bool try_acquire();
  void record_success();
  void record_failure();
  // The acquired request ended without a verdict (cancelled / request error): frees the
  // half-open probe slot without changing state.
  void release();

  [[nodiscard]] BreakerState state() const;
  [[nodiscard]] int consecutive_failures() const;
  void set_config(BreakerConfig config);

 private:
  [[nodiscard]] bool cooled_down_locked() const;
  mutable std::mutex mutex_;
  BreakerConfig config_;
  ClockFn clock_;
  BreakerState state_ = BreakerState::Closed;
  int consecutive_failures_ = 0;
  SteadyTime opened_at_{};
  bool probe_in_flight_ = false;
};

// Exponentially weighted moving average (alpha = weight of the newest sample).
class Ewma {
 public:
  explicit Ewma(double alpha = 0.2) : alpha_(alpha) {}
  void add(double sample) {
    value_ = has_value_ ? alpha_ * sample + (1 - alpha_) * value_ : sample;
    has_value_ = true;
  }
  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] bool has_value() const { return has_value_; }

 private:
  double alpha_;
  double value_ = 0;
  bool has_value_ = false;
};

// Health classification after Tabby's thresholds: healthy when latency < 3 s, slow above
// 5 s, unhealthy when more than half of recent requests timed out or the breaker is open.
enum class HealthLevel { Unknown, Healthy, Slow, Unhealthy };
const char* to_string(HealthLevel level);

struct HealthSnapshot {
  BreakerState breaker = BreakerState::Closed;
  HealthLevel level = HealthLevel::Unknown;
  double ewma_latency_ms = 0;
  double ewma_first_token_ms = 0;
  double success_rate = 1;   // EWMA of successes (1) and failures (0)
  double timeout_rate = 0;   // EWMA of timeouts
  int outstanding = 0;
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
  int consecutive_failures = 0;
};

class EndpointHealth {
 public:
  EndpointHealth(BreakerConfig config, ClockFn clock) : breaker_(config, std::move(clock)) {}

  CircuitBreaker& breaker() { return breaker_; }
  [[nodiscard]] const CircuitBreaker& breaker() const { return breaker_; }

  void begin_request();  // outstanding += 1
  // Ends a request begun with begin_request(). `failure` counts toward the breaker; a request
  // that was neither (cancelled, client-side error) is `neutral`.
  void end_success(double latency_ms, double first_token_ms);
  void end_failure(bool timeout);
  void end_neutral();

  [[nodiscard]] int outstanding() const;
  [[nodiscard]] double ewma_latency_ms() const;  // 0 before the first sample
  [[nodiscard]] HealthSnapshot snapshot() const;

 private:
  CircuitBreaker breaker_;
  mutable std::mutex mutex_;
  int outstanding_ = 0;
  Ewma latency_{0.2};
  Ewma first_token_{0.2};
  Ewma success_{0.1};
  Ewma timeouts_{0.1};
  std::uint64_t successes_ = 0;
  std::uint64_t failures_ = 0;
};

}  // namespace cc::gen
