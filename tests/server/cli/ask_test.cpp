// `codecrucible ask` and `codecrucible voices` as a user runs them: the built binary against
// the in-process fake Ollama / OpenAI servers, with an isolated config and cache directory.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/free_port.h"
#include "tests/support/shell_run.h"
#include "tests/support/fake_backend_server.h"

namespace {

namespace fs = std::filesystem;
using cc::testing::read_whole_file;
using cc::testing::shell_quote;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class AskCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(CC_BINARY)) GTEST_SKIP() << "build the codecrucible target first (" << CC_BINARY << ")";
    home_ = fs::temp_directory_path() / ("cc-ask-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(home_);
    fs::create_directories(home_ / "work");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(home_, ec);
  }

  CliRun run(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    std::string cmd = "cd " + shell_quote((home_ / "work").string()) + " && env -u OLLAMA_HOST HOME=" + shell_quote(home_.string()) +
                      " XDG_CONFIG_HOME=" + shell_quote((home_ / "config").string()) +
                      " XDG_CACHE_HOME=" + shell_quote((home_ / "cache").string()) + " timeout 120 " + shell_quote(CC_BINARY);
    for (const auto& a : args) cmd += " " + shell_quote(a);
    std::ofstream(home_ / "stdin") << stdin_text;
    cmd += " < " + shell_quote((home_ / "stdin").string()) + " > " + shell_quote((home_ / "out").string()) + " 2> " +
           shell_quote((home_ / "err").string());
    CliRun r;
    int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_whole_file(home_ / "out");
    r.err = read_whole_file(home_ / "err");
    return r;
  }

  std::vector<std::string> urls(const cc::testing::FakeBackendServer& ollama, const cc::testing::FakeBackendServer& lm) {
    return {"--ollama-url", ollama.url(), "--openai-url", lm.url()};
  }

  static inline int counter_ = 0;
  fs::path home_;
};

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(AskCli, VoicesListsVoicesAndPresets) {
  auto r = run({"voices", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["voices"].size(), 10u);
  EXPECT_EQ(j["presets"]["default"], (nlohmann::json{"developer", "analyzer", "architect"}));
  auto text = run({"voices"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("guardian"), std::string::npos);
  EXPECT_NE(text.out.find("Presets:"), std::string::npos);
  EXPECT_EQ(run({"voices", "extra"}).exit_code, 2);
}

TEST_F(AskCli, StreamsTheAnswerFromAFakeServer) {
  cc::testing::FakeBackendServer ollama(cc::testing::WireFormat::Ollama), lm(cc::testing::WireFormat::OpenAI);
  cc::testing::Script script{.tokens = {"Use ", "a ", "buffer."}};
  ollama.set_default(script);
  lm.set_default(script);
  auto r = run(std::vector<std::string>{"ask", "How", "do", "I", "parse", "lines?"} + urls(ollama, lm));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Use a buffer.\n");
  auto bodies = ollama.generation_requests();
  auto lm_bodies = lm.generation_requests();
  bodies.insert(bodies.end(), lm_bodies.begin(), lm_bodies.end());
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_NE(bodies[0].body.find("How do I parse lines?"), std::string::npos);
}

TEST_F(AskCli, ReadsThePromptFromStdinAndRedactsAttachedFiles) {
  cc::testing::FakeBackendServer ollama(cc::testing::WireFormat::Ollama), lm(cc::testing::WireFormat::OpenAI);
  std::string secret = std::string("AKIA") + "Z3Q7XK2M4PLR9WTB";
  std::ofstream(home_ / "work" / "app.py") << "AWS_KEY = \"" << secret << "\"\nprint('hi')\n";
  auto r = run(std::vector<std::string>{"ask", "--file", "app.py", "--voice", "sec"} + urls(ollama, lm),
               "What is wrong with this file?\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto bodies = ollama.generation_requests();
  auto lm_bodies = lm.generation_requests();
  bodies.insert(bodies.end(), lm_bodies.begin(), lm_bodies.end());
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_NE(bodies[0].body.find("What is wrong with this file?"), std::string::npos);
  EXPECT_NE(bodies[0].body.find("print('hi')"), std::string::npos);
  EXPECT_EQ(bodies[0].body.find(secret), std::string::npos);
  EXPECT_NE(bodies[0].body.find("[REDACTED:"), std::string::npos);
}

TEST_F(AskCli, SeveralVoicesSynthesiseAndJsonReportsEachAnswer) {
  cc::testing::FakeBackendServer ollama(cc::testing::WireFormat::Ollama), lm(cc::testing::WireFormat::OpenAI);
  cc::testing::Script script{.tokens = {"Validate ", "the ", "input."}};
  ollama.set_default(script);
  lm.set_default(script);
  auto r = run(std::vector<std::string>{"ask", "review this", "--preset", "quality", "--mode", "consensus", "--json"} +
               urls(ollama, lm));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["mode"], "consensus");
  ASSERT_EQ(j["answers"].size(), 2u);
  EXPECT_EQ(j["answers"][0]["voice"], "guardian");
  EXPECT_TRUE(j["answers"][0]["contributed"].get<bool>());
  EXPECT_EQ(j["final"]["text"], "Validate the input.");
}

TEST_F(AskCli, NothingReachableFailsNamingEndpointsAndHowToStartAServer) {
  std::string ollama = "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port());
  std::string lm = "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port()) + "/v1";
  auto r = run({"ask", "hello", "--ollama-url", ollama, "--openai-url", lm});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find(ollama), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(lm), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ollama serve"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("LM Studio"), std::string::npos) << r.err;
}

TEST_F(AskCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run({"ask", "x", "--voice", "a", "--voices", "b,c"}).exit_code, 2);
  auto mode = run({"ask", "x", "--mode", "bogus"});
  EXPECT_EQ(mode.exit_code, 2);
  EXPECT_NE(mode.err.find("competitive, collaborative or consensus"), std::string::npos);
  auto voice = run({"ask", "x", "--voice", "wizard"});
  EXPECT_EQ(voice.exit_code, 2);
  EXPECT_NE(voice.err.find("valid voices: explorer"), std::string::npos);
  EXPECT_EQ(run({"ask", "x", "--file", "/nonexistent/file"}).exit_code, 2);
  EXPECT_EQ(run({"ask"}, "").exit_code, 2);  // empty stdin: no question
  EXPECT_EQ(run({"ask", "x", "--max-tokens", "lots"}).exit_code, 2);
}

}  // namespace
