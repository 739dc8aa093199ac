// The Engine facade (voices → redaction → cache → scheduler → router → backends) against
// the real llama.cpp engine: multi-voice synthesis with concurrent requests, the response
// cache keeping repeat questions off the server, and cancellation of running work.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>

#include <gtest/gtest.h>

#include "generation/engine.h"
#include "generation/backends/openai_backend.h"
#include "real_engine_fixture.h"

namespace cc::test {
namespace {

namespace fs = std::filesystem;

// An engine over the real server with the response cache in a private directory.
class RealEngineFacadeTest : public RealEngineTest {
 protected:
  void SetUp() override {
    RealEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    cache_dir_ = fs::temp_directory_path() /
                 ("cc-real-engine-cache-" + std::to_string(::getpid()) + "-" +
                  std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  }
  void TearDown() override {
    std::error_code ignored;
    if (!cache_dir_.empty()) fs::remove_all(cache_dir_, ignored);
  }

  gen::EngineConfig config(bool cache) const {
    gen::EngineConfig config;
    config.backend = two_tier_config(server().ollama_url(), server().openai_url());
    config.cache.enabled = cache;
    config.cache.dir = cache_dir_.string();
    return config;
  }

  fs::path cache_dir_;
};

TEST_F(RealEngineFacadeTest, CompetitiveSynthesisRunsEveryVoiceOnTheRealEngine) {
  gen::Engine engine(config(false));
  gen::SynthesisRequest request;
  request.base = chat_request(16);
  request.voices = {"developer", "analyzer", "architect"};
  request.mode = gen::SynthesisMode::Competitive;
  auto before = idle_stats()["requests"].get<int>();
  auto result = engine.synthesize_blocking(request);
  ASSERT_TRUE(result.final.ok()) << result.final.error_message;
  EXPECT_FALSE(result.final.text.empty());
  ASSERT_EQ(result.answers.size(), 3u);
  int contributed = 0;
  for (const auto& answer : result.answers) {
    EXPECT_TRUE(answer.result.ok()) << answer.voice << ": " << answer.result.error_message;
    EXPECT_FALSE(answer.result.backend.empty()) << answer.voice;
    EXPECT_GT(answer.result.latency_ms, 0) << answer.voice;
    contributed += answer.contributed ? 1 : 0;
  }
  EXPECT_GE(contributed, 1);
  EXPECT_GE(idle_stats()["requests"].get<int>() - before, 3) << "one real generation per voice at least";
}

TEST_F(RealEngineFacadeTest, RepeatedDeterministicQuestionIsServedFromTheCache) {
  // Only complete answers are cached, and the random model never stops by itself: learn its
  // greedy output first, then stop it on a piece of that output ("stop", not "length").
  gen::OpenAIBackend probe(openai_endpoint(server().openai_url()), test_timeouts());
  auto learned = run(probe, chat_request(24));
  ASSERT_TRUE(learned.result.ok()) << learned.result.error_message;
  const auto& text = learned.result.text;
  ASSERT_GE(text.size(), 8u);
  auto request = chat_request(24);
  request.stop = {text.substr(text.size() / 2, 3)};
  request.use_cache = true;
  gen::Engine engine(config(true));
  auto before = idle_stats()["requests"].get<int>();
  auto first = engine.generate_blocking(request);
  ASSERT_TRUE(first.ok()) << first.error_message;
  EXPECT_EQ(first.finish_reason, "stop");
  EXPECT_EQ(first.text, text.substr(0, text.find(request.stop.front())));
  EXPECT_FALSE(first.from_cache);
  auto after_first = idle_stats()["requests"].get<int>();
  EXPECT_GE(after_first, before + 1);
  auto second = engine.generate_blocking(request);
  ASSERT_TRUE(second.ok()) << second.error_message;
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.text, first.text);
  EXPECT_EQ(idle_stats()["requests"].get<int>(), after_first) << "the cache hit never reached the server";
}

TEST_F(RealEngineFacadeTest, CancellingRunningWorkStopsTheServerGeneration) {
  gen::Engine engine(config(false));
  auto before = idle_stats()["cancelled"].get<int>();
  CancelSource source;
  std::promise<gen::GenerationResult> done;
  auto request = chat_request(1000);
  request.priority = gen::Priority::Interactive;
  int tokens = 0;  // on_token calls of one request run on one worker thread
  engine.submit(
      request,
      [&](std::string_view) {
        if (++tokens == 1) source.cancel();
      },
      [&](gen::GenerationResult result) { done.set_value(std::move(result)); }, source.token());
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(120)), std::future_status::ready) << "on_done never came";
  auto result = future.get();
  EXPECT_EQ(result.error, gen::ErrorKind::Cancelled) << gen::to_string(result.error) << ": " << result.error_message;
  auto stats = idle_stats();
  EXPECT_EQ(stats["cancelled"].get<int>(), before + 1);
  EXPECT_EQ(stats["history"].back()["done_reason"], "cancelled");
  EXPECT_LT(stats["history"].back()["eval_count"].get<int>(), 1000);
}

}  // namespace
}  // namespace cc::test
