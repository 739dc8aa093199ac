// Feature tests over the real binary: diagnostics (push and pull), code actions, applyFix,
// configuration, positions with emoji/CJK in each encoding. Synchronised on
// `codecrucible/sync` and on published messages, never on sleeps.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/lsp_process.h"

using cc::testing::json;
using cc::testing::LspProcess;

namespace {

const char* kPython =
    "import yaml\n"
    "def load(path):\n"
    "    breakpoint()\n"
    "    return yaml.load(open(path))\n";

class LspSession {
 public:
  explicit LspSession(json capabilities = json::object(), json init_options = json::object())
      : p({CC_BINARY, "lsp"}, {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=/tmp/cc-test-cache"}) {
    json params{{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", std::move(capabilities)}};
    if (!init_options.empty()) params["initializationOptions"] = std::move(init_options);
    p.request(1, "initialize", params);
    auto r = p.wait_response(1);
    EXPECT_TRUE(r && r->contains("result"));
    if (r) init_result = (*r)["result"];
    p.notify("initialized");
  }
  ~LspSession() {
    p.request("bye", "shutdown");
    p.wait_response("bye");
    p.notify("exit");
    auto code = p.wait_exit();
    EXPECT_TRUE(code && *code == 0);
    EXPECT_TRUE(p.framing_errors().empty());
  }
  void open(const std::string& uri, const std::string& lang, const std::string& text, int version = 1) {
    p.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", lang}, {"version", version}, {"text", text}}}});
  }
  void sync() {
    json id = "sync-" + std::to_string(++n);
    p.request(id, "codecrucible/sync");
    ASSERT_TRUE(p.wait_response(id));
  }
  json call(const std::string& method, json params) {
    json id = ++n;
    p.request(id, method, std::move(params));
    auto r = p.wait_response(id);
    return r ? *r : json();
  }
  // The last publishDiagnostics for uri seen so far.
  std::optional<json> last_publish(const std::string& uri) {
    std::optional<json> last;
    for (const auto& m : p.all())
      if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri) last = m["params"];
    return last;
  }

  LspProcess p;
  json init_result;
  int n = 100;
};

json find_code(const json& diagnostics, const std::string& code) {
  for (const auto& d : diagnostics)
    if (d.value("code", "") == code) return d;
  return json();
}

}  // namespace

TEST(LspFeatures, PublishesDiagnosticsWithVersionAndClearsOnClose) {
  LspSession s(json{{"textDocument", {{"publishDiagnostics", {{"versionSupport", true}}}}}});
  s.open("file:///w/a.py", "python", kPython);
  s.sync();
  auto pub = s.last_publish("file:///w/a.py");
  ASSERT_TRUE(pub);
  EXPECT_EQ((*pub)["version"], 1);
  auto bp = find_code((*pub)["diagnostics"], "debug-leftover");
  ASSERT_FALSE(bp.is_null()) << pub->dump();
  EXPECT_EQ(bp["source"], "codecrucible");
  EXPECT_EQ(bp["range"]["start"]["line"], 2);
  EXPECT_EQ(bp["data"]["category"], "debug-leftover");

  s.p.notify("textDocument/didClose", {{"textDocument", {{"uri", "file:///w/a.py"}}}});
  s.sync();
  pub = s.last_publish("file:///w/a.py");
  ASSERT_TRUE(pub);
  EXPECT_TRUE((*pub)["diagnostics"].empty());
}

TEST(LspFeatures, RapidEditsPublishOnlyTheLatestVersion) {
  LspSession s(json{{"textDocument", {{"publishDiagnostics", {{"versionSupport", true}}}}}});
  s.open("file:///w/b.py", "python", "x = 1\n");
  for (int v = 2; v <= 50; ++v) {
    json change{{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
                {"text", v == 50 ? "breakpoint()\n" : "# line\n"}};
    s.p.notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/b.py"}, {"version", v}}},
                                         {"contentChanges", json::array({change})}});
  }
  s.sync();
  auto pub = s.last_publish("file:///w/b.py");
  ASSERT_TRUE(pub);
  EXPECT_EQ((*pub)["version"], 50);
  auto bp = find_code((*pub)["diagnostics"], "debug-leftover");
  ASSERT_FALSE(bp.is_null());
  EXPECT_EQ(bp["range"]["start"]["line"], 0);
  // Every publish carried a version that existed, in increasing order.
  int last = 0;
  for (const auto& m : s.p.all())
    if (m.value("method", "") == "textDocument/publishDiagnostics") {
      int v = m["params"]["version"];
      EXPECT_GT(v, last);
      last = v;
    }
}

TEST(LspFeatures, PositionsFollowTheNegotiatedEncoding) {
  // The finding sits after an emoji and CJK text on the same line.
  const std::string line = "s = \"\xF0\x9F\x98\x80\xE4\xB8\xAD\"; breakpoint()\n";
  for (const char* enc : {"utf-16", "utf-8", "utf-32"}) {
    LspSession s(json{{"general", {{"positionEncodings", json::array({enc})}}}});
    EXPECT_EQ(s.init_result["capabilities"]["positionEncoding"], enc);
    s.open("file:///w/e.py", "python", line);
    s.sync();
    auto pub = s.last_publish("file:///w/e.py");
    ASSERT_TRUE(pub);
    auto bp = find_code((*pub)["diagnostics"], "debug-leftover");
    ASSERT_FALSE(bp.is_null());
    // Byte column 15; the emoji is 4 bytes = 2 UTF-16 units = 1 code point, 中 is 3 = 1 = 1.
    int expected = std::string(enc) == "utf-8" ? 15 : std::string(enc) == "utf-16" ? 11 : 10;
    EXPECT_EQ(bp["range"]["start"]["character"], expected) << enc;
  }
}

TEST(LspFeatures, PullDiagnosticsInsteadOfPushWhenTheClientSupportsIt) {
  LspSession s(json{{"textDocument", {{"diagnostic", {{"dynamicRegistration", false}}}}}});
  ASSERT_TRUE(s.init_result["capabilities"].contains("diagnosticProvider"));
  s.open("file:///w/c.py", "python", kPython);
  auto full = s.call("textDocument/diagnostic", {{"textDocument", {{"uri", "file:///w/c.py"}}}});
  ASSERT_EQ(full["result"]["kind"], "full") << full.dump();
  EXPECT_FALSE(find_code(full["result"]["items"], "debug-leftover").is_null());
  auto again = s.call("textDocument/diagnostic", {{"textDocument", {{"uri", "file:///w/c.py"}}},
                                                  {"previousResultId", full["result"]["resultId"]}});
  EXPECT_EQ(again["result"]["kind"], "unchanged");
  s.sync();
  EXPECT_FALSE(s.last_publish("file:///w/c.py")) << "push and pull must not both be used";
}

TEST(LspFeatures, QuickFixIsFoundThroughDataEvenWithByteRanges) {
  json caps{{"textDocument", {{"codeAction", {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", json::array()}}}}}}}}},
            {"workspace", {{"applyEdit", true}}}};
  LspSession s(caps);
  const std::string text = "import yaml\nx = \"\xF0\x9F\x98\x80\"; cfg = yaml.load(x)\n";
  s.open("file:///w/d.py", "python", text);
  s.sync();
  auto diag = find_code((*s.last_publish("file:///w/d.py"))["diagnostics"], "py-yaml-load");
  ASSERT_FALSE(diag.is_null()) << s.last_publish("file:///w/d.py")->dump();
  // Neovim 0.7 sends the range back in bytes: shift it so it no longer matches exactly.
  diag["range"]["start"]["character"] = 23;
  diag["range"]["end"]["character"] = 32;
  auto actions = s.call("textDocument/codeAction",
                        {{"textDocument", {{"uri", "file:///w/d.py"}}},
                         {"range", {{"start", {{"line", 5}, {"character", 0}}}, {"end", {{"line", 5}, {"character", 0}}}}},
                         {"context", {{"diagnostics", json::array({diag})}, {"only", json::array({"quickfix"})}}}});
  ASSERT_TRUE(actions["result"].is_array()) << actions.dump();
  bool found_fix = false, found_ignore = false;
  for (const auto& a : actions["result"]) {
    EXPECT_EQ(a["kind"], "quickfix");
    std::string title = a["title"];
    if (title.find("Ignore py-yaml-load") != std::string::npos) {
      found_ignore = true;
      EXPECT_EQ(a["edit"]["changes"]["file:///w/d.py"][0]["newText"], "# codecrucible-ignore: py-yaml-load\n");
    } else if (a.contains("edit")) {
      found_fix = true;
      const json& e = a["edit"]["changes"]["file:///w/d.py"][0];
      EXPECT_EQ(e["newText"], "safe_load");
      EXPECT_EQ(e["range"]["start"], (json{{"line", 1}, {"character", 21}}));  // UTF-16: the emoji counts 2
    }
  }
  EXPECT_TRUE(found_fix) << actions.dump();
  EXPECT_TRUE(found_ignore) << actions.dump();
  // context.only filters out other kinds.
  auto refactors = s.call("textDocument/codeAction",
                          {{"textDocument", {{"uri", "file:///w/d.py"}}},
                           {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
                           {"context", {{"diagnostics", json::array()}, {"only", json::array({"refactor.extract"})}}}});
  EXPECT_TRUE(refactors["result"].empty()) << refactors.dump();
}

TEST(LspFeatures, ApplyFixCommandRoundTripsThroughApplyEdit) {
  LspSession s(json{{"workspace", {{"applyEdit", true}, {"workspaceEdit", {{"documentChanges", true}}}}}});
  s.open("file:///w/f.py", "python", "def f():\n    breakpoint()\n");
  s.sync();
  json id = "fix";
  s.p.request(id, "workspace/executeCommand",
              {{"command", "codecrucible.applyFix"},
               {"arguments", json::array({{{"uri", "file:///w/f.py"}, {"rule", "debug-leftover"}, {"line", 1}}})}});
  auto apply = s.p.wait_for([](const json& m) { return m.value("method", "") == "workspace/applyEdit"; });
  ASSERT_TRUE(apply);
  auto& dc = (*apply)["params"]["edit"]["documentChanges"];
  ASSERT_EQ(dc.size(), 1u);
  EXPECT_EQ(dc[0]["textDocument"]["version"], 1);
  s.p.send({{"jsonrpc", "2.0"}, {"id", (*apply)["id"]}, {"result", {{"applied", true}}}});
  auto done = s.p.wait_response(id);
  ASSERT_TRUE(done);
  EXPECT_TRUE(done->contains("result")) << done->dump();

  // A client that refuses the edit: the command reports it.
  s.p.request("fix2", "workspace/executeCommand",
              {{"command", "codecrucible.applyFix"},
               {"arguments", json::array({{{"uri", "file:///w/f.py"}, {"rule", "debug-leftover"}, {"line", 1}}})}});
  apply = s.p.wait_for([](const json& m) { return m.value("method", "") == "workspace/applyEdit"; });
  ASSERT_TRUE(apply);
  s.p.send({{"jsonrpc", "2.0"}, {"id", (*apply)["id"]}, {"result", {{"applied", false}, {"failureReason", "user said no"}}}});
  done = s.p.wait_response("fix2");
  ASSERT_TRUE(done && done->contains("error")) << (done ? done->dump() : "");
  EXPECT_NE((*done)["error"]["message"].get<std::string>().find("user said no"), std::string::npos);
}

TEST(LspFeatures, ConfigurationFromInitializationOptionsAndDidChangeConfiguration) {
  LspSession s(json::object(), json{{"analysis", {{"rules", {{"debug-leftover", {{"enabled", false}}}}}}}});
  s.open("file:///w/g.py", "python", "breakpoint()  # TODO later\n");
  s.sync();
  auto pub = s.last_publish("file:///w/g.py");
  ASSERT_TRUE(pub);
  EXPECT_TRUE(find_code((*pub)["diagnostics"], "debug-leftover").is_null());
  EXPECT_FALSE(find_code((*pub)["diagnostics"], "todo").is_null());
  s.p.notify("workspace/didChangeConfiguration",
             {{"settings", {{"codecrucible", {{"analysis", {{"rules", {{"debug-leftover", {{"enabled", true}}}, {"todo", {{"enabled", false}}}}}}}}}}}});
  s.sync();
  pub = s.last_publish("file:///w/g.py");
  EXPECT_FALSE(find_code((*pub)["diagnostics"], "debug-leftover").is_null());
  EXPECT_TRUE(find_code((*pub)["diagnostics"], "todo").is_null());
}

TEST(LspFeatures, InvalidEditDropsTheDocumentWithAClearLogMessage) {
  LspSession s;
  s.open("file:///w/h.py", "python", "x = 1\n");
  s.p.notify("textDocument/didChange",
             {{"textDocument", {{"uri", "file:///w/h.py"}, {"version", 2}}},
              {"contentChanges", json::array({{{"range", {{"start", {{"line", 0}, {"character", 4}}}, {"end", {{"line", 0}, {"character", 1}}}}}, {"text", "y"}}})}});
  auto log = s.p.wait_notification("window/logMessage");
  ASSERT_TRUE(log);
  EXPECT_NE((*log)["params"]["message"].get<std::string>().find("dropped"), std::string::npos);
  // The server keeps working: reopen and analyse.
  s.open("file:///w/h.py", "python", "breakpoint()\n", 3);
  s.sync();
  auto pub = s.last_publish("file:///w/h.py");
  ASSERT_TRUE(pub);
  EXPECT_FALSE(find_code((*pub)["diagnostics"], "debug-leftover").is_null());
}

TEST(LspFeatures, UnansweredClientRequestsAreBounded) {
  // A client that never answers workspace/applyEdit: the pending table stays at 100 and the
  // oldest command is failed instead of waiting forever.
  LspSession s(json{{"workspace", {{"applyEdit", true}}}});
  s.open("file:///w/p.py", "python", "def f():\n    breakpoint()\n");
  s.sync();
  for (int i = 0; i < 101; ++i)
    s.p.request("cmd-" + std::to_string(i), "workspace/executeCommand",
                {{"command", "codecrucible.applyFix"},
                 {"arguments", json::array({{{"uri", "file:///w/p.py"}, {"rule", "debug-leftover"}, {"line", 1}}})}});
  auto first = s.p.wait_response("cmd-0");
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->contains("error")) << first->dump();
  EXPECT_NE((*first)["error"]["message"].get<std::string>().find("did not answer"), std::string::npos);
  auto metrics = s.call("codecrucible/metrics", json::object());
  EXPECT_EQ(metrics["result"]["server"]["pendingClientRequests"], 100);
}

TEST(LspFeatures, ExitsWhenTheClientProcessDies) {
  pid_t child = 0;
  char* argv[] = {const_cast<char*>("/bin/sleep"), const_cast<char*>("60"), nullptr};
  ASSERT_EQ(posix_spawn(&child, "/bin/sleep", nullptr, nullptr, argv, environ), 0);
  LspProcess p({CC_BINARY, "lsp", "--clientProcessId", std::to_string(child)});
  p.request(1, "initialize", {{"processId", child}, {"capabilities", json::object()}});
  ASSERT_TRUE(p.wait_response(1));
  ::kill(child, SIGKILL);
  int status;
  ::waitpid(child, &status, 0);
  auto code = p.wait_exit(std::chrono::seconds(10));
  ASSERT_TRUE(code) << "server outlived its client";
  EXPECT_EQ(*code, 1);  // no shutdown came first
}

TEST(LspFeatures, AnalyzeWorkspaceReportsProgressAndPublishesFindings) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("cc-ws-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "src");
  fs::create_directories(root / "ignored");
  std::ofstream(root / "src" / "a.py") << "import pickle\ndef f(b):\n    return pickle.loads(b)\n";
  std::ofstream(root / "src" / "clean.py") << "x = 1\n";
  std::ofstream(root / "ignored" / "b.py") << "breakpoint()\n";
  std::ofstream(root / ".gitignore") << "ignored/\n";
  {
    LspSession s(json{{"window", {{"workDoneProgress", true}}}});
    s.p.request("ws", "workspace/executeCommand", {{"command", "codecrucible.analyzeWorkspace"},
                                                  {"arguments", json::array({{{"root", root.string()}}})},
                                                  {"workDoneToken", "scan-1"}});
    auto done = s.p.wait_response("ws");
    ASSERT_TRUE(done && done->contains("result")) << (done ? done->dump() : "timeout");
    EXPECT_EQ((*done)["result"]["filesAnalyzed"], 2);
    bool begin = false, end = false, published_a = false, published_ignored = false;
    for (const auto& m : s.p.all()) {
      if (m.value("method", "") == "$/progress" && m["params"]["token"] == "scan-1") {
        begin |= m["params"]["value"]["kind"] == "begin";
        end |= m["params"]["value"]["kind"] == "end";
      }
      if (m.value("method", "") == "textDocument/publishDiagnostics") {
        std::string uri = m["params"]["uri"];
        published_a |= uri.find("src/a.py") != std::string::npos && !m["params"]["diagnostics"].empty();
        published_ignored |= uri.find("ignored") != std::string::npos;
      }
    }
    EXPECT_TRUE(begin);
    EXPECT_TRUE(end);
    EXPECT_TRUE(published_a);
    EXPECT_FALSE(published_ignored) << ".gitignore must be honoured";
  }
  fs::remove_all(root);
}

TEST(LspFeatures, SetTraceRejectsUnknownValuesWithoutDying) {
  LspSession s;
  s.p.notify("$/setTrace", {{"value", "loud"}});
  auto log = s.p.wait_notification("window/logMessage");
  ASSERT_TRUE(log);
  s.sync();
}
