// The project's C++ backends, router and CLI against a real llama.cpp engine
// (tests/real_engine/server.mjs: node-llama-cpp + a tiny random-weight GGUF model) speaking
// both the Ollama and the OpenAI wire formats. Output is gibberish but deterministic at
// temperature 0, so both wire formats must deliver the very same text for the same request.
// Skips (with the reason) when node >= 20 or the npm packages are missing.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generation/backends/ollama_backend.h"
#include "generation/backends/openai_backend.h"
#include "generation/router/router.h"
#include "real_engine_fixture.h"

namespace cc::test {
namespace {

using namespace cc::gen;

gen::OllamaBackend ollama_backend(const RealEngineServer& server) {
  return gen::OllamaBackend(ollama_endpoint(server.ollama_url()), test_timeouts());
}
gen::OpenAIBackend openai_backend(const RealEngineServer& server) {
  return gen::OpenAIBackend(openai_endpoint(server.openai_url()), test_timeouts());
}

TEST_F(RealEngineTest, OllamaDiscoveryFindsModelVersionAndFim) {
  auto backend = ollama_backend(server());
  auto probe = backend.probe({});
  EXPECT_TRUE(probe.reachable) << probe.error;
  EXPECT_FALSE(probe.version.empty());
  EXPECT_NE(std::find(probe.models.begin(), probe.models.end(), "tiny-random:latest"), probe.models.end());
  auto fim = backend.supports_fim("tiny-random:latest", {});
  ASSERT_TRUE(fim.has_value());
  EXPECT_TRUE(*fim);
}

TEST_F(RealEngineTest, OpenAIDiscoveryListsModel) {
  auto backend = openai_backend(server());
  auto probe = backend.probe({});
  EXPECT_TRUE(probe.reachable) << probe.error;
  auto models = backend.list_models({});
  ASSERT_TRUE(models.has_value());
  ASSERT_EQ(models->size(), 1u);
  EXPECT_EQ(models->front(), "tiny-random:latest");
}

TEST_F(RealEngineTest, OllamaChatStreamsTokensWithCountersAndHonoursMaxTokens) {
  auto backend = ollama_backend(server());
  auto streamed = run(backend, chat_request(12));
  ASSERT_TRUE(streamed.result.ok()) << streamed.result.error_message;
  EXPECT_GE(streamed.tokens.size(), 2u) << "streamed in several pieces";
  EXPECT_EQ(streamed.joined(), streamed.result.text);
  EXPECT_FALSE(streamed.result.text.empty());
  EXPECT_EQ(streamed.result.completion_tokens, 12);
  EXPECT_GT(streamed.result.prompt_tokens, 0);
  EXPECT_EQ(streamed.result.finish_reason, "length");
  EXPECT_EQ(streamed.result.backend, "ollama");

  auto request = chat_request(12);
  request.stream = false;
  auto single = run(backend, request);
  ASSERT_TRUE(single.result.ok()) << single.result.error_message;
  EXPECT_EQ(single.result.text, streamed.result.text) << "deterministic at temperature 0";
}

TEST_F(RealEngineTest, OpenAIChatStreamsTheSameTextAsOllama) {
  auto backend = openai_backend(server());
  auto streamed = run(backend, chat_request(12));
  ASSERT_TRUE(streamed.result.ok()) << streamed.result.error_message;
  EXPECT_GE(streamed.tokens.size(), 2u);
  EXPECT_EQ(streamed.joined(), streamed.result.text);
  EXPECT_EQ(streamed.result.completion_tokens, 12);
  EXPECT_EQ(streamed.result.finish_reason, "length");
  EXPECT_EQ(streamed.result.backend, "openai");
  EXPECT_EQ(streamed.result.model, "tiny-random:latest");

  auto quality = ollama_backend(server());
  auto via_ollama = run(quality, chat_request(12));
  ASSERT_TRUE(via_ollama.result.ok()) << via_ollama.result.error_message;
  EXPECT_EQ(streamed.result.text, via_ollama.result.text);
}

TEST_F(RealEngineTest, FillInTheMiddleThroughBothWireFormats) {
  auto quality = ollama_backend(server());
  auto fast = openai_backend(server());
  auto via_ollama = run(quality, fim_request(8));
  auto via_openai = run(fast, fim_request(8));
  ASSERT_TRUE(via_ollama.result.ok()) << via_ollama.result.error_message;
  ASSERT_TRUE(via_openai.result.ok()) << via_openai.result.error_message;
  EXPECT_FALSE(via_ollama.result.text.empty());
  EXPECT_EQ(via_ollama.result.text, via_openai.result.text) << "same infill tokens, same greedy decoding";
  EXPECT_EQ(via_ollama.result.completion_tokens, 8);
  EXPECT_EQ(via_openai.result.completion_tokens, 8);
  auto history = idle_stats()["history"];
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[history.size() - 2]["route"], "/api/generate");
  EXPECT_EQ(history.back()["route"], "/v1/completions");
}

// Cancels from the token callback as soon as the first token arrives; the server must see the
// disconnect and stop generating long before the 1000-token budget.
void expect_cancel_mid_stream(Generator& backend, RealEngineServer& server, const std::string& route) {
  auto before = server.wait_idle(std::chrono::milliseconds(20000));
  ASSERT_TRUE(before.has_value());
  CancelSource source;
  int tokens = 0;
  std::optional<nlohmann::json> during;
  auto request = chat_request(1000);
  auto result = backend.generate(request, [&](std::string_view) {
    if (++tokens == 1) {
      during = server.stats();  // the first token reached us while the server still generates
      source.cancel();
    }
  }, source.token());
  EXPECT_EQ(result.error, ErrorKind::Cancelled) << to_string(result.error) << ": " << result.error_message;
  EXPECT_GE(tokens, 1);
  ASSERT_TRUE(during.has_value());
  EXPECT_EQ((*during)["active"], 1) << "tokens are streamed, not buffered until the end";
  auto finished = [](const nlohmann::json& stats) { return stats["completed"].get<int>() + stats["cancelled"].get<int>(); };
  EXPECT_EQ(finished(*during), finished(*before)) << "nothing finished before the first token arrived";
  auto after = server.wait_idle(std::chrono::milliseconds(20000));
  ASSERT_TRUE(after.has_value()) << "generation kept running after the cancel";
  EXPECT_EQ((*after)["cancelled"].get<int>(), (*before)["cancelled"].get<int>() + 1);
  const auto& record = (*after)["history"].back();
  EXPECT_EQ(record["route"], route);
  EXPECT_EQ(record["done_reason"], "cancelled");
  EXPECT_LT(record["eval_count"].get<int>(), 1000);
}

TEST_F(RealEngineTest, OllamaCancellationMidStreamStopsServerGeneration) {
  auto backend = ollama_backend(server());
  expect_cancel_mid_stream(backend, server(), "/api/chat");
}

TEST_F(RealEngineTest, OpenAICancellationMidStreamStopsServerGeneration) {
  auto backend = openai_backend(server());
  expect_cancel_mid_stream(backend, server(), "/v1/chat/completions");
}

TEST_F(RealEngineTest, RouterFallsBackToQualityWhenFastTierIsDown) {
  RefusedPort dead;
  Router router(two_tier_config(server().ollama_url(), dead.url() + "/v1"));
  auto request = chat_request(8);
  request.task = TaskType::Format;  // complexity 0.1: fast tier first
  ASSERT_EQ(router.decide(request).tier, Tier::Fast);
  auto streamed = run(router, request);
  ASSERT_TRUE(streamed.result.ok()) << streamed.result.error_message;
  EXPECT_EQ(streamed.result.endpoint, kOllamaName);
  EXPECT_EQ(streamed.result.tier, Tier::Quality);
  EXPECT_FALSE(streamed.result.text.empty());
}

TEST_F(RealEngineTest, RouterFallsBackToFastWhenQualityTierIsDown) {
  RefusedPort dead;
  Router router(two_tier_config(dead.url(), server().openai_url()));
  auto request = chat_request(8);
  request.task = TaskType::Security;  // complexity 0.9: quality tier first
  ASSERT_EQ(router.decide(request).tier, Tier::Quality);
  auto streamed = run(router, request);
  ASSERT_TRUE(streamed.result.ok()) << streamed.result.error_message;
  EXPECT_EQ(streamed.result.endpoint, kOpenAIName);
  EXPECT_EQ(streamed.result.tier, Tier::Fast);
}

TEST_F(RealEngineTest, RouterEscalatesACutOffFastAnswerToQuality) {
  Router router(two_tier_config(server().ollama_url(), server().openai_url()));
  auto request = chat_request(8);  // always cut off at 8 tokens: "length"
  request.task = TaskType::Documentation;
  auto decision = router.decide(request);
  ASSERT_EQ(decision.tier, Tier::Fast);
  ASSERT_TRUE(decision.escalatable) << "documentation sits in the middle band";
  auto before = idle_stats()["requests"].get<int>();
  auto streamed = run(router, request);
  ASSERT_TRUE(streamed.result.ok()) << streamed.result.error_message;
  EXPECT_TRUE(streamed.result.escalated);
  EXPECT_EQ(streamed.result.endpoint, kOllamaName);
  auto after = idle_stats();
  EXPECT_EQ(after["requests"].get<int>(), before + 2) << "one fast attempt, one quality attempt";
  EXPECT_EQ(after["history"].back()["route"], "/api/chat");
}

// Runs `codecrucible ask ARGS` with a private config/cache home (no user config, no cache
// hits from earlier runs).
class AskCommandTest : public RealEngineTest {
 protected:
  void SetUp() override {
    RealEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto help = run_command({CC_BINARY, "ask", "--help"}, std::chrono::seconds(30));
    if (help.out.find("not available yet") != std::string::npos) {
      GTEST_SKIP() << "codecrucible ask is still a placeholder in this build";
    }
    home_ = std::filesystem::temp_directory_path() /
            ("cc-real-engine-ask-" + std::to_string(::getpid()) + "-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(home_);
  }
  void TearDown() override {
    std::error_code ignored;
    if (!home_.empty()) std::filesystem::remove_all(home_, ignored);
  }

  CommandResult ask(std::vector<std::string> args, const std::string& stdin_text = "") const {
    args.insert(args.begin(), {CC_BINARY, "ask"});
    return run_command(args, std::chrono::seconds(180), stdin_text,
                       {"XDG_CACHE_HOME=" + (home_ / "cache").string(),
                        "XDG_CONFIG_HOME=" + (home_ / "config").string(), "HOME=" + home_.string()});
  }

  std::filesystem::path home_;
};

TEST_F(AskCommandTest, StreamsAnAnswerFromTheRealEngine) {
  auto before = idle_stats()["requests"].get<int>();
  auto result = ask({"Explain what a fast model does.", "--voice", "developer", "--max-tokens", "24", "--no-cache",
                     "--ollama-url", server().ollama_url(), "--openai-url", server().openai_url()});
  ASSERT_FALSE(result.timed_out) << "ask did not finish; stderr:\n" << result.err;
  EXPECT_EQ(result.exit_code, 0) << "stderr:\n" << result.err;
  EXPECT_FALSE(result.out.empty());
  EXPECT_GT(idle_stats()["requests"].get<int>(), before) << "ask reached the real engine";
}

TEST_F(AskCommandTest, JsonCompetitiveRecordsEveryVoiceAndItsBackend) {
  auto result = ask({"Explain the router.", "--voices", "developer,analyzer", "--mode", "competitive", "--max-tokens",
                     "16", "--no-cache", "--json", "--ollama-url", server().ollama_url(), "--openai-url",
                     server().openai_url()});
  ASSERT_FALSE(result.timed_out) << result.err;
  ASSERT_EQ(result.exit_code, 0) << "stderr:\n" << result.err;
  auto json = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << result.out;
  EXPECT_EQ(json["mode"], "competitive");
  EXPECT_EQ(json["final"]["ok"], true);
  ASSERT_EQ(json["answers"].size(), 2u);
  for (const auto& answer : json["answers"]) {
    EXPECT_EQ(answer["ok"], true) << answer.dump();
    EXPECT_EQ(answer["completionTokens"], 16) << answer.dump();
    EXPECT_TRUE(answer["backend"] == "ollama" || answer["backend"] == "openai") << answer.dump();
    EXPECT_FALSE(answer["text"].get<std::string>().empty());
  }
}

TEST_F(AskCommandTest, ReadsStdinAndFallsBackWhenOllamaIsDown) {
  RefusedPort dead;
  auto before = idle_stats()["history"].size();
  auto result = ask({"--voice", "developer", "--max-tokens", "8", "--no-cache", "--ollama-url", dead.url(),
                     "--openai-url", server().openai_url()},
                    "What does this do?\n");
  ASSERT_FALSE(result.timed_out) << result.err;
  EXPECT_EQ(result.exit_code, 0) << "stderr:\n" << result.err;
  EXPECT_FALSE(result.out.empty());
  auto history = idle_stats()["history"];
  ASSERT_GT(history.size(), before);
  EXPECT_EQ(history.back()["route"], "/v1/chat/completions");
}

TEST_F(AskCommandTest, NothingReachableFailsWithTheEndpointsTried) {
  RefusedPort dead_ollama;
  RefusedPort dead_openai;
  auto result = ask({"hello", "--voice", "developer", "--no-cache", "--ollama-url", dead_ollama.url(),
                     "--openai-url", dead_openai.url() + "/v1"});
  ASSERT_FALSE(result.timed_out) << "ask must give up within its connect timeout; stderr:\n" << result.err;
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find(std::to_string(dead_ollama.port())), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(std::to_string(dead_openai.port())), std::string::npos) << result.err;
}

}  // namespace
}  // namespace cc::test
