#include "generation/backends/endpoint_health.h"

namespace cc::gen {

ClockFn steady_clock_fn() {
  return [] { return std::chrono::steady_clock::now(); };
}

const char* to_string(BreakerState state) {
  switch (state) {
    case BreakerState::Closed: return "closed";
    case BreakerState::Open: return "open";
    case BreakerState::HalfOpen: return "half-open";
  }
  return "unknown";
}

const char* to_string(HealthLevel level) {
  switch (level) {
    case HealthLevel::Unknown: return "unknown";
    case HealthLevel::Healthy: return "healthy";
    case HealthLevel::Slow: return "slow";
    case HealthLevel::Unhealthy: return "unhealthy";
  }
  return "unknown";
}

CircuitBreaker::CircuitBreaker(BreakerConfig config, ClockFn clock) : config_(config), clock_(std::move(clock)) {}

bool CircuitBreaker::cooled_down_locked() const { return clock_() - opened_at_ >= config_.cooldown; }

bool CircuitBreaker::available() const {
  std::lock_guard lock(mutex_);
  switch (state_) {
    case BreakerState::Closed: return true;
    case BreakerState::Open: return cooled_down_locked();
    case BreakerState::HalfOpen: return !probe_in_flight_;
  }
  return false;
}

bool CircuitBreaker::try_acquire() {
  std::lock_guard lock(mutex_);
  switch (state_) {
    case BreakerState::Closed: return true;
    case BreakerState::Open:
      if (!cooled_down_locked()) return false;
      state_ = BreakerState::HalfOpen;
      probe_in_flight_ = true;
      return true;
    case BreakerState::HalfOpen:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::record_success() {
  std::lock_guard lock(mutex_);
  state_ = BreakerState::Closed;
  consecutive_failures_ = 0;
  probe_in_flight_ = false;
}

void CircuitBreaker::record_failure() {
  std::lock_guard lock(mutex_);
  ++consecutive_failures_;
  if (state_ == BreakerState::HalfOpen || consecutive_failures_ >= config_.failure_threshold) {
    state_ = BreakerState::Open;
    opened_at_ = clock_();
  }
  probe_in_flight_ = false;
}

void CircuitBreaker::release() {
  std::lock_guard lock(mutex_);
  probe_in_flight_ = false;
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

int CircuitBreaker::consecutive_failures() const {
  std::lock_guard lock(mutex_);
  return consecutive_failures_;
}

void CircuitBreaker::set_config(BreakerConfig config) {
  std::lock_guard lock(mutex_);
  config_ = config;
}

void EndpointHealth::begin_request() {
  std::lock_guard lock(mutex_);
  ++outstanding_;
}

void EndpointHealth::end_success(double latency_ms, double first_token_ms) {
  {
    std::lock_guard lock(mutex_);
    if (outstanding_ > 0) --outstanding_;
    latency_.add(latency_ms);
    if (first_token_ms > 0) first_token_.add(first_token_ms);
    success_.add(1);
    timeouts_.add(0);
    ++successes_;
  }
  breaker_.record_success();
}

void EndpointHealth::end_failure(bool timeout) {
  {
    std::lock_guard lock(mutex_);
    if (outstanding_ > 0) --outstanding_;
    success_.add(0);
    timeouts_.add(timeout ? 1 : 0);
    ++failures_;
  }
  breaker_.record_failure();
}

void EndpointHealth::end_neutral() {
  {
    std::lock_guard lock(mutex_);
    if (outstanding_ > 0) --outstanding_;
  }
  breaker_.release();
}

int EndpointHealth::outstanding() const {
  std::lock_guard lock(mutex_);
  return outstanding_;
}

double EndpointHealth::ewma_latency_ms() const {
  std::lock_guard lock(mutex_);
  return latency_.value();
}

HealthSnapshot EndpointHealth::snapshot() const {
  HealthSnapshot s;
  {
    std::lock_guard lock(mutex_);
    s.ewma_latency_ms = latency_.value();
    s.ewma_first_token_ms = first_token_.value();
    s.success_rate = success_.has_value() ? success_.value() : 1.0;
    s.timeout_rate = timeouts_.has_value() ? timeouts_.value() : 0.0;
    s.outstanding = outstanding_;
    s.successes = successes_;
    s.failures = failures_;
    if (successes_ + failures_ == 0) s.level = HealthLevel::Unknown;
    else if (s.timeout_rate > 0.5 || successes_ == 0) s.level = HealthLevel::Unhealthy;
    else if (latency_.value() > 5000) s.level = HealthLevel::Slow;
    else s.level = HealthLevel::Healthy;  // 3-5 s is Tabby's grey zone: not yet slow
  }
  s.breaker = breaker_.state();
  s.consecutive_failures = breaker_.consecutive_failures();
  if (s.breaker == BreakerState::Open) s.level = HealthLevel::Unhealthy;
  return s;
}

}  // namespace cc::gen
