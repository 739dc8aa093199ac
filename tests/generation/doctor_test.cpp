// `doctor`: probes against fake servers, advice when nothing is reachable, the CLI's exit code.
#include "tests/support/free_port.h"
#include "generation/doctor.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "tests/support/fake_backend_server.h"

namespace cc::gen {
namespace {

using cc::testing::FakeBackendServer;
using cc::testing::WireFormat;

TEST(Doctor, ReportsReachableAndUnreachableEndpoints) {
  FakeBackendServer openai(WireFormat::OpenAI);
  openai.set_models({"local-q4"});
  BackendConfig config = default_backend_config();
  config.endpoints[0].url = "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port());
  config.endpoints[1].url = openai.url();
  auto report = run_doctor(config, CancelToken());
  ASSERT_EQ(report.endpoints.size(), 2u);
  EXPECT_TRUE(report.any_reachable);
  EXPECT_FALSE(report.endpoints[0].probe.reachable);
  EXPECT_FALSE(report.endpoints[0].probe.error.empty());
  EXPECT_TRUE(report.endpoints[1].probe.reachable);
  EXPECT_EQ(report.endpoints[1].probe.models, std::vector<std::string>{"local-q4"});
  auto j = to_json(report);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["endpoints"][1]["name"], "lmstudio");
  EXPECT_EQ(j["endpoints"][1]["reachable"], true);
  EXPECT_EQ(j["endpoints"][1]["breaker"], "closed");
  EXPECT_TRUE(j["endpoints"][1]["latencyMs"].is_number());
  EXPECT_EQ(j["endpoints"][0]["reachable"], false);
  auto text = format_doctor_text(report);
  EXPECT_NE(text.find("UNREACHABLE"), std::string::npos);
  EXPECT_NE(text.find("local-q4"), std::string::npos);
  EXPECT_NE(text.find("OK:"), std::string::npos);
}

TEST(Doctor, MissingOllamaModelGetsPullAdvice) {
  FakeBackendServer ollama(WireFormat::Ollama);
  ollama.set_models({"llama3:latest"});
  BackendConfig config;
  config.endpoints = {EndpointConfig{"ollama", BackendKind::Ollama, ollama.url(), Tier::Quality, "qwen2.5-coder:7b", 2, "", "15m"}};
  auto report = run_doctor(config, CancelToken());
  ASSERT_EQ(report.endpoints.size(), 1u);
  EXPECT_EQ(report.endpoints[0].probe.version, "0.5.7");
  EXPECT_EQ(report.endpoints[0].probe.model_available, false);
  ASSERT_FALSE(report.endpoints[0].advice.empty());
  EXPECT_NE(report.endpoints[0].advice[0].find("ollama pull qwen2.5-coder:7b"), std::string::npos);
}

TEST(Doctor, NothingReachableExplainsHowToStartAServer) {
  BackendConfig config = default_backend_config();
  int port = cc::testing::unused_loopback_port();
  config.endpoints[0].url = "http://127.0.0.1:" + std::to_string(port);
  config.endpoints[1].url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  auto report = run_doctor(config, CancelToken());
  EXPECT_FALSE(report.any_reachable);
  std::string all;
  for (const auto& a : report.advice) all += a + "\n";
  EXPECT_NE(all.find("ollama serve"), std::string::npos);
  EXPECT_NE(all.find("ollama pull qwen2.5-coder:7b"), std::string::npos);
  EXPECT_NE(all.find("port 1234"), std::string::npos);
  EXPECT_NE(all.find("llama-server -m model.gguf --port 8080"), std::string::npos);
  EXPECT_NE(all.find("--openai-url"), std::string::npos);
  EXPECT_NE(format_doctor_text(report).find("FAIL"), std::string::npos);
}

// Runs the real binary when it has been built (it is not a dependency of this test target).
std::pair<int, std::string> run_binary(const std::string& args) {
  std::string command = "timeout 120 " + std::string(CC_BINARY) + " " + args + " 2>/dev/null";  // a hang fails, bounded
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {-1, ""};
  std::string out;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(DoctorCommand, ExitCodeAndJsonFollowReachability) {
  if (!std::filesystem::exists(CC_BINARY)) GTEST_SKIP() << "codecrucible binary not built";
  FakeBackendServer ollama(WireFormat::Ollama);
  int port = cc::testing::unused_loopback_port();
  std::string dead = "http://127.0.0.1:" + std::to_string(port);
  auto [ok_code, ok_out] = run_binary("doctor --json --ollama-url " + ollama.url() + " --openai-url " + dead + "/v1");
  EXPECT_EQ(ok_code, 0) << ok_out;
  auto j = nlohmann::json::parse(ok_out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << ok_out;
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["endpoints"][0]["url"], ollama.url());
  EXPECT_EQ(j["endpoints"][0]["reachable"], true);

  auto [fail_code, fail_out] = run_binary("doctor --ollama-url " + dead + " --openai-url " + dead + "/v1");
  EXPECT_EQ(fail_code, 1);
  EXPECT_NE(fail_out.find("ollama serve"), std::string::npos) << fail_out;
}

}  // namespace
}  // namespace cc::gen
