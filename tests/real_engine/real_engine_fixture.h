#pragma once
// Shared pieces of the real-engine C++ tests: one server for the whole test binary (started
// by a global GoogleTest environment), endpoint configs pointing at it, standard requests,
// and a fixture that skips with the reason when the tier cannot run here.
//
// Thread-safety: the server is started before the first test and stopped after the last;
// tests use it from their own threads through the thread-safe accessors.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "generation/backends/backend_config.h"
#include "generation/types.h"
#include "real_engine_server.h"

namespace cc::test {

inline constexpr const char* kOllamaName = "real-ollama";
inline constexpr const char* kOpenAIName = "real-openai";
inline constexpr const char* kModelName = "tiny-random:latest";

gen::TimeoutConfig test_timeouts();
gen::EndpointConfig ollama_endpoint(const std::string& url);  // quality tier, model set
gen::EndpointConfig openai_endpoint(const std::string& url);  // fast tier, model discovered
// fast = OpenAI at `openai_url`, quality = Ollama at `ollama_url`.
gen::BackendConfig two_tier_config(const std::string& ollama_url, const std::string& openai_url);

gen::GenerationRequest chat_request(int max_tokens);  // temperature 0, no cache
gen::GenerationRequest fim_request(int max_tokens);   // prompt + suffix, temperature 0

struct Streamed {
  gen::GenerationResult result;
  std::vector<std::string> tokens;
  [[nodiscard]] std::string joined() const;
};
Streamed run(gen::Generator& generator, const gen::GenerationRequest& request, const CancelToken& cancel = {});

class RealEngineTest : public ::testing::Test {
 protected:
  void SetUp() override;

  static RealEngineServer& server();
  // The server's counters once it is idle; records a failure when it stays busy.
  static nlohmann::json idle_stats();
};

}  // namespace cc::test
