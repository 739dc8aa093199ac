#pragma once
// Per-route counters of the router: requests and latency per tier, escalations, fallbacks,
// failures, decision-cache hits.
//
// Thread-safety: all members are safe to call from any thread.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "generation/types.h"

namespace cc::gen {

struct TierMetrics {
  std::uint64_t requests = 0;   // attempts sent to this tier
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
  double total_latency_ms = 0;
  double max_latency_ms = 0;
  [[nodiscard]] double mean_latency_ms() const { return successes ? total_latency_ms / static_cast<double>(successes) : 0; }
};

struct RouterMetricsSnapshot {
  std::uint64_t requests = 0;      // calls to Router::generate
  std::uint64_t decisions = 0;     // calls to decide()
  std::uint64_t cache_hits = 0;    // decisions served from the cache
  std::uint64_t escalations = 0;   // fast answers redone on the quality tier
  std::uint64_t fallbacks = 0;     // attempts moved to another endpoint/tier after a failure
  std::uint64_t unavailable = 0;   // requests that found no endpoint at all
  std::uint64_t cancelled = 0;
  TierMetrics fast;
  TierMetrics quality;
  std::map<std::string, std::uint64_t> escalation_reasons;
  [[nodiscard]] nlohmann::json to_json() const;
};

class RouterMetrics {
 public:
  void count_request();
  void count_decision(bool cached);
  void count_escalation(const std::string& reason);
  void count_fallback();
  void count_unavailable();
  void count_cancelled();
  void record_attempt(Tier tier, bool success, double latency_ms);
  [[nodiscard]] RouterMetricsSnapshot snapshot() const;

 private:
  mutable std::mutex mutex_;
  RouterMetricsSnapshot data_;  // guarded by mutex_, except the two decision counters below
  std::atomic<std::uint64_t> decisions_{0};   // decide() is hot: no lock for its counters
  std::atomic<std::uint64_t> cache_hits_{0};
};

}  // namespace cc::gen
