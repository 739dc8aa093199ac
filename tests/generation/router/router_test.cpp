// Router: complexity, tier decisions, escalation, fallback, breaker + decision cache,
// endpoint selection, metrics and status. In-memory backends (no I/O) plus one end-to-end
// test over the fake HTTP servers.
#include "generation/router/router.h"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>
#include <string>

#include "generation/router/complexity.h"
#include "generation/router/escalation.h"
#include "tests/support/fake_backend_server.h"

namespace cc::gen {
namespace {

// An endpoint backend that answers from a queue of outcomes (default: "ok").
class QueueBackend final : public EndpointBackend {
 public:
  explicit QueueBackend(EndpointConfig config) : config_(std::move(config)) {}
  const EndpointConfig& config() const override { return config_; }

  void push(std::string text, std::string finish = "stop") {
    std::lock_guard lock(mutex_);
    BackendOutcome o;
    o.result.text = std::move(text);
    o.result.finish_reason = std::move(finish);
    o.http_status = 200;
    queue_.push_back(o);
  }
  void push_error(ErrorKind kind, int status = 0, std::string message = "scripted error") {
    std::lock_guard lock(mutex_);
    BackendOutcome o;
    o.result.error = kind;
    o.result.error_message = std::move(message);
    o.http_status = status;
    queue_.push_back(o);
  }
  int calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  BackendOutcome generate_detailed(const GenerationRequest&, const TokenCallback& on_token, const CancelToken& cancel) override {
    BackendOutcome o;
    {
      std::lock_guard lock(mutex_);
      ++calls_;
      if (!queue_.empty()) {
        o = queue_.front();
        queue_.pop_front();
      } else {
        o.result.text = config_.name + " answer";
        o.result.finish_reason = "stop";
        o.http_status = 200;
      }
    }
    if (cancel.cancelled()) {
      o.result = GenerationResult{};
      o.result.error = ErrorKind::Cancelled;
    }
    o.result.endpoint = config_.name;
    o.result.backend = to_string(config_.kind);
    o.result.tier = config_.tier;
    o.result.latency_ms = 5;
    if (o.result.ok() && on_token && !o.result.text.empty()) on_token(o.result.text);
    return o;
  }
  ProbeResult probe(const CancelToken&) override { return ProbeResult{true, "test", {"m"}, 1, "", true, false}; }

 private:
  EndpointConfig config_;
  mutable std::mutex mutex_;
  std::deque<BackendOutcome> queue_;
  int calls_ = 0;
};

EndpointConfig ep(std::string name, BackendKind kind, Tier tier, int max_concurrent = 4) {
  EndpointConfig e;
  e.name = std::move(name);
  e.kind = kind;
  e.url = kind == BackendKind::Ollama ? "http://127.0.0.1:1" : "http://127.0.0.1:2/v1";
  e.tier = tier;
  e.model = "m";
  e.max_concurrent = max_concurrent;
  return e;
}

struct Harness {
  FakeClock clock;
  std::vector<QueueBackend*> backends;
  std::unique_ptr<Router> router;

  explicit Harness(std::vector<EndpointConfig> endpoints, RoutingConfig routing = {}, BreakerConfig breaker = {}) {
    BackendConfig config;
    config.endpoints = endpoints;
    config.routing = routing;
    config.breaker = breaker;
    std::vector<std::unique_ptr<EndpointBackend>> owned;
    for (const auto& e : endpoints) {
      auto b = std::make_unique<QueueBackend>(e);
      backends.push_back(b.get());
      owned.push_back(std::move(b));
    }
    router = std::make_unique<Router>(config, std::move(owned), clock.fn());
  }
  QueueBackend& backend(std::size_t i) { return *backends[i]; }
};

// Two-endpoint setup: 0 = "lm" (fast, openai), 1 = "ollama" (quality).
Harness two_tiers(RoutingConfig routing = {}, BreakerConfig breaker = {}) {
  return Harness({ep("lm", BackendKind::OpenAI, Tier::Fast), ep("ollama", BackendKind::Ollama, Tier::Quality)}, routing, breaker);
}

GenerationRequest request(TaskType task, std::string text = "do it") {
  GenerationRequest r;
  r.task = task;
  r.messages = {{"system", "You review security designs."}, {"user", std::move(text)}};
  return r;
}

// ------------------------------------------------------------------ complexity

TEST(Complexity, BasePerTask) {
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Format), 0.1);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Template), 0.2);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Edit), 0.3);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Documentation), 0.4);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Debugging), 0.6);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::MultiFile), 0.7);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Analysis), 0.8);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Security), 0.9);
  EXPECT_DOUBLE_EQ(base_complexity(TaskType::Architecture), 0.9);
}

