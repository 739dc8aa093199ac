// generation.enabled ("auto" | "on" | "off") and the endpoint flags of `codecrucible lsp`, over
// the real binary: "off" probes nothing and offers no AI; "auto" with nothing configured and
// nothing reachable is quiet (neutral status, no AI items, one hint); --ollama-url and
// --openai-url replace the configured endpoints as for `ask` and `doctor`.
// Synchronised on messages and `codecrucible/sync`, never on sleeps.
#include <gtest/gtest.h>

#include "tests/support/fake_backend_server.h"
#include "tests/support/free_port.h"
#include "tests/support/lsp_process.h"

using cc::testing::FakeBackendServer;
using cc::testing::json;
using cc::testing::LspProcess;
using cc::testing::WireFormat;

namespace {

const char* kDoc = "def f():\n    breakpoint()\n";

json code_action_caps() {
  return json{{"textDocument",
               {{"codeAction", {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", json::array()}}}}},
                                {"disabledSupport", true}}}}}};
}

class Session {
 public:
  Session(std::vector<std::string> extra_args, json init_options)
      : p(args(std::move(extra_args)), {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=/tmp/cc-aimode-test-cache", "OLLAMA_HOST="}) {
    p.request(1, "initialize", {{"processId", nullptr}, {"capabilities", code_action_caps()}, {"initializationOptions", init_options}});
    EXPECT_TRUE(p.wait_response(1));
    p.notify("initialized");
  }
  ~Session() {
    p.request("bye", "shutdown");
    p.wait_response("bye");
    p.notify("exit");
    auto code = p.wait_exit();
    EXPECT_TRUE(code && *code == 0);
  }
  json call(const std::string& method, json params) {
    p.request(++n, method, std::move(params));
    auto r = p.wait_response(n);
    return r && r->contains("result") ? (*r)["result"] : json();
  }
  // Titles of the code actions on the finding in line 1 of kDoc.
  std::vector<std::string> action_titles() {
    p.notify("textDocument/didOpen", {{"textDocument", {{"uri", "file:///w/m.py"}, {"languageId", "python"}, {"version", 1}, {"text", kDoc}}}});
    call("codecrucible/sync", json::object());
    json actions = call("textDocument/codeAction",
                        {{"textDocument", {{"uri", "file:///w/m.py"}}},
                         {"range", {{"start", {{"line", 1}, {"character", 4}}}, {"end", {{"line", 1}, {"character", 4}}}}},
                         {"context", {{"diagnostics", json::array()}}}});
    std::vector<std::string> titles;
    for (const auto& a : actions) titles.push_back(a.value("title", ""));
    return titles;
  }
  std::optional<json> wait_status() {
    auto m = p.wait_notification("codecrucible/status");
    return m ? std::optional<json>((*m)["params"]) : std::nullopt;
  }

  LspProcess p;
  int n = 100;

 private:
  static std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> a{CC_BINARY, "lsp"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
};

bool has_ai_item(const std::vector<std::string>& titles) {
  for (const auto& t : titles)
    if (t.rfind("AI:", 0) == 0) return true;
  return false;
}

json endpoint(const std::string& url) {
  return json{{"generation", {{"endpoints", json::array({{{"name", "fake"}, {"kind", "ollama"}, {"url", url}, {"tier", "quality"}, {"model", "m"}}})},
                              {"timeouts", {{"connectMs", 500}}}}}};
}

}  // namespace

TEST(AiMode, OffProbesNothingAndOffersNoAi) {
  FakeBackendServer ollama(WireFormat::Ollama);
  json options = endpoint(ollama.url());
  options["generation"]["enabled"] = "off";
  Session s({}, options);
  auto titles = s.action_titles();
  EXPECT_FALSE(titles.empty()) << "static quick fixes stay";
  EXPECT_FALSE(has_ai_item(titles));
  json status = s.call("codecrucible/metrics", json::object())["status"];
  EXPECT_EQ(status["mode"], "off");
  EXPECT_EQ(status["enabled"], false);
  EXPECT_TRUE(ollama.requests().empty()) << "\"off\" must not probe";

  // Turned back on: the same endpoint is probed and AI is offered, so the check above could fail.
  s.p.notify("workspace/didChangeConfiguration", {{"settings", {{"codecrucible", {{"generation", {{"enabled", "auto"}}}}}}}});
  auto after = s.wait_status();
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)["available"], true) << after->dump();
  EXPECT_FALSE(ollama.requests().empty());
  EXPECT_TRUE(has_ai_item(s.action_titles()));
}

TEST(AiMode, AutoWithNothingConfiguredAndNothingReachableIsQuiet) {
  Session s({}, json::object());  // the built-in default endpoints, OLLAMA_HOST unset
  auto status = s.wait_status();
  ASSERT_TRUE(status);
  if ((*status)["available"] == true) GTEST_SKIP() << "a model server answers on a default port of this machine";
  EXPECT_EQ((*status)["mode"], "auto");
  EXPECT_EQ((*status)["quiet"], true);
  EXPECT_NE((*status)["summary"].get<std::string>().find("static analysis only"), std::string::npos);
  ASSERT_TRUE(status->contains("hint"));
  auto titles = s.action_titles();
  EXPECT_FALSE(titles.empty());
  for (const auto& t : titles) {
    EXPECT_EQ(t.rfind("AI:", 0), std::string::npos) << t;
    EXPECT_EQ(t.find("Doctor"), std::string::npos) << t;
  }
  // The hint how to enable AI is logged once.
  std::size_t hints = 0;
  for (const auto& m : s.p.all())
    if (m.value("method", "") == "window/logMessage" &&
        m["params"]["message"].get<std::string>().find("generation.enabled") != std::string::npos)
      ++hints;
  EXPECT_EQ(hints, 1u);
}

TEST(AiMode, OnReportsAnUnreachableEndpointAsAProblem) {
  std::string dead = "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port());
  json options = endpoint(dead);
  options["generation"]["enabled"] = "on";
  Session s({}, options);
  auto status = s.wait_status();
  ASSERT_TRUE(status);
  EXPECT_EQ((*status)["available"], false);
  EXPECT_EQ((*status)["quiet"], false);
  EXPECT_TRUE(has_ai_item(s.action_titles())) << "offered, disabled with the reason";
}

TEST(LspCommandLine, EndpointFlagsReplaceTheConfiguredEndpoints) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  std::string dead = "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port());
  // The configured endpoint is dead; the flags point at live servers and win.
  Session s({"--ollama-url", ollama.url(), "--openai-url=" + openai.url()}, endpoint(dead));
  auto status = s.wait_status();
  ASSERT_TRUE(status);
  EXPECT_EQ((*status)["available"], true) << status->dump();
  std::vector<std::string> urls;
  for (const auto& b : (*status)["backends"]) urls.push_back(b["url"]);
  EXPECT_NE(std::find(urls.begin(), urls.end(), ollama.url()), urls.end()) << status->dump();
  EXPECT_NE(std::find(urls.begin(), urls.end(), openai.url()), urls.end()) << status->dump();
  EXPECT_EQ(std::find(urls.begin(), urls.end(), dead), urls.end()) << status->dump();
  EXPECT_FALSE(ollama.requests().empty());
  EXPECT_FALSE(openai.requests().empty()) << status->dump();
}
