#include "generation/router/metrics.h"

#include <algorithm>

namespace cc::gen {
namespace {

nlohmann::json tier_json(const TierMetrics& t) {
  return {{"requests", t.requests},
          {"successes", t.successes},
          {"failures", t.failures},
          {"meanLatencyMs", t.mean_latency_ms()},
          {"maxLatencyMs", t.max_latency_ms}};
}

}  // namespace

nlohmann::json RouterMetricsSnapshot::to_json() const {
  return {{"requests", requests},
          {"decisions", decisions},
          {"decisionCacheHits", cache_hits},
          {"escalations", escalations},
          {"escalationReasons", escalation_reasons},
          {"fallbacks", fallbacks},
          {"unavailable", unavailable},
          {"cancelled", cancelled},
          {"tiers", {{"fast", tier_json(fast)}, {"quality", tier_json(quality)}}}};
}

void RouterMetrics::count_request() {
  std::lock_guard lock(mutex_);
  ++data_.requests;
}

void RouterMetrics::count_decision(bool cached) {
  decisions_.fetch_add(1, std::memory_order_relaxed);
  if (cached) cache_hits_.fetch_add(1, std::memory_order_relaxed);
}

void RouterMetrics::count_escalation(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++data_.escalations;
  ++data_.escalation_reasons[reason];
}

void RouterMetrics::count_fallback() {
  std::lock_guard lock(mutex_);
  ++data_.fallbacks;
}

void RouterMetrics::count_unavailable() {
  std::lock_guard lock(mutex_);
  ++data_.unavailable;
}

void RouterMetrics::count_cancelled() {
  std::lock_guard lock(mutex_);
  ++data_.cancelled;
}

void RouterMetrics::record_attempt(Tier tier, bool success, double latency_ms) {
  std::lock_guard lock(mutex_);
  TierMetrics& t = tier == Tier::Fast ? data_.fast : data_.quality;
  ++t.requests;
  if (success) {
    ++t.successes;
    t.total_latency_ms += latency_ms;
    t.max_latency_ms = std::max(t.max_latency_ms, latency_ms);
  } else {
    ++t.failures;
  }
}

RouterMetricsSnapshot RouterMetrics::snapshot() const {
  std::lock_guard lock(mutex_);
  RouterMetricsSnapshot out = data_;
  out.decisions = decisions_.load(std::memory_order_relaxed);
  out.cache_hits = cache_hits_.load(std::memory_order_relaxed);
  return out;
}

}  // namespace cc::gen
