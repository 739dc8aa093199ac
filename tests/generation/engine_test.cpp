// Engine facade: voices, redaction, cache, scheduling, synthesis, config, and end to end over
// the fake Ollama / OpenAI HTTP servers (a secret in the user's code never reaches a body).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/free_port.h"
#include "generation/engine.h"
#include "generation/router/router.h"
#include "tests/support/fake_backend_server.h"
#include "tests/support/scripted_generator.h"

namespace cc::gen {
namespace {

namespace fs = std::filesystem;
using testing::Collector;
using testing::ScriptedGenerator;

std::string aws_key() { return std::string("AKIA") + "Z3Q7XK2M4PLR9WTB"; }

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("cc-engine-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::remove_all(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

EngineConfig test_config(const TempDir& dir) {
  EngineConfig c;
  c.cache.dir = dir.str();
  c.scheduler.workers = 2;
  return c;
}

GenerationRequest ask(const std::string& text) {
  GenerationRequest r;
  r.messages = {{"user", text}};
  r.temperature = 0;
  return r;
}

std::string all_content(const GenerationRequest& r) {
  std::string out;
  for (const auto& m : r.messages) out += m.content + "\n";
  if (r.prompt) out += *r.prompt;
  if (r.suffix) out += *r.suffix;
  return out;
}

TEST(Engine, AppliesVoiceAndRedactsBeforeTheGeneratorSeesTheRequest) {
  TempDir dir;
  auto gen = std::make_shared<ScriptedGenerator>();
  auto engine = Engine::with_generator(gen, test_config(dir));
  auto req = ask("Review: const key = \"" + aws_key() + "\";");
  req.voice = "Security Engineer";
  auto r = engine->generate_blocking(req);
  ASSERT_TRUE(r.ok()) << r.error_message;
  ASSERT_EQ(gen->calls(), 1u);
  auto seen = gen->started()[0];
  EXPECT_EQ(seen.voice, "security");
  EXPECT_EQ(seen.messages[0].role, "system");
  EXPECT_EQ(seen.messages[0].content, engine->voices().find("security").value->system_prompt);
  EXPECT_DOUBLE_EQ(seen.temperature, 0.3);
  EXPECT_EQ(seen.force_tier, Tier::Quality);
  EXPECT_EQ(all_content(seen).find(aws_key()), std::string::npos);
  EXPECT_NE(all_content(seen).find("[REDACTED:"), std::string::npos);
  EXPECT_GE(engine->status()["redactions"].get<int>(), 1);
}

TEST(Engine, UnknownVoiceAndEmptyRequestAreInvalidWithOneCallback) {
  TempDir dir;
  auto gen = std::make_shared<ScriptedGenerator>();
  auto engine = Engine::with_generator(gen, test_config(dir));
  auto req = ask("x");
  req.voice = "wizard";
  Collector<GenerationResult> done;
  engine->submit(req, {}, done.callback());
  engine->submit(GenerationRequest{}, {}, done.callback());
  ASSERT_TRUE(done.wait(2));
  auto results = done.values();
  EXPECT_EQ(results[0].error, ErrorKind::InvalidRequest);
  EXPECT_EQ(results[1].error, ErrorKind::InvalidRequest);
  std::string messages = results[0].error_message + results[1].error_message;
  EXPECT_NE(messages.find("valid voices: explorer"), std::string::npos);
  EXPECT_NE(messages.find("neither messages nor a prompt"), std::string::npos);
  EXPECT_EQ(gen->calls(), 0u);
}

TEST(Engine, CachesReproducibleAnswersAcrossEngineInstances) {
  TempDir dir;
  auto gen = std::make_shared<ScriptedGenerator>();
  {
    auto engine = Engine::with_generator(gen, test_config(dir));
    auto first = engine->generate_blocking(ask("cache me"));
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(first.from_cache);
    std::string streamed;
    auto second = engine->generate_blocking(ask("cache me"), [&](std::string_view t) { streamed += t; });
    EXPECT_TRUE(second.from_cache);
    EXPECT_EQ(second.text, first.text);
    EXPECT_EQ(streamed, first.text);  // a hit still streams its text
    EXPECT_EQ(gen->calls(), 1u);
    auto cache = engine->status()["cache"];
    EXPECT_EQ(cache["hits"], 1);
    EXPECT_EQ(cache["tiers"][0]["name"], "memory");
  }
  auto engine = Engine::with_generator(gen, test_config(dir));  // memory is empty: disk serves it
  auto third = engine->generate_blocking(ask("cache me"));
  EXPECT_TRUE(third.from_cache);
  EXPECT_EQ(gen->calls(), 1u);
  EXPECT_EQ(engine->status()["cache"]["tiers"][1]["hits"], 1);
}

TEST(Engine, DoesNotCacheSampledOrOptedOutAnswers) {
  TempDir dir;
  auto gen = std::make_shared<ScriptedGenerator>();
  auto engine = Engine::with_generator(gen, test_config(dir));
  auto sampled = ask("sampled");
  sampled.temperature = 0.8;
  engine->generate_blocking(sampled);
  engine->generate_blocking(sampled);
  EXPECT_EQ(gen->calls(), 2u);  // a sampled draw is not frozen into the cache
  sampled.seed = 7;
  engine->generate_blocking(sampled);
  EXPECT_TRUE(engine->generate_blocking(sampled).from_cache);  // a seed makes it reproducible
  EXPECT_EQ(gen->calls(), 3u);
  auto opted_out = ask("no cache");
  opted_out.use_cache = false;
  engine->generate_blocking(opted_out);
  engine->generate_blocking(opted_out);
  EXPECT_EQ(gen->calls(), 5u);
}

TEST(Engine, TruncatedAnswersAreNotCached) {
  TempDir dir;
  auto gen = std::make_shared<ScriptedGenerator>([](const GenerationRequest&) {
    return testing::ScriptedAnswer{{"partial"}, "length"};
  });
  auto engine = Engine::with_generator(gen, test_config(dir));
  engine->generate_blocking(ask("long"));
  auto again = engine->generate_blocking(ask("long"));
  EXPECT_FALSE(again.from_cache);
  EXPECT_EQ(gen->calls(), 2u);
}

TEST(Engine, DestructorCancelsOutstandingWorkWithExactlyOneCallback) {
  TempDir dir;
  auto gen = std::make_shared<ScriptedGenerator>();
  gen->set_gated(true);
  Collector<GenerationResult> done;
  {
    auto config = test_config(dir);
    config.scheduler.workers = 1;
    auto engine = Engine::with_generator(gen, config);
    engine->submit(ask("running"), {}, done.callback());
    ASSERT_TRUE(gen->wait_started(1));
    engine->submit(ask("queued"), {}, done.callback());
  }
  ASSERT_TRUE(done.wait(2));
  EXPECT_EQ(done.size(), 2u);
  for (const auto& r : done.values()) EXPECT_EQ(r.error, ErrorKind::Cancelled);
}

TEST(Engine, SynthesizeRunsVoicesConcurrentlyAndRecordsEachAnswer) {
  TempDir dir;
  auto gen = std::make_shared<ScriptedGenerator>([](const GenerationRequest& r) {
    if (r.voice.empty()) return testing::ScriptedAnswer{{"merged answer"}};
    return testing::ScriptedAnswer{{"from ", r.voice}};
  });
  gen->set_gated(true);
  auto engine = Engine::with_generator(gen, test_config(dir));
  SynthesisRequest req;
  req.base = ask("design a cache");
  req.voices = {"architect", "optimizer"};
  Collector<SynthesisResult> done;
  engine->synthesize(req, {}, done.callback());
  ASSERT_TRUE(gen->wait_started(2));  // both voices in flight at once
  gen->set_gated(false);
  ASSERT_TRUE(done.wait(1));
  auto r = done.values()[0];
  ASSERT_TRUE(r.final.ok()) << r.final.error_message;
  EXPECT_EQ(r.final.text, "merged answer");
  ASSERT_EQ(r.answers.size(), 2u);
  EXPECT_EQ(r.answers[0].result.text, "from architect");
  EXPECT_EQ(r.answers[0].result.tier, Tier::Quality);
  EXPECT_TRUE(r.answers[1].contributed);

  auto bad = req;
  bad.voices = {"nobody"};
  auto invalid = engine->synthesize_blocking(bad);
  EXPECT_EQ(invalid.final.error, ErrorKind::InvalidRequest);
}

TEST(Engine, StatusAndMetricsReportQueueCacheAndWaits) {
  TempDir dir;
  auto engine = Engine::with_generator(std::make_shared<ScriptedGenerator>(), test_config(dir));
  engine->generate_blocking(ask("one"));
  auto status = engine->status();
  EXPECT_TRUE(status["queue"].contains("interactive"));
  EXPECT_TRUE(status["queue"].contains("background"));
  EXPECT_TRUE(status["cache"].contains("hitRate"));
  EXPECT_EQ(status["backends"]["generator"], "custom");
  auto metrics = engine->metrics();
  EXPECT_EQ(metrics["scheduler"]["waits"]["normal"]["count"], 1);
  EXPECT_TRUE(metrics["cache"].contains("memoryHitLatency"));
}

TEST(Engine, UpdateConfigSwapsVoicesLiveAndReportsRestartNeeds) {
  TempDir dir;
  auto config = test_config(dir);
  auto engine = Engine::with_generator(std::make_shared<ScriptedGenerator>(), config);
  const VoiceRegistry& before = engine->voices();
  std::vector<std::string> warnings;
  auto next = test_config(dir);
  next.voices = VoiceRegistry::from_config(
      nlohmann::json::parse(R"({"voices": [{"id": "pirate", "systemPrompt": "Answer like a pirate."}]})"), warnings);
  next.scheduler.max_queue = 5;
  auto restart = engine->update_config(next);
  EXPECT_EQ(restart, (std::vector<std::string>{"generation.scheduler"}));
  EXPECT_TRUE(engine->voices().find("pirate").ok());
  EXPECT_FALSE(before.find("pirate").ok());  // the old reference stays valid
}

TEST(EngineConfig, ReadsSchedulerCacheVoicesWithWarningsAndDefaults) {
  auto root = nlohmann::json::parse(R"({"generation": {
    "scheduler": {"maxQueue": 10, "batchWindowMs": 50, "batchMax": "many", "maxBatchesInFlight": 0, "workers": 3, "extra": 1},
    "cache": {"enabled": true, "memoryBytes": 1024, "ttlMs": 60000, "disk": false, "dir": "/tmp/x",
              "redis": "http://wrong", "cacheSampled": "yes"},
    "voices": [{"id": "mine", "systemPrompt": "Be mine."}],
    "presets": {"duo": ["mine", "security"]}
  }})");
  std::vector<std::string> warnings;
  auto c = engine_config_from_json(root, warnings);
  EXPECT_EQ(c.scheduler.max_queue, 10u);
  EXPECT_EQ(c.scheduler.batch_window, std::chrono::milliseconds(50));
  EXPECT_EQ(c.scheduler.batch_max, 64u);             // bad type → default
  EXPECT_EQ(c.scheduler.max_batches_in_flight, 3u);  // out of range → default
  EXPECT_EQ(c.scheduler.workers, 3u);
  EXPECT_EQ(c.cache.memory_bytes, 1024u);
  EXPECT_FALSE(c.cache.disk);
  EXPECT_EQ(c.cache.dir, "/tmp/x");
  EXPECT_TRUE(c.cache.redis.empty());
  EXPECT_FALSE(c.cache.cache_sampled);
  EXPECT_TRUE(c.voices.preset("duo").ok());
  auto has = [&](const std::string& s) {
    return std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) { return w.find(s) != std::string::npos; });
  };
  EXPECT_TRUE(has("generation.scheduler.batchMax"));
  EXPECT_TRUE(has("generation.scheduler.maxBatchesInFlight"));
  EXPECT_TRUE(has("generation.scheduler.extra"));
  EXPECT_TRUE(has("generation.cache.redis"));
  EXPECT_TRUE(has("generation.cache.cacheSampled"));

  std::vector<std::string> none;
  auto defaults = engine_config_from_json(nlohmann::json::object(), none);
  EXPECT_EQ(defaults.scheduler.max_queue, 1000u);
  EXPECT_EQ(defaults.scheduler.batch_window, std::chrono::milliseconds(500));
  EXPECT_EQ(defaults.scheduler.batch_max, 64u);
  EXPECT_EQ(defaults.scheduler.max_batches_in_flight, 3u);
  EXPECT_EQ(defaults.cache.memory_bytes, 64u << 20);
  EXPECT_EQ(defaults.cache.ttl, std::chrono::milliseconds(86'400'000));
  EXPECT_EQ(defaults.voices.all().size(), 10u);
  EXPECT_FALSE(defaults.backend.endpoints.empty());
  EXPECT_NE(default_response_cache_dir().string().find("codecrucible"), std::string::npos);

  std::vector<std::string> w2;
  engine_config_from_json(nlohmann::json::parse(R"({"generation": {"scheduler": 5, "cache": []}})"), w2);
  EXPECT_EQ(w2.size(), 2u);
}