TEST(Complexity, TokenEstimateCountsWordsAndPunctuation) {
  EXPECT_EQ(estimate_tokens(""), 0u);
  EXPECT_EQ(estimate_tokens("a b c"), 3u);
  EXPECT_EQ(estimate_tokens("foo(bar);"), 5u);         // foo ( bar ) ;
  EXPECT_EQ(estimate_tokens("internationalization"), 5u);  // 20 letters / 4
  std::string big(8000, 'x');
  EXPECT_EQ(estimate_tokens(big), 2000u);
}

TEST(Complexity, RaisedByLengthWordingFilesAndLines) {
  auto base = request(TaskType::Documentation, "explain this function");
  EXPECT_DOUBLE_EQ(estimate_complexity(base), 0.4);  // the system prompt's wording does not count
  auto worded = request(TaskType::Documentation, "Please REVIEW this function");
  EXPECT_NEAR(estimate_complexity(worded), 0.55, 1e-9);
  auto longer = request(TaskType::Documentation, std::string(6000, 'a') + " " + std::string(6000, 'b'));  // 3000 tokens
  EXPECT_NEAR(estimate_complexity(longer), 0.55, 1e-9);
  auto files = base;
  files.files_involved = 2;
  files.lines_involved = 300;
  EXPECT_NEAR(estimate_complexity(files), 0.6, 1e-9);
  auto huge = request(TaskType::Security, std::string(40000, 'z'));
  huge.files_involved = 10;
  EXPECT_DOUBLE_EQ(estimate_complexity(huge), 1.0);
}

TEST(Complexity, WordingMatchesVariantsCaseInsensitively) {
  EXPECT_TRUE(has_escalating_wording("is this SECURE?"));
  EXPECT_TRUE(has_escalating_wording("find vulnerabilities"));
  EXPECT_TRUE(has_escalating_wording("architectural review"));
  EXPECT_FALSE(has_escalating_wording("rename the variable"));
  EXPECT_FALSE(has_escalating_wording("desk"));
}

// ------------------------------------------------------------------ escalation rules

TEST(Escalation, Reasons) {
  GenerationResult ok;
  ok.text = "```cpp\nint x;\n```";
  ok.finish_reason = "stop";
  auto edit = request(TaskType::Edit);
  EXPECT_EQ(escalation_reason(edit, ok), std::nullopt);
  GenerationResult empty = ok;
  empty.text = "  \n";
  EXPECT_EQ(escalation_reason(edit, empty), "empty answer");
  GenerationResult cut = ok;
  cut.finish_reason = "length";
  EXPECT_EQ(escalation_reason(edit, cut), "cut off at max_tokens");
  GenerationResult prose = ok;
  prose.text = "You should rename it.";
  EXPECT_EQ(escalation_reason(edit, prose), "no code block");
  EXPECT_EQ(escalation_reason(request(TaskType::Explain), prose), std::nullopt);  // explanations need no code
  GenerationResult unsure = ok;
  unsure.text = "```\nx\n```\nConfidence: LOW";
  EXPECT_EQ(escalation_reason(edit, unsure), "low confidence");
  auto fim = edit;
  fim.prompt = "int ";
  EXPECT_EQ(escalation_reason(fim, prose), std::nullopt);  // FIM answers are raw code
}

