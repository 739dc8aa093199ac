#include "generation/backends/endpoint_pool.h"

#include <algorithm>
#include <limits>

namespace cc::gen {
namespace {

// Lower is better. Untried endpoints (no latency sample) score by outstanding count alone,
// so they are tried first while concurrent requests still spread across them.
double score_of(const Endpoint& e) {
  int outstanding = e.health->outstanding();
  double ewma = e.health->ewma_latency_ms();
  return ewma <= 0 ? outstanding : (outstanding + 1) * std::max(ewma, 1.0);
}

bool saturated(const Endpoint& e) { return e.health->outstanding() >= e.config.max_concurrent; }

}  // namespace

EndpointPool::EndpointPool(std::vector<EndpointConfig> configs, std::vector<std::unique_ptr<EndpointBackend>> backends,
                           const TimeoutConfig& timeouts, const BreakerConfig& breaker, ClockFn clock) {
  endpoints_.reserve(configs.size());
  for (std::size_t i = 0; i < configs.size(); ++i) {
    Endpoint e;
    e.config = configs[i];
    if (i < backends.size() && backends[i]) e.backend = std::move(backends[i]);
    else e.backend = make_endpoint_backend(configs[i], timeouts);
    e.health = std::make_unique<EndpointHealth>(breaker, clock);
    endpoints_.push_back(std::move(e));
  }
}

std::optional<std::size_t> EndpointPool::find(std::string_view name) const {
  for (std::size_t i = 0; i < endpoints_.size(); ++i)
    if (endpoints_[i].config.name == name) return i;
  return std::nullopt;
}

bool EndpointPool::available(std::size_t index) const { return endpoints_[index].health->breaker().available(); }

std::vector<std::size_t> EndpointPool::ranked(Tier tier) const {
  struct Scored {
    std::size_t index;
    bool saturated;
    double score;
  };
  std::vector<Scored> scored;
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    const Endpoint& e = endpoints_[i];
    if (e.config.tier != tier || !e.health->breaker().available()) continue;
    scored.push_back({i, saturated(e), score_of(e)});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.saturated != b.saturated) return !a.saturated;
    return a.score < b.score;
  });
  std::vector<std::size_t> out;
  out.reserve(scored.size());
  for (const auto& s : scored) out.push_back(s.index);
  return out;
}

std::optional<std::size_t> EndpointPool::pick(Tier tier) const {
  std::optional<std::size_t> best;
  bool best_saturated = true;
  double best_score = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    const Endpoint& e = endpoints_[i];
    if (e.config.tier != tier || !e.health->breaker().available()) continue;
    double score = score_of(e);
    bool full = saturated(e);
    if (!best || (best_saturated && !full) || (full == best_saturated && score < best_score)) {
      best = i;
      best_saturated = full;
      best_score = score;
    }
  }
  return best;
}

bool EndpointPool::has_tier(Tier tier) const {
  return std::any_of(endpoints_.begin(), endpoints_.end(), [&](const Endpoint& e) { return e.config.tier == tier; });
}

bool EndpointPool::tier_available(Tier tier) const { return pick(tier).has_value(); }

nlohmann::json EndpointPool::status() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : endpoints_) {
    HealthSnapshot h = e.health->snapshot();
    out.push_back({{"name", e.config.name},
                   {"kind", to_string(e.config.kind)},
                   {"url", e.config.url},
                   {"tier", to_string(e.config.tier)},
                   {"model", e.config.model},
                   {"maxConcurrent", e.config.max_concurrent},
                   {"healthy", h.breaker != BreakerState::Open && h.level != HealthLevel::Unhealthy},
                   {"health", to_string(h.level)},
                   {"breaker", to_string(h.breaker)},
                   {"ewmaLatencyMs", h.ewma_latency_ms},
                   {"ewmaFirstTokenMs", h.ewma_first_token_ms},
                   {"successRate", h.success_rate},
                   {"outstanding", h.outstanding},
                   {"successes", h.successes},
                   {"failures", h.failures},
                   {"consecutiveFailures", h.consecutive_failures}});
  }
  return out;
}

}  // namespace cc::gen