// ---------------------------------------------------------------- over the fake HTTP servers

BackendConfig one_endpoint(const cc::testing::FakeBackendServer& server, BackendKind kind) {
  BackendConfig config;
  config.endpoints = {EndpointConfig{kind == BackendKind::Ollama ? "ollama" : "lm", kind, server.url(),
                                     kind == BackendKind::Ollama ? Tier::Quality : Tier::Fast, "m", 2, "", "15m"}};
  config.timeouts.connect = std::chrono::milliseconds(500);
  return config;
}

TEST(EngineOverHttp, SecretInUserCodeNeverReachesARequestBody) {
  TempDir dir;
  cc::testing::FakeBackendServer ollama(cc::testing::WireFormat::Ollama);
  ollama.set_default(cc::testing::Script{.tokens = {"Looks ", "fine."}});
  auto config = test_config(dir);
  config.backend = one_endpoint(ollama, BackendKind::Ollama);
  auto engine = Engine::with_generator(std::make_shared<Router>(config.backend), config);

  std::string code = "import boto3\nAWS_ACCESS_KEY_ID = \"" + aws_key() + "\"\npassword = \"hunter2-very-secret\"\n";
  auto req = ask("Review this file:\n```python\n" + code + "```");
  req.voice = "security";
  std::string streamed;
  auto r = engine->generate_blocking(req, [&](std::string_view t) { streamed += t; });
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.text, "Looks fine.");
  EXPECT_EQ(streamed, "Looks fine.");
  EXPECT_EQ(r.backend, "ollama");
  EXPECT_EQ(r.endpoint, "ollama");

  // Also as a fill-in-the-middle prompt and through synthesis.
  GenerationRequest fim;
  fim.task = TaskType::Completion;
  fim.prompt = "token = \"" + aws_key() + "\"\n";
  fim.suffix = "\n";
  fim.temperature = 0;
  engine->generate_blocking(fim);
  SynthesisRequest synth;
  synth.base = ask("Why is this wrong? key=" + aws_key());
  synth.voices = {"security", "guardian"};
  synth.mode = SynthesisMode::Collaborative;
  auto s = engine->synthesize_blocking(synth);
  ASSERT_TRUE(s.final.ok()) << s.final.error_message;
  EXPECT_EQ(s.answers[0].result.backend, "ollama");

  auto bodies = ollama.generation_requests();
  ASSERT_GE(bodies.size(), 5u);  // chat + FIM + two voices + merge
  for (const auto& b : bodies) {
    EXPECT_EQ(b.body.find(aws_key()), std::string::npos) << b.body;
    EXPECT_EQ(b.body.find("hunter2-very-secret"), std::string::npos) << b.body;
  }
  EXPECT_NE(bodies[0].body.find("[REDACTED:"), std::string::npos);
}