// ------------------------------------------------------------------ decisions per tier

TEST(RouterDecide, TiersByComplexity) {
  auto h = two_tiers();
  auto fast = h.router->decide(request(TaskType::Format));
  EXPECT_EQ(fast.tier, Tier::Fast);
  EXPECT_EQ(fast.endpoint, "lm");
  EXPECT_FALSE(fast.escalatable);
  auto quality = h.router->decide(request(TaskType::Security));
  EXPECT_EQ(quality.tier, Tier::Quality);
  EXPECT_EQ(quality.endpoint, "ollama");
  auto middle = h.router->decide(request(TaskType::Debugging));
  EXPECT_EQ(middle.tier, Tier::Fast);
  EXPECT_TRUE(middle.escalatable);
  EXPECT_NEAR(middle.complexity, 0.6, 1e-9);
  auto completion = h.router->decide(request(TaskType::Completion, std::string(50000, 'q')));
  EXPECT_EQ(completion.tier, Tier::Fast);  // inline completion always wants the fast tier
}

TEST(RouterDecide, ForcedTierAndProvider) {
  RoutingConfig forced_tier;
  forced_tier.force_tier = Tier::Quality;
  auto h = two_tiers(forced_tier);
  EXPECT_EQ(h.router->decide(request(TaskType::Format)).endpoint, "ollama");

  auto g = two_tiers();
  auto r = request(TaskType::Security);
  r.force_provider = "lm";
  EXPECT_EQ(g.router->decide(r).endpoint, "lm");
  r.force_provider = "openai";  // a kind works too
  EXPECT_EQ(g.router->decide(r).endpoint, "lm");
  auto f = request(TaskType::Format);
  f.force_tier = Tier::Quality;
  EXPECT_EQ(g.router->decide(f).tier, Tier::Quality);

  RoutingConfig forced_provider;
  forced_provider.force_provider = "ollama";
  auto p = two_tiers(forced_provider);
  EXPECT_EQ(p.router->decide(request(TaskType::Format)).endpoint, "ollama");
}

TEST(RouterDecide, MissingTierFallsBackToTheOther) {
  Harness h({ep("ollama", BackendKind::Ollama, Tier::Quality)});
  auto d = h.router->decide(request(TaskType::Format));
  EXPECT_EQ(d.tier, Tier::Quality);
  EXPECT_EQ(d.endpoint, "ollama");
  Harness none({});
  EXPECT_EQ(none.router->decide(request(TaskType::Format)).endpoint, "");
}

// ------------------------------------------------------------------ generate: escalation

TEST(RouterGenerate, FastAnswerAcceptedWithoutEscalation) {
  auto h = two_tiers();
  h.backend(0).push("```\nfixed\n```");
  auto r = h.router->generate(request(TaskType::Debugging), nullptr, CancelToken());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.endpoint, "lm");
  EXPECT_FALSE(r.escalated);
  EXPECT_EQ(h.backend(1).calls(), 0);
}

