// Backend configuration: defaults, type checks, CLI overrides, OLLAMA_HOST.
#include "generation/backends/backend_config.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace cc::gen {
namespace {

using nlohmann::json;

bool any_warning_contains(const std::vector<std::string>& warnings, const std::string& text) {
  return std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

TEST(BackendConfig, DefaultsWhenAbsent) {
  std::vector<std::string> warnings;
  auto c = backend_config_from_json(json::object(), warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(c.endpoints.size(), 2u);
  EXPECT_EQ(c.endpoints[0].name, "ollama");
  EXPECT_EQ(c.endpoints[0].kind, BackendKind::Ollama);
  EXPECT_EQ(c.endpoints[0].url, "http://127.0.0.1:11434");
  EXPECT_EQ(c.endpoints[0].tier, Tier::Quality);
  EXPECT_EQ(c.endpoints[0].model, "qwen2.5-coder:7b");
  EXPECT_EQ(c.endpoints[0].max_concurrent, 2);
  EXPECT_EQ(c.endpoints[1].name, "lmstudio");
  EXPECT_EQ(c.endpoints[1].kind, BackendKind::OpenAI);
  EXPECT_EQ(c.endpoints[1].url, "http://127.0.0.1:1234/v1");
  EXPECT_EQ(c.endpoints[1].tier, Tier::Fast);
  EXPECT_EQ(c.endpoints[1].max_concurrent, 4);
  EXPECT_EQ(c.timeouts.connect.count(), 2000);
  EXPECT_EQ(c.timeouts.read.count(), 120000);
  EXPECT_EQ(c.timeouts.request.count(), 300000);
  EXPECT_FALSE(c.routing.force_provider);
  EXPECT_FALSE(c.routing.force_tier);
  EXPECT_EQ(c.routing.decision_cache_ttl.count(), 300000);
  EXPECT_EQ(c.routing.decision_cache_size, 1024u);
  EXPECT_TRUE(c.routing.escalate);
  EXPECT_EQ(c.breaker.failure_threshold, 3);
  EXPECT_EQ(c.breaker.cooldown.count(), 30000);
  // Round trip through JSON gives the same thing.
  std::vector<std::string> w2;
  auto again = backend_config_from_json(json{{"generation", to_json(c)}}, w2);
  EXPECT_TRUE(w2.empty()) << w2.front();
  EXPECT_EQ(to_json(again), to_json(c));
}

TEST(BackendConfig, ReadsEveryKey) {
  json root = json::parse(R"({"generation":{
    "endpoints":[{"name":"gpu","kind":"openai","url":"http://10.0.0.5:8000/v1","tier":"quality","model":"qwen","maxConcurrent":8,"apiKeyEnv":"VLLM_KEY"},
                 {"name":"local","kind":"ollama","url":"http://127.0.0.1:11434","tier":"fast","model":"tiny","keepAlive":300}],
    "timeouts":{"connectMs":500,"readMs":60000,"requestMs":90000},
    "routing":{"forceProvider":"gpu","forceTier":"fast","decisionCacheTtlMs":1000,"decisionCacheSize":16,"escalate":false},
    "breaker":{"failureThreshold":5,"cooldownMs":10000},
    "voices":{"ignored":"by this parser"}}})");
  std::vector<std::string> warnings;
  auto c = backend_config_from_json(root, warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(c.endpoints.size(), 2u);
  EXPECT_EQ(c.endpoints[0].name, "gpu");
  EXPECT_EQ(c.endpoints[0].kind, BackendKind::OpenAI);
  EXPECT_EQ(c.endpoints[0].tier, Tier::Quality);
  EXPECT_EQ(c.endpoints[0].max_concurrent, 8);
  EXPECT_EQ(c.endpoints[0].api_key_env, "VLLM_KEY");
  EXPECT_EQ(c.endpoints[1].tier, Tier::Fast);
  EXPECT_EQ(c.endpoints[1].keep_alive, "300");
  EXPECT_EQ(c.timeouts.connect.count(), 500);
  EXPECT_EQ(c.routing.force_provider, "gpu");
  EXPECT_EQ(c.routing.force_tier, Tier::Fast);
  EXPECT_EQ(c.routing.decision_cache_size, 16u);
  EXPECT_FALSE(c.routing.escalate);
  EXPECT_EQ(c.breaker.failure_threshold, 5);
  EXPECT_EQ(c.breaker.cooldown.count(), 10000);
}

TEST(BackendConfig, StringWhereAListBelongsIsAWarningNotLetters) {
  std::vector<std::string> warnings;
  auto c = backend_config_from_json(json{{"generation", {{"endpoints", "ollama"}}}}, warnings);
  EXPECT_EQ(c.endpoints.size(), 2u);  // the defaults, not 6 endpoints named o, l, l, a, m, a
  EXPECT_TRUE(any_warning_contains(warnings, "generation.endpoints: expected a list"));
}

TEST(BackendConfig, WrongTypesKeepDefaultsWithNamedWarnings) {
  json root = json::parse(R"({"generation":{
    "endpoints":[{"name":"x","kind":"ollama","maxConcurrent":"four","tier":"turbo","model":7}, "not an object",
                 {"kind":"mystery"}, {"kind":"openai","url":"ftp://nope"}],
    "timeouts":{"connectMs":"2s","readMs":-5,"requestMs":1.5},
    "routing":{"forceTier":"medium","escalate":"yes","decisionCacheSize":[1],"forceProvider":"nobody"},
    "breaker":{"failureThreshold":0,"bogus":1}}})");
  std::vector<std::string> warnings;
  auto c = backend_config_from_json(root, warnings);
  ASSERT_EQ(c.endpoints.size(), 1u);
  EXPECT_EQ(c.endpoints[0].name, "x");
  EXPECT_EQ(c.endpoints[0].max_concurrent, 2);
  EXPECT_EQ(c.endpoints[0].tier, Tier::Quality);
  EXPECT_EQ(c.endpoints[0].model, "");
  EXPECT_TRUE(any_warning_contains(warnings, "endpoints[0].maxConcurrent: expected an integer"));
  EXPECT_TRUE(any_warning_contains(warnings, "endpoints[0].tier"));
  EXPECT_TRUE(any_warning_contains(warnings, "endpoints[0].model: expected a string"));
  EXPECT_TRUE(any_warning_contains(warnings, "endpoints[1]: expected an object"));
  EXPECT_TRUE(any_warning_contains(warnings, "endpoints[2].kind"));
  EXPECT_TRUE(any_warning_contains(warnings, "endpoints[3].url"));
  EXPECT_TRUE(any_warning_contains(warnings, "timeouts.connectMs: expected an integer"));
  EXPECT_TRUE(any_warning_contains(warnings, "timeouts.readMs: -5 is out of range"));
  EXPECT_TRUE(any_warning_contains(warnings, "timeouts.requestMs"));
  EXPECT_TRUE(any_warning_contains(warnings, "routing.forceTier"));
  EXPECT_TRUE(any_warning_contains(warnings, "routing.escalate"));
  EXPECT_TRUE(any_warning_contains(warnings, "routing.decisionCacheSize"));
  EXPECT_TRUE(any_warning_contains(warnings, "forceProvider: no endpoint named 'nobody'"));
  EXPECT_TRUE(any_warning_contains(warnings, "breaker.failureThreshold"));
  // Unknown keys are the schema check's (server/config_keys.h), once for every layer.
  EXPECT_FALSE(any_warning_contains(warnings, "unknown key"));
  EXPECT_EQ(c.timeouts.connect.count(), 2000);
  EXPECT_EQ(c.timeouts.read.count(), 120000);
  EXPECT_FALSE(c.routing.force_tier);
  EXPECT_FALSE(c.routing.force_provider);
  EXPECT_TRUE(c.routing.escalate);
  EXPECT_EQ(c.breaker.failure_threshold, 3);
}

