#include "generation/router/router.h"

#include <algorithm>
#include <future>
#include <sstream>

#include <spdlog/spdlog.h>

#include "generation/router/complexity.h"
#include "generation/router/escalation.h"

namespace cc::gen {
namespace {

enum class Verdict { Success, Cancelled, EndpointFailure, RequestError };

// What an attempt's outcome says about the endpoint.
Verdict classify(const BackendOutcome& outcome) {
  switch (outcome.result.error) {
    case ErrorKind::None: return Verdict::Success;
    case ErrorKind::Cancelled: return Verdict::Cancelled;
    case ErrorKind::InvalidRequest:
    case ErrorKind::QueueFull: return Verdict::RequestError;
    case ErrorKind::Http: {
      int s = outcome.http_status;
      // 0: an error reported inside a 200 stream. 404: model missing on that server.
      if (s == 0 || s >= 500 || s == 404 || s == 408 || s == 429) return Verdict::EndpointFailure;
      return Verdict::RequestError;
    }
    default: return Verdict::EndpointFailure;
  }
}

std::optional<std::size_t> index_of(const EndpointPool& pool, const std::string& name) {
  if (name.empty()) return std::nullopt;
  return pool.find(name);
}

Tier other(Tier t) { return t == Tier::Fast ? Tier::Quality : Tier::Fast; }

constexpr const char* kStartHint =
    "Start a model server: Ollama (`ollama serve`, then `ollama pull qwen2.5-coder:7b`), LM Studio (start the local "
    "server on port 1234), or llama.cpp (`llama-server -m model.gguf --port 8080` with --openai-url "
    "http://127.0.0.1:8080/v1); `codecrucible doctor` checks them.";

}  // namespace

Router::Router(BackendConfig config, ClockFn clock) : Router(std::move(config), {}, std::move(clock)) {}

Router::Router(BackendConfig config, std::vector<std::unique_ptr<EndpointBackend>> backends, ClockFn clock)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      pool_(config_.endpoints, std::move(backends), config_.timeouts, config_.breaker, clock_),
      cache_(config_.routing.decision_cache_size, config_.routing.decision_cache_ttl, clock_) {}

int Router::max_concurrent(const std::string& endpoint) const {
  auto i = pool_.find(endpoint);
  return i ? pool_.at(*i).config.max_concurrent : 0;
}

RouteDecision Router::decide_uncached(const GenerationRequest& request, double complexity) const {
  RouteDecision d;
  d.complexity = complexity;
  const std::optional<std::string>& provider = request.force_provider ? request.force_provider : config_.routing.force_provider;
  const std::optional<Tier> forced_tier = request.force_tier ? request.force_tier : config_.routing.force_tier;

  if (provider) {
    if (auto i = pool_.find(*provider)) {  // an endpoint by name: that one or nothing
      d.tier = pool_.at(*i).config.tier;
      if (pool_.available(*i)) d.endpoint = pool_.at(*i).config.name;
      return d;
    }
    if (auto kind = backend_kind_from_string(*provider)) {  // a kind: its best endpoint, any tier
      std::optional<std::size_t> best;
      for (Tier t : {forced_tier.value_or(Tier::Quality), other(forced_tier.value_or(Tier::Quality))}) {
        for (std::size_t i : pool_.ranked(t))
          if (pool_.at(i).config.kind == *kind) {
            best = i;
            break;
          }
        if (best) break;
      }
      if (best) {
        d.tier = pool_.at(*best).config.tier;
        d.endpoint = pool_.at(*best).config.name;
      }
      return d;
    }
  }

  if (forced_tier) {
    d.tier = *forced_tier;
  } else if (request.task == TaskType::Completion || complexity < kFastTierBelow) {
    d.tier = Tier::Fast;
  } else if (complexity > kQualityTierAbove) {
    d.tier = Tier::Quality;
  } else {
    d.tier = Tier::Fast;
    d.escalatable = config_.routing.escalate;
  }
  if (auto i = pool_.pick(d.tier)) {
    d.endpoint = pool_.at(*i).config.name;
  } else if (auto j = pool_.pick(other(d.tier))) {  // the tier is down or missing: fall back
    d.tier = other(d.tier);
    d.endpoint = pool_.at(*j).config.name;
    d.escalatable = false;
    d.fallback = true;
  }
  return d;
}

RouteDecision Router::decide(const GenerationRequest& request) {
  const double complexity = estimate_complexity(request);
  DecisionKey key;
  key.task = request.task;
  key.complexity_bucket = static_cast<int>(complexity * 20);
  const std::optional<Tier> forced_tier = request.force_tier ? request.force_tier : config_.routing.force_tier;
  key.force_tier = forced_tier ? static_cast<int>(*forced_tier) : -1;
  if (request.force_provider) key.force_provider = *request.force_provider;
  else if (config_.routing.force_provider) key.force_provider = *config_.routing.force_provider;

  if (auto hit = cache_.get(key)) {
    // Never trust a cached endpoint blindly: its breaker may have opened since.
    bool valid = hit->index < pool_.size() && pool_.at(hit->index).config.name == hit->endpoint;
    if (valid && pool_.available(hit->index)) {
      const Endpoint& e = pool_.at(hit->index);
      if (key.force_provider.empty() && e.health->outstanding() >= e.config.max_concurrent) {
        // Saturated: a better endpoint of the same tier may be free now.
        if (auto j = pool_.pick(hit->tier); j && *j != hit->index) {
          hit->endpoint = pool_.at(*j).config.name;
          hit->index = *j;
          cache_.put(key, *hit);
        }
      }
      metrics_.count_decision(true);
      return RouteDecision{hit->tier, std::move(hit->endpoint), complexity, true, hit->escalatable, false};
    }
    cache_.erase(key);
  }
  RouteDecision d = decide_uncached(request, complexity);
  // A fallback decision is not cached: it would keep traffic away from the preferred tier
  // for a whole TTL after that tier recovers.
  if (!d.endpoint.empty() && !d.fallback) {
    if (auto i = pool_.find(d.endpoint)) cache_.put(key, CachedDecision{d.tier, d.endpoint, d.escalatable, *i});
  }
  metrics_.count_decision(false);
  return d;
}

std::vector<std::size_t> Router::candidates(const GenerationRequest& request, const RouteDecision& decision) const {
  std::vector<std::size_t> order;
  auto add = [&](std::size_t i) {
    if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
  };
  const std::optional<std::string>& provider = request.force_provider ? request.force_provider : config_.routing.force_provider;
  if (provider) {
    if (auto i = pool_.find(*provider)) {
      if (pool_.available(*i)) add(*i);
      return order;  // a named endpoint: no fallback elsewhere
    }
    if (auto kind = backend_kind_from_string(*provider)) {
      if (auto i = index_of(pool_, decision.endpoint)) add(*i);
      for (Tier t : {decision.tier, other(decision.tier)})
        for (std::size_t i : pool_.ranked(t))
          if (pool_.at(i).config.kind == *kind) add(i);
      return order;
    }
  }
  if (auto i = index_of(pool_, decision.endpoint); i && pool_.available(*i)) add(*i);
  for (std::size_t i : pool_.ranked(decision.tier)) add(i);
  for (std::size_t i : pool_.ranked(other(decision.tier))) add(i);
  return order;
}

struct Router::Attempt {
  std::optional<GenerationResult> success;
  std::optional<GenerationResult> last_failure;
  std::vector<std::string> tried;  // "name: message"
  bool cancelled = false;
  bool emitted = false;  // tokens reached the caller during the current round
};

GenerationResult Router::generate(const GenerationRequest& request, const TokenCallback& on_token, const CancelToken& cancel) {
  return generate(request, RouteCallbacks{on_token, nullptr}, cancel);
}

GenerationResult Router::generate(const GenerationRequest& request, const RouteCallbacks& callbacks, const CancelToken& cancel) {
  metrics_.count_request();
  const auto start = clock_();
  RouteDecision decision = decide(request);
  Attempt state;

  // Tries endpoints in order until one succeeds; failures fall back to the next one.
  auto run = [&](const std::vector<std::size_t>& order) {
    state.success.reset();
    for (std::size_t n = 0; n < order.size(); ++n) {
      if (cancel.cancelled()) {
        state.cancelled = true;
        return;
      }
      Endpoint& e = pool_.at(order[n]);
      if (!e.health->breaker().try_acquire()) {
        state.tried.push_back(e.config.name + ": circuit breaker open");
        continue;
      }
      e.health->begin_request();
      bool emitted = false;
      TokenCallback forward = [&](std::string_view t) {
        emitted = true;
        if (callbacks.on_token) callbacks.on_token(t);
      };
      BackendOutcome outcome = e.backend->generate_detailed(request, forward, cancel);
      GenerationResult& r = outcome.result;
      state.emitted = state.emitted || emitted;
      switch (classify(outcome)) {
        case Verdict::Success:
          e.health->end_success(r.latency_ms, r.first_token_ms);
          metrics_.record_attempt(e.config.tier, true, r.latency_ms);
          state.success = std::move(r);
          return;
        case Verdict::Cancelled:
          e.health->end_neutral();
          state.cancelled = true;
          state.last_failure = std::move(r);
          return;
        case Verdict::EndpointFailure:
          e.health->end_failure(r.error == ErrorKind::Timeout);
          break;
        case Verdict::RequestError:
          e.health->end_neutral();
          break;
      }
      metrics_.record_attempt(e.config.tier, false, r.latency_ms);
      spdlog::info("router: {} failed ({}): {}", e.config.name, to_string(r.error), r.error_message);
      state.tried.push_back(e.config.name + ": " + r.error_message);
      state.last_failure = std::move(r);
      if (n + 1 < order.size()) {
        metrics_.count_fallback();
        if (state.emitted && callbacks.on_restart) callbacks.on_restart("fallback: " + state.tried.back());
        state.emitted = false;
      }
    }
  };

  auto finish = [&](GenerationResult r) {
    r.latency_ms = std::chrono::duration<double, std::milli>(clock_() - start).count();
    return r;
  };

  std::vector<std::size_t> order = candidates(request, decision);
  if (order.empty()) {
    metrics_.count_unavailable();
    GenerationResult r;
    r.error = ErrorKind::Unavailable;
    std::ostringstream msg;
    msg << "no model server available";
    if (pool_.size() == 0) msg << " (no endpoints configured)";
    for (std::size_t i = 0; i < pool_.size(); ++i) {
      const Endpoint& e = pool_.at(i);
      msg << (i ? "; " : ": ") << e.config.name << " (" << e.config.url << ", breaker " << to_string(e.health->breaker().state()) << ")";
    }
    msg << ". " << kStartHint;
    r.error_message = msg.str();
    return finish(r);
  }

  run(order);
  // The caller cancelled: report it with whatever the last attempt said.
  auto cancelled_result = [&] {
    metrics_.count_cancelled();
    GenerationResult r = state.last_failure.value_or(GenerationResult{});
    r.error = ErrorKind::Cancelled;
    r.finish_reason = "cancelled";
    if (r.error_message.empty()) r.error_message = "cancelled";
    return finish(r);
  };
  if (state.cancelled) return cancelled_result();
  if (!state.success) {
    GenerationResult r = state.last_failure.value_or(GenerationResult{});
    if (r.error == ErrorKind::None) r.error = ErrorKind::Unavailable;
    std::ostringstream msg;
    msg << "every endpoint failed: ";
    for (std::size_t i = 0; i < state.tried.size(); ++i) msg << (i ? "; " : "") << state.tried[i];
    if (r.error == ErrorKind::Unavailable || r.error == ErrorKind::Timeout) msg << ". " << kStartHint;
    r.error_message = msg.str();
    return finish(r);
  }

  GenerationResult result = std::move(*state.success);
  if (decision.escalatable && config_.routing.escalate && result.tier == Tier::Fast) {
    if (auto reason = escalation_reason(request, result)) {
      std::vector<std::size_t> quality = pool_.ranked(Tier::Quality);
      if (!quality.empty()) {
        metrics_.count_escalation(*reason);
        spdlog::info("router: escalating to the quality tier: {}", *reason);
        if (state.emitted && callbacks.on_restart) callbacks.on_restart("escalation: " + *reason);
        state.emitted = false;
        GenerationResult fast = std::move(result);
        run(quality);
        if (state.cancelled) return cancelled_result();
        if (state.success) {
          result = std::move(*state.success);
          result.escalated = true;
        } else {
          result = std::move(fast);  // the quality tier failed: the fast answer beats none
        }
      }
    }
  }
  return finish(result);
}

std::vector<ProbeResult> Router::probe_all(const CancelToken& cancel) {
  std::vector<std::future<ProbeResult>> pending;
  for (std::size_t i = 0; i < pool_.size(); ++i)
    pending.push_back(std::async(std::launch::async, [this, i, &cancel] { return pool_.at(i).backend->probe(cancel); }));
  std::vector<ProbeResult> out;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    ProbeResult p = pending[i].get();
    EndpointHealth& h = *pool_.at(i).health;
    if (p.reachable) h.breaker().record_success();
    else h.breaker().record_failure();
    out.push_back(std::move(p));
  }
  return out;
}

nlohmann::json Router::status() const {
  nlohmann::json routing = {
      {"forceProvider", config_.routing.force_provider ? nlohmann::json(*config_.routing.force_provider) : nlohmann::json(nullptr)},
      {"forceTier", config_.routing.force_tier ? nlohmann::json(to_string(*config_.routing.force_tier)) : nlohmann::json(nullptr)},
      {"escalate", config_.routing.escalate},
      {"decisionCache",
       {{"size", cache_.size()},
        {"capacity", config_.routing.decision_cache_size},
        {"ttlMs", config_.routing.decision_cache_ttl.count()},
        {"hits", cache_.hits()},
        {"misses", cache_.misses()}}}};
  return {{"endpoints", pool_.status()}, {"routing", routing}, {"metrics", metrics_.snapshot().to_json()}};
}

}  // namespace cc::gen
