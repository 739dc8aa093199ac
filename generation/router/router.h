#pragma once
// The hybrid router: a Generator that picks a tier and an endpoint for each request, falls
// back across endpoints and tiers when one fails, and escalates from the fast tier to the
// quality tier when the fast answer is not good enough.
//
//   complexity (router_complexity.h) < 0.3 → fast tier; > 0.7 → quality tier;
//   in between → fast first, escalate to quality when the answer is empty, cut off
//   ("length"), has no code block where the task needs one, or carries a low-confidence
//   marker (router_escalation.h). request.force_tier / force_provider and the routing config
//   override the choice. A tier without endpoints (or with all breakers open) falls back to
//   the other tier.
//
// Streaming: tokens of an attempt are passed on as they arrive. When an attempt is abandoned
// after it produced tokens (escalation, or fallback after a mid-stream failure), the
// RouteCallbacks::on_restart hook is called before the next attempt's tokens; the plain
// Generator::generate() has no such hook, so its token stream is a preview and the returned
// result.text is authoritative.
//
// Thread-safety: generate(), decide(), status() and metrics() may run concurrently.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/backend_config.h"
#include "generation/backends/endpoint_pool.h"
#include "generation/router/decision_cache.h"
#include "generation/router/metrics.h"
#include "generation/types.h"

namespace cc::gen {

struct RouteDecision {
  Tier tier = Tier::Fast;
  std::string endpoint;     // chosen endpoint name; "" when nothing is available
  double complexity = 0;
  bool cached = false;      // served from the decision cache
  bool escalatable = false; // middle band: the fast answer may be escalated
  bool fallback = false;    // the preferred tier had nothing available (never cached)
};

struct RouteCallbacks {
  TokenCallback on_token;
  // Called when the text streamed so far is abandoned; the argument says why
  // ("escalation: empty answer", "fallback: ollama timed out", ...).
  std::function<void(const std::string& reason)> on_restart;
};

class Router final : public Generator {
 public:
  // Builds backends for every configured endpoint.
  explicit Router(BackendConfig config, ClockFn clock = steady_clock_fn());
  // Tests: backends[i] serves config.endpoints[i] (a null entry is built from config).
  Router(BackendConfig config, std::vector<std::unique_ptr<EndpointBackend>> backends,
         ClockFn clock = steady_clock_fn());

  GenerationResult generate(const GenerationRequest& request, const TokenCallback& on_token,
                            const CancelToken& cancel) override;
  GenerationResult generate(const GenerationRequest& request, const RouteCallbacks& callbacks,
                            const CancelToken& cancel);

  // The routing decision for a request, without I/O (uses and fills the decision cache).
  RouteDecision decide(const GenerationRequest& request);

  // {"endpoints": EndpointPool::status(), "routing": {...}, "metrics": metrics().to_json()}
  [[nodiscard]] nlohmann::json status() const;
  [[nodiscard]] RouterMetricsSnapshot metrics() const { return metrics_.snapshot(); }
  [[nodiscard]] const BackendConfig& config() const { return config_; }
  [[nodiscard]] EndpointPool& endpoints() { return pool_; }
  [[nodiscard]] const EndpointPool& endpoints() const { return pool_; }
  // Probes every endpoint concurrently (discovery + version) and records the outcome in its
  // health: reachable → success, unreachable → failure. Results in config order.
  std::vector<ProbeResult> probe_all(const CancelToken& cancel);
  // max_concurrent of an endpoint (0 when unknown), for the scheduler.
  [[nodiscard]] int max_concurrent(const std::string& endpoint) const;

 private:
  struct Attempt;
  RouteDecision decide_uncached(const GenerationRequest& request, double complexity) const;
  std::vector<std::size_t> candidates(const GenerationRequest& request, const RouteDecision& decision) const;

  BackendConfig config_;
  ClockFn clock_;
  EndpointPool pool_;
  DecisionCache cache_;
  RouterMetrics metrics_;
};

}  // namespace cc::gen