TEST(RouterGenerate, EscalatesOnEmptyLengthAndMissingCodeBlock) {
  struct Case {
    TaskType task;
    std::string text;
    std::string finish;
    std::string reason;
  };
  std::vector<Case> cases = {{TaskType::Debugging, "", "stop", "empty answer"},
                             {TaskType::Debugging, "partial", "length", "cut off at max_tokens"},
                             {TaskType::Documentation, "LOW_CONFIDENCE maybe", "stop", "low confidence"}};
  for (const auto& c : cases) {
    auto h = two_tiers();
    h.backend(0).push(c.text, c.finish);
    h.backend(1).push("quality answer");
    std::vector<std::string> restarts;
    std::string streamed;
    RouteCallbacks cb{[&](std::string_view t) { streamed += t; }, [&](const std::string& why) {
                        restarts.push_back(why);
                        streamed.clear();
                      }};
    auto r = h.router->generate(request(c.task), cb, CancelToken());
    ASSERT_TRUE(r.ok()) << c.reason;
    EXPECT_TRUE(r.escalated) << c.reason;
    EXPECT_EQ(r.endpoint, "ollama");
    EXPECT_EQ(r.text, "quality answer");
    EXPECT_EQ(streamed, "quality answer") << c.reason;
    EXPECT_EQ(h.router->metrics().escalations, 1u);
    EXPECT_EQ(h.router->metrics().escalation_reasons.at(c.reason), 1u);
    if (!c.text.empty()) {
      ASSERT_EQ(restarts.size(), 1u) << c.reason;  // tokens had been shown: the caller is told
      EXPECT_EQ(restarts[0], "escalation: " + c.reason);
    }
  }
  // Edit (0.3, middle band) answered without a code block.
  auto h = two_tiers();
  h.backend(0).push("just rename it");
  h.backend(1).push("```\nint renamed;\n```");
  auto r = h.router->generate(request(TaskType::Edit, "rename x"), nullptr, CancelToken());
  EXPECT_TRUE(r.escalated);
  EXPECT_EQ(h.router->metrics().escalation_reasons.at("no code block"), 1u);
}

TEST(RouterGenerate, NoEscalationWhenDisabledOrOutsideTheMiddleBand) {
  RoutingConfig off;
  off.escalate = false;
  auto h = two_tiers(off);
  h.backend(0).push("");
  auto r = h.router->generate(request(TaskType::Debugging), nullptr, CancelToken());
  EXPECT_FALSE(r.escalated);
  EXPECT_EQ(h.backend(1).calls(), 0);

  auto g = two_tiers();
  g.backend(0).push("");  // Format is < 0.3: fast only, an empty answer stays
  auto f = g.router->generate(request(TaskType::Format), nullptr, CancelToken());
  EXPECT_FALSE(f.escalated);
  EXPECT_EQ(g.backend(1).calls(), 0);
}

TEST(RouterGenerate, FailedEscalationKeepsTheFastAnswer) {
  auto h = two_tiers();
  h.backend(0).push("partial", "length");
  h.backend(1).push_error(ErrorKind::Unavailable);
  auto r = h.router->generate(request(TaskType::Debugging), nullptr, CancelToken());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.text, "partial");
  EXPECT_FALSE(r.escalated);
}

// ------------------------------------------------------------------ generate: fallback

TEST(RouterGenerate, FallsBackToTheOtherTierWhenOneIsDown) {
  auto h = two_tiers();
  h.backend(1).push_error(ErrorKind::Unavailable, 0, "cannot connect to ollama");
  auto r = h.router->generate(request(TaskType::Security), nullptr, CancelToken());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.endpoint, "lm");
  EXPECT_EQ(h.router->metrics().fallbacks, 1u);
  EXPECT_EQ(h.router->metrics().quality.failures, 1u);
  EXPECT_EQ(h.router->metrics().fast.successes, 1u);
}

TEST(RouterGenerate, FallsBackAcrossEndpointsOfATier) {
  Harness h({ep("q1", BackendKind::Ollama, Tier::Quality), ep("q2", BackendKind::Ollama, Tier::Quality)});
  h.backend(0).push_error(ErrorKind::Http, 503, "overloaded");
  auto r = h.router->generate(request(TaskType::Security), nullptr, CancelToken());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.endpoint, "q2");
}

TEST(RouterGenerate, AllFailingNamesEveryEndpoint) {
  auto h = two_tiers();
  h.backend(0).push_error(ErrorKind::Unavailable, 0, "lm refused");
  h.backend(1).push_error(ErrorKind::Timeout, 0, "ollama timed out");
  auto r = h.router->generate(request(TaskType::Security), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Unavailable);
  EXPECT_NE(r.error_message.find("lm refused"), std::string::npos) << r.error_message;
  EXPECT_NE(r.error_message.find("ollama timed out"), std::string::npos);
  EXPECT_NE(r.error_message.find("ollama serve"), std::string::npos);
}