TEST(EngineOverHttp, OpenAIEndpointStreamsAndCachesAcrossRequests) {
  TempDir dir;
  cc::testing::FakeBackendServer lm(cc::testing::WireFormat::OpenAI);
  lm.set_default(cc::testing::Script{.tokens = {"int ", "main", "()"}, .chunk_bytes = 3});
  auto config = test_config(dir);
  config.backend = one_endpoint(lm, BackendKind::OpenAI);
  auto engine = Engine::with_generator(std::make_shared<Router>(config.backend), config);
  auto first = engine->generate_blocking(ask("write main"));
  ASSERT_TRUE(first.ok()) << first.error_message;
  EXPECT_EQ(first.text, "int main()");
  EXPECT_EQ(first.backend, "openai");
  auto second = engine->generate_blocking(ask("write main"));
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(lm.generation_requests().size(), 1u);
  EXPECT_EQ(engine->status()["queue"]["endpoints"]["lm"]["limit"], 2);
  EXPECT_TRUE(engine->status()["backends"].contains("endpoints"));
}

TEST(EngineOverHttp, CancellingARunningRequestAbortsTheStream) {
  TempDir dir;
  cc::testing::FakeBackendServer ollama(cc::testing::WireFormat::Ollama);
  ollama.set_default(cc::testing::Script{.tokens = {"a", "b", "c"}, .hang_after = 1});
  auto config = test_config(dir);
  config.backend = one_endpoint(ollama, BackendKind::Ollama);
  auto engine = Engine::with_generator(std::make_shared<Router>(config.backend), config);
  CancelSource source;
  Collector<GenerationResult> done;
  Collector<std::string> tokens;
  auto token_cb = tokens.callback();
  engine->submit(ask("hang"), [&](std::string_view t) { token_cb(std::string(t)); }, done.callback(), source.token());
  ASSERT_TRUE(tokens.wait(1));
  source.cancel();
  ASSERT_TRUE(done.wait(1));
  EXPECT_EQ(done.values()[0].error, ErrorKind::Cancelled);
}

