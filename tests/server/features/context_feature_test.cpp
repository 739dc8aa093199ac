// The context engine over the real binary with fake model servers: the prompt body of an AI
// action and of inline completion carries the definitions the code uses from other files,
// and nothing outside the workspace, gitignored or excluded by settings is ever sent.
// documentSymbol and workspace/symbol answer from the index only with symbols.enabled.
// Synchronised on codecrucible/sync (which waits for the index build), never on sleeps.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/fake_backend_server.h"
#include "tests/support/lsp_process.h"

using cc::testing::FakeBackendServer;
using cc::testing::json;
using cc::testing::LspProcess;
using cc::testing::Script;
using cc::testing::WireFormat;

namespace {

namespace fs = std::filesystem;

class Workspace {
 public:
  Workspace() {
    static int n = 0;
    root_ = fs::temp_directory_path() / ("cc-context-ws-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(root_);
    write("ws/pkg/util.py",
          "def normalise_value(value, retries=3):\n    \"\"\"Normalises a value.\"\"\"\n    return value.strip()\n");
    write("ws/pkg/hidden.py", "def hidden_helper():\n    return 'IGNORED_MARKER'\n");
    write("ws/pkg/vendored.py", "def vendor_helper():\n    return 'VENDOR_MARKER'\n");
    write("ws/.gitignore", "pkg/hidden.py\n");
    write("outside/elsewhere.py", "def outside_helper():\n    return 'OUTSIDE_MARKER'\n");
    main_text =
        "from .util import normalise_value\nfrom .hidden import hidden_helper\nfrom .vendored import vendor_helper\n\n"
        "def run(x):\n    a = normalise_value(x)\n    b = hidden_helper() + vendor_helper() + outside_helper()\n"
        "    return a + b\n";
    write("ws/pkg/main.py", main_text);
    root_ = fs::canonical(root_);
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  std::string uri(const std::string& rel) const { return "file://" + (root_ / rel).string(); }
  fs::path root_;
  std::string main_text;
};

json settings(const std::string& ollama_url, const std::string& openai_url, bool symbols) {
  return json{{"generation",
               {{"endpoints", json::array({{{"name", "o"}, {"kind", "ollama"}, {"url", ollama_url}, {"tier", "quality"}, {"model", "m"}},
                                           {{"name", "f"}, {"kind", "openai"}, {"url", openai_url}, {"tier", "fast"}, {"model", "m"}}})},
                {"cache", {{"enabled", false}}}}},
              {"analysis", {{"exclude", json::array({"pkg/vendored.py"})}}},
              {"completion", {{"debounceMs", 0}}},
              {"context", {{"persist", false}}},
              {"symbols", {{"enabled", symbols}}}};
}

class Session {
 public:
  Session(const Workspace& w, const json& init, const std::string& cache)
      : p({CC_BINARY, "lsp"}, {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=" + cache}) {
    json caps{{"window", {{"workDoneProgress", false}}},
              {"workspace", {{"applyEdit", true}, {"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}},
              {"textDocument",
               {{"codeAction",
                 {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", json::array()}}}}},
                  {"dataSupport", true},
                  {"resolveSupport", {{"properties", json::array({"edit"})}}}}},
                {"inlineCompletion", json::object()}}}};
    p.request(1, "initialize", {{"processId", nullptr}, {"rootUri", w.uri("ws")}, {"capabilities", caps},
                                {"initializationOptions", init}});
    auto init_reply = wait(1);
    EXPECT_TRUE(init_reply);
    if (init_reply) capabilities = (*init_reply)["result"]["capabilities"];
    p.notify("initialized");
    p.request("sync0", "codecrucible/sync");  // waits for the index build
    EXPECT_TRUE(wait("sync0"));
  }
  ~Session() {
    p.request("bye", "shutdown");
    wait("bye");
    p.notify("exit");
    auto code = p.wait_exit();
    EXPECT_TRUE(code && *code == 0);
    EXPECT_TRUE(p.framing_errors().empty());
  }
  void answer(const json& m) {
    if (m.value("method", "") == "codecrucible/status" && !m["params"].value("backends", json::array()).empty()) probed = true;
    if (!m.contains("id") || !m.contains("method")) return;
    if (m["method"] == "client/registerCapability") registered_watcher = true;
    p.send({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", nullptr}});
  }
  std::optional<json> wait(const json& id) {
    return p.wait_for([&](const json& m) { answer(m); return m.value("id", json()) == id && !m.contains("method"); });
  }
  void open(const std::string& uri, const std::string& text) {
    p.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", text}}}});
  }
  // Waits for the first health probe's status (sent after it finished).
  bool wait_probed() {
    return probed || p.wait_for([&](const json& m) { answer(m); return probed; }).has_value();
  }
  LspProcess p;
  json capabilities;
  bool registered_watcher = false;
  bool probed = false;
};

std::string all_bodies(const FakeBackendServer& a, const FakeBackendServer& b) {
  std::string out;
  for (const auto& r : a.generation_requests()) out += r.body + "\n";
  for (const auto& r : b.generation_requests()) out += r.body + "\n";
  return out;
}

// What the fake model servers answer to the Refactor action.
Script refactor_answer() {
  Script answer;
  answer.tokens = {"```python\n", "    a = normalise_value(x)\n", "```\n"};
  return answer;
}

// Resolves the Refactor action on main.py's lines 6 to end_line and returns every prompt body sent.
std::string refactor_prompts(Session& s, const Workspace& w, FakeBackendServer& a, FakeBackendServer& b, int end_line = 6) {
  std::string uri = w.uri("ws/pkg/main.py");
  s.open(uri, w.main_text);
  s.p.request("sync1", "codecrucible/sync");
  EXPECT_TRUE(s.wait("sync1"));
  s.p.request("ca", "textDocument/codeAction",
              {{"textDocument", {{"uri", uri}}},
               {"range", {{"start", {{"line", 5}, {"character", 0}}}, {"end", {{"line", end_line}, {"character", 0}}}}},
               {"context", {{"diagnostics", json::array()}}}});
  auto actions = s.wait("ca");
  json refactor;
  for (const auto& action : actions ? (*actions)["result"] : json::array())
    if (action.value("title", "").find("Refactor") != std::string::npos) refactor = action;
  EXPECT_FALSE(refactor.is_null());
  s.p.request("res", "codeAction/resolve", refactor);
  auto resolved = s.wait("res");
  EXPECT_TRUE(resolved && resolved->contains("result")) << (resolved ? resolved->dump() : "timeout");
  return all_bodies(a, b);
}

TEST(ContextFeature, ActionPromptCarriesDefinitionsAndNothingExcluded) {
  Workspace w;
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  ollama.set_default(refactor_answer());
  openai.set_default(refactor_answer());
  Session s(w, settings(ollama.url(), openai.url(), false), (w.root_ / "cache").string());
  // A document outside the workspace, edited: never indexed, never a "recent edit".
  std::string outside = w.uri("outside/elsewhere.py");
  s.open(outside, "def outside_helper():\n    return 'OUTSIDE_MARKER'\n");
  s.p.notify("textDocument/didChange", {{"textDocument", {{"uri", outside}, {"version", 2}}},
                                         {"contentChanges", json::array({{{"text", "def outside_helper():\n    return 'OUTSIDE_MARKER2'\n"}}})}});
  std::string bodies = refactor_prompts(s, w, ollama, openai);
  ASSERT_FALSE(bodies.empty());
  EXPECT_NE(bodies.find("def normalise_value(value, retries=3):"), std::string::npos) << bodies;
  EXPECT_NE(bodies.find("pkg/util.py"), std::string::npos) << bodies;
  EXPECT_EQ(bodies.find("IGNORED_MARKER"), std::string::npos) << bodies;
  EXPECT_EQ(bodies.find("VENDOR_MARKER"), std::string::npos) << bodies;
  EXPECT_EQ(bodies.find("OUTSIDE_MARKER"), std::string::npos) << bodies;
  EXPECT_TRUE(s.registered_watcher);
  EXPECT_FALSE(s.capabilities.contains("documentSymbolProvider"));
}

// A model server that reports a small context window gets a smaller related-code block: the
// budget is a quarter of the window, so a long definition that fits the default budget stays out.
TEST(ContextFeature, TheModelsContextWindowSetsTheBudget) {
  Workspace w;
  std::string doc;
  for (int i = 0; i < 60; ++i) doc += "    Detail line " + std::to_string(i) + " of a long explanation LONGDOC_MARKER.\n";
  w.write("ws/pkg/util.py", "def normalise_value(value, retries=3):\n    \"\"\"Normalises a value.\n" + doc +
                                "    \"\"\"\n    return value.strip()\n");
  for (std::size_t window : {0u, 512u}) {
    SCOPED_TRACE("context window " + std::to_string(window));
    FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
    for (auto* server : {&ollama, &openai}) {
      server->set_default(refactor_answer());
      server->set_models({"m"});
      server->set_context_length(window);
    }
    Session s(w, settings(ollama.url(), openai.url(), false), (w.root_ / ("cache" + std::to_string(window))).string());
    ASSERT_TRUE(s.wait_probed());
    std::string bodies = refactor_prompts(s, w, ollama, openai);
    ASSERT_FALSE(bodies.empty());
    if (window == 0)
      EXPECT_NE(bodies.find("LONGDOC_MARKER"), std::string::npos) << "the default budget holds it";
    else
      EXPECT_EQ(bodies.find("LONGDOC_MARKER"), std::string::npos) << "128 tokens cannot hold it:\n" << bodies;
  }
}

// A folder added after startup is indexed at once: its definitions reach the next prompt.
TEST(ContextFeature, AFolderAddedLaterIsIndexed) {
  Workspace w;
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  ollama.set_default(refactor_answer());
  openai.set_default(refactor_answer());
  Session s(w, settings(ollama.url(), openai.url(), false), (w.root_ / "cache").string());
  s.p.notify("workspace/didChangeWorkspaceFolders",
             {{"event", {{"added", json::array({{{"uri", w.uri("outside")}, {"name", "outside"}}})}, {"removed", json::array()}}}});
  std::string bodies = refactor_prompts(s, w, ollama, openai, 7);
  EXPECT_NE(bodies.find("def outside_helper():"), std::string::npos) << bodies;
}

TEST(ContextFeature, CompletionPromptStartsWithTheContextBlock) {
  Workspace w;
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script answer;
  answer.tokens = {"(x)"};
  ollama.set_default(answer);
  openai.set_default(answer);
  Session s(w, settings(ollama.url(), openai.url(), false), (w.root_ / "cache").string());
  std::string uri = w.uri("ws/pkg/main.py");
  s.open(uri, w.main_text);
  s.p.request("sync1", "codecrucible/sync");
  ASSERT_TRUE(s.wait("sync1"));
  s.p.request("ic", "textDocument/inlineCompletion",
              {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 5}, {"character", 24}}},
               {"context", {{"triggerKind", 1}}}});
  auto r = s.wait("ic");
  ASSERT_TRUE(r);
  std::string bodies = all_bodies(ollama, openai);
  ASSERT_FALSE(bodies.empty());
  EXPECT_NE(bodies.find("# Path: pkg/util.py"), std::string::npos) << bodies;
  EXPECT_NE(bodies.find("def normalise_value"), std::string::npos) << bodies;
  EXPECT_EQ(bodies.find("IGNORED_MARKER"), std::string::npos);
  EXPECT_EQ(bodies.find("VENDOR_MARKER"), std::string::npos);
}

TEST(ContextFeature, SymbolsOnlyWhenEnabled) {
  Workspace w;
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Session s(w, settings(ollama.url(), openai.url(), true), (w.root_ / "cache").string());
  EXPECT_EQ(s.capabilities.value("documentSymbolProvider", false), true);
  EXPECT_EQ(s.capabilities.value("workspaceSymbolProvider", false), true);
  std::string uri = w.uri("ws/pkg/main.py");
  s.open(uri, w.main_text);
  s.p.request("ds", "textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  auto ds = s.wait("ds");
  ASSERT_TRUE(ds);
  ASSERT_TRUE((*ds)["result"].is_array()) << ds->dump();
  ASSERT_EQ((*ds)["result"].size(), 1u) << ds->dump();
  EXPECT_EQ((*ds)["result"][0]["name"], "run");
  EXPECT_EQ((*ds)["result"][0]["location"]["range"]["start"]["line"], 4);
  s.p.request("ws", "workspace/symbol", {{"query", "normalise"}});
  auto ws = s.wait("ws");
  ASSERT_TRUE(ws);
  ASSERT_EQ((*ws)["result"].size(), 1u) << ws->dump();
  EXPECT_EQ((*ws)["result"][0]["location"]["uri"], w.uri("ws/pkg/util.py"));
  s.p.request("none", "workspace/symbol", {{"query", "hidden_helper"}});
  auto none = s.wait("none");
  ASSERT_TRUE(none);
  EXPECT_TRUE((*none)["result"].empty()) << none->dump();

  // A file appears: the watcher's event puts it in the index.
  w.write("ws/pkg/fresh.py", "def fresh_function():\n    pass\n");
  s.p.notify("workspace/didChangeWatchedFiles", {{"changes", json::array({{{"uri", w.uri("ws/pkg/fresh.py")}, {"type", 1}}})}});
  s.p.request("sync2", "codecrucible/sync");
  ASSERT_TRUE(s.wait("sync2"));
  s.p.request("ws2", "workspace/symbol", {{"query", "fresh_function"}});
  auto ws2 = s.wait("ws2");
  ASSERT_TRUE(ws2);
  EXPECT_EQ((*ws2)["result"].size(), 1u) << ws2->dump();
}

}  // namespace