TEST(RouterGenerate, ForcedEndpointDoesNotFallBack) {
  auto h = two_tiers();
  h.backend(0).push_error(ErrorKind::Unavailable);
  auto req = request(TaskType::Security);
  req.force_provider = "lm";
  auto r = h.router->generate(req, nullptr, CancelToken());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(h.backend(1).calls(), 0);
}

TEST(RouterGenerate, ClientErrorsDoNotTripTheBreaker) {
  auto h = two_tiers();
  for (int i = 0; i < 5; ++i) h.backend(1).push_error(ErrorKind::Http, 400, "bad request");
  for (int i = 0; i < 5; ++i) h.router->generate(request(TaskType::Security), nullptr, CancelToken());
  EXPECT_EQ(h.router->endpoints().at(1).health->breaker().state(), BreakerState::Closed);
}

TEST(RouterGenerate, CancelledBeforeStartSendsNothing) {
  auto h = two_tiers();
  CancelSource source;
  source.cancel();
  auto r = h.router->generate(request(TaskType::Security), nullptr, source.token());
  EXPECT_EQ(r.error, ErrorKind::Cancelled);
  EXPECT_EQ(h.backend(0).calls() + h.backend(1).calls(), 0);
  EXPECT_EQ(h.router->metrics().cancelled, 1u);
}

// ------------------------------------------------------------------ breaker + decision cache

TEST(RouterBreaker, OpensAfterThresholdAndRecoversThroughHalfOpenProbe) {
  BreakerConfig breaker;
  breaker.failure_threshold = 3;
  breaker.cooldown = std::chrono::seconds(30);
  auto h = two_tiers({}, breaker);
  for (int i = 0; i < 3; ++i) h.backend(1).push_error(ErrorKind::Unavailable);
  auto req = request(TaskType::Security);
  for (int i = 0; i < 3; ++i) h.router->generate(req, nullptr, CancelToken());  // each falls back to lm
  auto& ollama = *h.router->endpoints().at(1).health;
  EXPECT_EQ(ollama.breaker().state(), BreakerState::Open);
  int calls = h.backend(1).calls();
  auto r = h.router->generate(req, nullptr, CancelToken());
  EXPECT_EQ(r.endpoint, "lm");                 // open breaker: not even tried
  EXPECT_EQ(h.backend(1).calls(), calls);
  EXPECT_EQ(h.router->decide(req).endpoint, "lm");

  h.clock.advance(std::chrono::seconds(31));   // cool-down over: one probe goes through
  auto probe = h.router->generate(req, nullptr, CancelToken());
  EXPECT_EQ(probe.endpoint, "ollama");
  EXPECT_EQ(ollama.breaker().state(), BreakerState::Closed);
}

TEST(RouterCache, HitsAreCountedAndNeverRouteToAnOpenBreaker) {
  auto h = two_tiers();
  auto req = request(TaskType::Security);
  auto first = h.router->decide(req);
  EXPECT_FALSE(first.cached);
  auto second = h.router->decide(req);
  EXPECT_TRUE(second.cached);
  EXPECT_EQ(second.endpoint, "ollama");
  EXPECT_EQ(h.router->metrics().cache_hits, 1u);

  // Trip ollama's breaker directly: the cached decision must not survive.
  auto& breaker = h.router->endpoints().at(1).health->breaker();
  for (int i = 0; i < 3; ++i) breaker.record_failure();
  ASSERT_EQ(breaker.state(), BreakerState::Open);
  auto third = h.router->decide(req);
  EXPECT_FALSE(third.cached);
  EXPECT_EQ(third.endpoint, "lm");
  EXPECT_EQ(third.tier, Tier::Fast);
  auto fourth = h.router->decide(req);
  EXPECT_FALSE(fourth.cached);  // fallback decisions are not cached
  EXPECT_EQ(fourth.endpoint, "lm");
  // And generate() with the cached decision does not call the open endpoint either.
  h.router->generate(req, nullptr, CancelToken());
  EXPECT_EQ(h.backend(1).calls(), 0);
}