TEST(EngineOverHttp, RedisDownNeverFailsARequest) {
  TempDir dir;
  cc::testing::FakeBackendServer ollama(cc::testing::WireFormat::Ollama);
  auto config = test_config(dir);
  config.backend = one_endpoint(ollama, BackendKind::Ollama);
  config.cache.redis = "redis://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port()) + "/0";
  auto engine = Engine::with_generator(std::make_shared<Router>(config.backend), config);
  auto r = engine->generate_blocking(ask("redis is down"));
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_TRUE(engine->generate_blocking(ask("redis is down")).from_cache);  // local tiers still work
  auto tiers = engine->status()["cache"]["tiers"];
  ASSERT_EQ(tiers.size(), 3u);
  EXPECT_EQ(tiers[2]["name"], "redis");
  EXPECT_FALSE(tiers[2]["connected"].get<bool>());
}

TEST(EngineOverHttp, NothingReachableFailsWithTheEndpointsTried) {
  TempDir dir;
  auto config = test_config(dir);
  config.backend.endpoints = {
      EndpointConfig{"ollama", BackendKind::Ollama, "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port()), Tier::Quality, "m", 2, "", "15m"},
      EndpointConfig{"lmstudio", BackendKind::OpenAI, "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port()) + "/v1", Tier::Fast, "m", 2, "", "15m"}};
  config.backend.timeouts.connect = std::chrono::milliseconds(300);
  Engine engine(config);
  auto r = engine.generate_blocking(ask("anyone?"));
  EXPECT_EQ(r.error, ErrorKind::Unavailable) << to_string(r.error) << ": " << r.error_message;
  EXPECT_NE(r.error_message.find("ollama"), std::string::npos) << r.error_message;
  EXPECT_NE(r.error_message.find("lmstudio"), std::string::npos) << r.error_message;
}

}  // namespace
}  // namespace cc::gen
