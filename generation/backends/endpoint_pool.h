#pragma once
// The configured endpoints, grouped by tier, and how one is chosen.
//
// Selection within a tier: endpoints whose breaker is available, ordered by
//   score = (outstanding + 1) * max(ewma latency, 1 ms)   (no samples yet → 0, try it)
// with endpoints at their max_concurrent pushed behind the others; ties keep config order.
//
// Thread-safety: the set of endpoints is fixed at construction; selection and health updates
// may run concurrently from any thread.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/endpoint_backend.h"
#include "generation/backends/endpoint_health.h"

namespace cc::gen {

struct Endpoint {
  EndpointConfig config;
  std::unique_ptr<EndpointBackend> backend;
  std::unique_ptr<EndpointHealth> health;
};

class EndpointPool {
 public:
  // backends[i] serves configs[i]; a null backend is built with make_endpoint_backend().
  EndpointPool(std::vector<EndpointConfig> configs, std::vector<std::unique_ptr<EndpointBackend>> backends,
               const TimeoutConfig& timeouts, const BreakerConfig& breaker, ClockFn clock);

  [[nodiscard]] std::size_t size() const { return endpoints_.size(); }
  [[nodiscard]] Endpoint& at(std::size_t index) { return endpoints_[index]; }
  [[nodiscard]] const Endpoint& at(std::size_t index) const { return endpoints_[index]; }
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const;

  // Indexes of the endpoints of `tier`, best first; only breaker-available ones.
  [[nodiscard]] std::vector<std::size_t> ranked(Tier tier) const;
  // Best available endpoint of the tier (nullopt when none is available).
  [[nodiscard]] std::optional<std::size_t> pick(Tier tier) const;
  [[nodiscard]] bool has_tier(Tier tier) const;
  [[nodiscard]] bool tier_available(Tier tier) const;
  [[nodiscard]] bool available(std::size_t index) const;

  // [{name, kind, url, tier, model, maxConcurrent, healthy, health, breaker, ewmaLatencyMs,
  //   ewmaFirstTokenMs, successRate, outstanding, successes, failures, consecutiveFailures}]
  [[nodiscard]] nlohmann::json status() const;

 private:
  std::vector<Endpoint> endpoints_;
};

}  // namespace cc::gen