TEST(RouterCache, EntriesExpireAfterTheTtl) {
  RoutingConfig routing;
  routing.decision_cache_ttl = std::chrono::minutes(5);
  auto h = two_tiers(routing);
  auto req = request(TaskType::Format);
  h.router->decide(req);
  EXPECT_TRUE(h.router->decide(req).cached);
  h.clock.advance(std::chrono::minutes(5));
  EXPECT_FALSE(h.router->decide(req).cached);
}

TEST(DecisionCacheLru, EvictsLeastRecentlyUsed) {
  FakeClock clock;
  DecisionCache cache(2, std::chrono::minutes(5), clock.fn());
  DecisionKey a{TaskType::Edit, 1, -1, ""}, b{TaskType::Edit, 2, -1, ""}, c{TaskType::Edit, 3, -1, ""};
  cache.put(a, {Tier::Fast, "a", false});
  cache.put(b, {Tier::Fast, "b", false});
  ASSERT_TRUE(cache.get(a));  // a is now most recent
  cache.put(c, {Tier::Fast, "c", false});
  EXPECT_TRUE(cache.get(a));
  EXPECT_FALSE(cache.get(b));  // least recently used went first (not oldest-inserted)
  EXPECT_TRUE(cache.get(c));
  EXPECT_EQ(cache.size(), 2u);
  DecisionCache disabled(0, std::chrono::minutes(5), clock.fn());
  disabled.put(a, {Tier::Fast, "a", false});
  EXPECT_FALSE(disabled.get(a));
}

// ------------------------------------------------------------------ breaker unit

TEST(CircuitBreaker, Transitions) {
  FakeClock clock;
  CircuitBreaker b(BreakerConfig{3, std::chrono::seconds(30)}, clock.fn());
  EXPECT_EQ(b.state(), BreakerState::Closed);
  b.record_failure();
  b.record_failure();
  b.record_success();  // resets the consecutive count
  b.record_failure();
  b.record_failure();
  EXPECT_EQ(b.state(), BreakerState::Closed);
  b.record_failure();
  EXPECT_EQ(b.state(), BreakerState::Open);
  EXPECT_FALSE(b.available());
  EXPECT_FALSE(b.try_acquire());
  clock.advance(std::chrono::seconds(29));
  EXPECT_FALSE(b.try_acquire());
  clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(b.available());
  EXPECT_TRUE(b.try_acquire());  // the single half-open probe
  EXPECT_EQ(b.state(), BreakerState::HalfOpen);
  EXPECT_FALSE(b.available());
  EXPECT_FALSE(b.try_acquire());
  b.record_failure();  // probe failed: open again, cool-down restarts
  EXPECT_EQ(b.state(), BreakerState::Open);
  clock.advance(std::chrono::seconds(30));
  EXPECT_TRUE(b.try_acquire());
  b.release();  // probe cancelled: slot freed, still half-open
  EXPECT_EQ(b.state(), BreakerState::HalfOpen);
  EXPECT_TRUE(b.try_acquire());
  b.record_success();
  EXPECT_EQ(b.state(), BreakerState::Closed);
  EXPECT_TRUE(b.try_acquire());
  EXPECT_TRUE(b.try_acquire());  // closed: no limit
}

// ------------------------------------------------------------------ endpoint selection