TEST(BackendConfig, SectionOfTheWrongTypeAndDuplicateNames) {
  std::vector<std::string> warnings;
  auto c = backend_config_from_json(json{{"generation", "fast please"}}, warnings);
  EXPECT_EQ(c.endpoints.size(), 2u);
  EXPECT_TRUE(any_warning_contains(warnings, "generation: expected an object"));
  warnings.clear();
  auto d = backend_config_from_json(json::parse(R"({"generation":{"endpoints":[{"name":"a"},{"name":"a"}],"timeouts":[]}})"), warnings);
  ASSERT_EQ(d.endpoints.size(), 2u);
  EXPECT_NE(d.endpoints[0].name, d.endpoints[1].name);
  EXPECT_TRUE(any_warning_contains(warnings, "duplicate name 'a'"));
  EXPECT_TRUE(any_warning_contains(warnings, "generation.timeouts: expected an object"));
}

TEST(OllamaHost, NormalisesLikeOllama) {
  EXPECT_EQ(normalize_ollama_host("example.com"), "http://example.com:11434");
  EXPECT_EQ(normalize_ollama_host("example.com:5000"), "http://example.com:5000");
  EXPECT_EQ(normalize_ollama_host(":5000"), "http://127.0.0.1:5000");
  EXPECT_EQ(normalize_ollama_host("0.0.0.0"), "http://127.0.0.1:11434");
  EXPECT_EQ(normalize_ollama_host("http://example.com"), "http://example.com:80");
  EXPECT_EQ(normalize_ollama_host("https://example.com"), "https://example.com:443");
  EXPECT_EQ(normalize_ollama_host("https://example.com:4443/ollama/"), "https://example.com:4443/ollama");
  EXPECT_EQ(normalize_ollama_host("[::1]:7000"), "http://[::1]:7000");
  EXPECT_EQ(normalize_ollama_host("  10.1.2.3  "), "http://10.1.2.3:11434");
  EXPECT_EQ(normalize_ollama_host(""), std::nullopt);
  EXPECT_EQ(normalize_ollama_host("ftp://x"), std::nullopt);
}

