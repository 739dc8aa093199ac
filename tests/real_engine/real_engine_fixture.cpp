#include "real_engine_fixture.h"

#include <cstdio>

namespace cc::test {
namespace {

// Starts the server once for the whole binary (each start costs 1-6 s on the shared machine).
class RealEngineEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    skip_reason = RealEngineServer::unavailable_reason();
    if (!skip_reason.empty()) {
      // ctest's SKIP_REGULAR_EXPRESSION turns this line into a "skipped" result.
      std::fprintf(stderr, "SKIP: real-engine tier: %s\n", skip_reason.c_str());
      return;
    }
    server = RealEngineServer::start({}, &start_error);
  }
  void TearDown() override { server.reset(); }

  std::unique_ptr<RealEngineServer> server;
  std::string skip_reason;
  std::string start_error;
};

RealEngineEnvironment* const environment =
    static_cast<RealEngineEnvironment*>(::testing::AddGlobalTestEnvironment(new RealEngineEnvironment));

}  // namespace

gen::TimeoutConfig test_timeouts() {
  gen::TimeoutConfig timeouts;
  timeouts.connect = std::chrono::milliseconds(2000);
  timeouts.read = std::chrono::milliseconds(60000);
  timeouts.request = std::chrono::milliseconds(120000);
  return timeouts;
}

gen::EndpointConfig ollama_endpoint(const std::string& url) {
  gen::EndpointConfig config;
  config.name = kOllamaName;
  config.kind = gen::BackendKind::Ollama;
  config.url = url;
  config.tier = gen::Tier::Quality;
  config.model = kModelName;
  return config;
}

gen::EndpointConfig openai_endpoint(const std::string& url) {
  gen::EndpointConfig config;
  config.name = kOpenAIName;
  config.kind = gen::BackendKind::OpenAI;
  config.url = url;
  config.tier = gen::Tier::Fast;
  config.model = "";  // resolved from /v1/models
  return config;
}

gen::BackendConfig two_tier_config(const std::string& ollama_url, const std::string& openai_url) {
  gen::BackendConfig config;
  config.endpoints = {openai_endpoint(openai_url), ollama_endpoint(ollama_url)};
  config.timeouts = test_timeouts();
  return config;
}

gen::GenerationRequest chat_request(int max_tokens) {
  gen::GenerationRequest request;
  request.task = gen::TaskType::Chat;
  request.messages = {{"system", "You are terse."}, {"user", "Explain what the fast model does."}};
  request.temperature = 0;
  request.max_tokens = max_tokens;
  request.use_cache = false;
  return request;
}

gen::GenerationRequest fim_request(int max_tokens) {
  gen::GenerationRequest request;
  request.task = gen::TaskType::Completion;
  request.prompt = "int add(int a, int b) {\n  return ";
  request.suffix = ";\n}\n";
  request.temperature = 0;
  request.max_tokens = max_tokens;
  request.use_cache = false;
  return request;
}

std::string Streamed::joined() const {
  std::string text;
  for (const auto& token : tokens) text += token;
  return text;
}

Streamed run(gen::Generator& generator, const gen::GenerationRequest& request, const CancelToken& cancel) {
  Streamed out;
  out.result = generator.generate(request, [&](std::string_view token) { out.tokens.emplace_back(token); }, cancel);
  return out;
}

void RealEngineTest::SetUp() {
  if (!environment->skip_reason.empty()) GTEST_SKIP() << "real-engine tier: " << environment->skip_reason;
  ASSERT_NE(environment->server, nullptr) << "real-engine server did not start: " << environment->start_error;
}

RealEngineServer& RealEngineTest::server() { return *environment->server; }

nlohmann::json RealEngineTest::idle_stats() {
  auto stats = environment->server->wait_idle(std::chrono::milliseconds(20000));
  EXPECT_TRUE(stats.has_value()) << "server did not become idle; log:\n" << environment->server->log_tail();
  return stats.value_or(nlohmann::json::object(
      {{"cancelled", -1}, {"requests", -1}, {"history", nlohmann::json::array({nlohmann::json::object()})}}));
}

}  // namespace cc::test