TEST(EndpointSelection, PrefersLowLatencyAndFewerOutstanding) {
  FakeClock clock;
  std::vector<EndpointConfig> configs = {ep("a", BackendKind::Ollama, Tier::Quality, 2), ep("b", BackendKind::Ollama, Tier::Quality, 2),
                                         ep("fast", BackendKind::OpenAI, Tier::Fast)};
  std::vector<std::unique_ptr<EndpointBackend>> backends;
  for (const auto& c : configs) backends.push_back(std::make_unique<QueueBackend>(c));
  EndpointPool pool(configs, std::move(backends), TimeoutConfig{}, BreakerConfig{}, clock.fn());
  EXPECT_EQ(pool.pick(Tier::Quality), 0u);  // untried: config order
  pool.at(0).health->begin_request();
  EXPECT_EQ(pool.pick(Tier::Quality), 1u);  // spread while untried
  pool.at(0).health->end_success(800, 100);
  pool.at(1).health->begin_request();
  pool.at(1).health->end_success(200, 50);
  EXPECT_EQ(pool.pick(Tier::Quality), 1u);  // lower EWMA latency
  pool.at(1).health->begin_request();
  pool.at(1).health->begin_request();  // b saturated (2/2)
  EXPECT_EQ(pool.pick(Tier::Quality), 0u);
  EXPECT_EQ(pool.ranked(Tier::Quality), (std::vector<std::size_t>{0, 1}));
  for (int i = 0; i < 3; ++i) pool.at(0).health->end_failure(true);
  EXPECT_EQ(pool.ranked(Tier::Quality), (std::vector<std::size_t>{1}));  // open breaker excluded
  EXPECT_EQ(pool.pick(Tier::Fast), 2u);
  auto status = pool.status();
  EXPECT_EQ(status[0]["breaker"], "open");
  EXPECT_EQ(status[0]["healthy"], false);
  EXPECT_EQ(status[1]["outstanding"], 2);
  EXPECT_EQ(status[1]["health"], "healthy");
}

TEST(RouterStatus, ReportsEndpointsRoutingAndMetrics) {
  auto h = two_tiers();
  h.router->generate(request(TaskType::Format), nullptr, CancelToken());
  auto s = h.router->status();
  ASSERT_EQ(s["endpoints"].size(), 2u);
  EXPECT_EQ(s["endpoints"][0]["name"], "lm");
  EXPECT_EQ(s["endpoints"][0]["kind"], "openai");
  EXPECT_EQ(s["endpoints"][0]["tier"], "fast");
  EXPECT_EQ(s["endpoints"][0]["successes"], 1);
  EXPECT_EQ(s["endpoints"][0]["breaker"], "closed");
  EXPECT_TRUE(s["endpoints"][0].contains("ewmaLatencyMs"));
  EXPECT_EQ(s["metrics"]["requests"], 1);
  EXPECT_EQ(s["metrics"]["tiers"]["fast"]["successes"], 1);
  EXPECT_EQ(s["routing"]["decisionCache"]["ttlMs"], 300000);
  EXPECT_EQ(h.router->max_concurrent("lm"), 4);
}

// ------------------------------------------------------------------ end to end over HTTP

TEST(RouterOverHttp, FallbackFromDeadOllamaToOpenAI) {
  cc::testing::FakeBackendServer openai(cc::testing::WireFormat::OpenAI);
  int dead_port;
  {
    cc::testing::FakeBackendServer gone(cc::testing::WireFormat::Ollama);
    dead_port = gone.port();
  }
  BackendConfig config;
  config.endpoints = {EndpointConfig{"ollama", BackendKind::Ollama, "http://127.0.0.1:" + std::to_string(dead_port), Tier::Quality, "m", 2, "", "15m"},
                      EndpointConfig{"lm", BackendKind::OpenAI, openai.url(), Tier::Fast, "local", 4, "", "15m"}};
  Router router(config);
  openai.push(cc::testing::Script{.tokens = {"```", "\nok\n", "```"}});
  std::string streamed;
  auto r = router.generate(request(TaskType::Security, "check this"), [&](std::string_view t) { streamed += t; }, CancelToken());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.endpoint, "lm");
  EXPECT_EQ(streamed, "```\nok\n```");
  EXPECT_EQ(router.metrics().fallbacks, 1u);
  auto status = router.status();
  EXPECT_EQ(status["endpoints"][0]["failures"], 1);
  EXPECT_EQ(status["endpoints"][1]["successes"], 1);
}

}  // namespace
}  // namespace cc::gen