TEST(EndpointOverrides, CliUrlsReplaceEndpointsOfTheirKind) {
  BackendConfig c = default_backend_config();
  c.endpoints.push_back(EndpointConfig{"ollama2", BackendKind::Ollama, "http://10.0.0.2:11434", Tier::Quality, "m", 2, "", "15m"});
  apply_endpoint_overrides(c, std::string("127.0.0.1:9999"), std::string("http://127.0.0.1:8080/v1"), std::nullopt);
  ASSERT_EQ(c.endpoints.size(), 2u);
  EXPECT_EQ(c.endpoints[0].name, "ollama");
  EXPECT_EQ(c.endpoints[0].url, "http://127.0.0.1:9999");
  EXPECT_EQ(c.endpoints[0].model, "qwen2.5-coder:7b");
  EXPECT_EQ(c.endpoints[1].name, "lmstudio");
  EXPECT_EQ(c.endpoints[1].url, "http://127.0.0.1:8080/v1");
}

TEST(EndpointOverrides, AddsAnEndpointWhenTheKindIsMissing) {
  BackendConfig c;
  apply_endpoint_overrides(c, std::nullopt, std::string("http://127.0.0.1:8080/v1"), std::nullopt);
  ASSERT_EQ(c.endpoints.size(), 1u);
  EXPECT_EQ(c.endpoints[0].kind, BackendKind::OpenAI);
  EXPECT_EQ(c.endpoints[0].tier, Tier::Fast);
  EXPECT_EQ(c.endpoints[0].model, "");
}

TEST(EndpointOverrides, OllamaHostMovesOnlyTheDefaultUrl) {
  BackendConfig c = default_backend_config();
  c.endpoints.push_back(EndpointConfig{"pinned", BackendKind::Ollama, "http://10.0.0.2:11434", Tier::Quality, "m", 2, "", "15m"});
  apply_endpoint_overrides(c, std::nullopt, std::nullopt, std::string("gpu-box:11500"));
  EXPECT_EQ(c.endpoints[0].url, "http://gpu-box:11500");
  EXPECT_EQ(c.endpoints[2].url, "http://10.0.0.2:11434");  // explicit configuration wins
  // The command line wins over the environment.
  BackendConfig d = default_backend_config();
  apply_endpoint_overrides(d, std::string("http://127.0.0.1:1"), std::nullopt, std::string("gpu-box"));
  EXPECT_EQ(d.endpoints[0].url, "http://127.0.0.1:1");
}

TEST(EndpointOverrides, ReadsOllamaHostFromTheEnvironment) {
  ::setenv("OLLAMA_HOST", "envhost:1234", 1);
  BackendConfig c = default_backend_config();
  apply_endpoint_overrides(c, std::nullopt, std::nullopt);
  ::unsetenv("OLLAMA_HOST");
  EXPECT_EQ(c.endpoints[0].url, "http://envhost:1234");
}

}  // namespace
}  // namespace cc::gen
