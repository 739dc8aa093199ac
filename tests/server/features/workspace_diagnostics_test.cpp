// What an editor's Problems panel shows through scan → open → edit → save → close → rescan,
// over the real binary, for a push client (Neovim, Emacs) and a pull client (VS Code): every
// file's findings counted once, never a stale pushed set beside a pulled one. The client side
// is modelled the way the editors keep diagnostics: one pushed set per URI (each publish
// replaces it) and, for pull clients, one pulled set per open document (dropped on close).
// Synchronised on `codecrucible/sync`, never on sleeps.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "tests/support/lsp_process.h"

using cc::testing::json;
using cc::testing::LspProcess;

namespace {

namespace fs = std::filesystem;

// a.py: two findings (breakpoint, pickle.loads); b.py: one; clean.py: none.
const char* kA = "import pickle\ndef f(b):\n    breakpoint()\n    return pickle.loads(b)\n";
const char* kAOneFinding = "import pickle\ndef f(b):\n    return pickle.loads(b)\n";
const char* kB = "def g():\n    breakpoint()\n";
const char* kClean = "x = 1\n";

class Workspace {
 public:
  Workspace() : root(fs::temp_directory_path() / ("cc-wsdiag-" + std::to_string(::getpid()))) {
    fs::remove_all(root);
    fs::create_directories(root);
    write("a.py", kA);
    write("b.py", kB);
    write("clean.py", kClean);
  }
  ~Workspace() { fs::remove_all(root); }
  void write(const std::string& name, const std::string& text) { std::ofstream(root / name) << text; }
  std::string uri(const std::string& name) const { return "file://" + (root / name).string(); }
  fs::path root;
};

class Editor {
 public:
  Editor(bool pull, json extra_caps = json::object())
      : p({CC_BINARY, "lsp"}, {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=/tmp/cc-test-cache"}), pull_(pull) {
    json caps = extra_caps;
    if (pull) caps["textDocument"]["diagnostic"] = json{{"dynamicRegistration", false}};
    p.request(1, "initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", caps}});
    auto r = p.wait_response(1);
    EXPECT_TRUE(r && r->contains("result"));
    if (r) {
      EXPECT_EQ((*r)["result"]["capabilities"].contains("diagnosticProvider"), pull);
    }
    p.notify("initialized");
  }
  ~Editor() {
    p.request("bye", "shutdown");
    p.wait_response("bye");
    p.notify("exit");
    auto code = p.wait_exit();
    EXPECT_TRUE(code && *code == 0);
  }

  json scan(const fs::path& root) {
    p.request(++n, "workspace/executeCommand",
              {{"command", "codecrucible.analyzeWorkspace"}, {"arguments", json::array({{{"root", root.string()}}})}});
    auto r = p.wait_response(n);
    EXPECT_TRUE(r && r->contains("result")) << (r ? r->dump() : "timeout");
    sync();
    return r ? (*r)["result"] : json();
  }
  void open(const std::string& uri, const std::string& text) {
    versions_[uri] = 1;
    p.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", text}}}});
    pull_document(uri);
  }
  void replace(const std::string& uri, const std::string& text) {
    p.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", ++versions_[uri]}}},
                                        {"contentChanges", json::array({{{"text", text}}})}});
    pull_document(uri);
  }
  void save(const std::string& uri) { p.notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}}); }
  void close(const std::string& uri) {
    p.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
    pulled_.erase(uri);  // editors drop a closed document's pulled set
    sync();
  }
  void sync() {
    p.request(++n, "codecrucible/sync");
    ASSERT_TRUE(p.wait_response(n));
  }

  // Problems per URI as the editor shows them: its pushed set plus its pulled set.
  std::map<std::string, std::size_t> problems() {
    std::map<std::string, std::size_t> count;
    std::map<std::string, std::size_t> pushed;
    for (const auto& m : p.all())
      if (m.value("method", "") == "textDocument/publishDiagnostics") pushed[m["params"]["uri"]] = m["params"]["diagnostics"].size();
    for (const auto& [uri, k] : pushed)
      if (k) count[uri] += k;
    for (const auto& [uri, items] : pulled_)
      if (!items.empty()) count[uri] += items.size();
    return count;
  }
  std::size_t total() {
    std::size_t sum = 0;
    for (const auto& [uri, k] : problems()) sum += k;
    return sum;
  }

  // textDocument/diagnostic with the last resultId, as editors do on open, edit and refresh.
  void pull_document(const std::string& uri) {
    if (!pull_) {
      sync();
      return;
    }
    json params{{"textDocument", {{"uri", uri}}}};
    if (auto it = result_ids_.find(uri); it != result_ids_.end()) params["previousResultId"] = it->second;
    p.request(++n, "textDocument/diagnostic", params);
    auto r = p.wait_response(n);
    ASSERT_TRUE(r && r->contains("result")) << (r ? r->dump() : "timeout");
    const json& report = (*r)["result"];
    if (report["kind"] == "full") pulled_[uri] = report["items"];
    result_ids_[uri] = report.value("resultId", "");
    sync();
  }

  LspProcess p;

 private:
  bool pull_;
  int n = 100;
  std::map<std::string, int> versions_;
  std::map<std::string, json> pulled_;
  std::map<std::string, std::string> result_ids_;
};

void run_sequence(bool pull) {
  Workspace ws;
  Editor e(pull);
  const std::string a = ws.uri("a.py"), b = ws.uri("b.py");

  json result = e.scan(ws.root);
  EXPECT_EQ(result["findings"], 3);
  EXPECT_EQ(result["filesWithFindings"], 2);
  EXPECT_EQ(result["filesAnalyzed"], 3);
  auto problems = e.problems();
  EXPECT_EQ(problems[a], 2u);
  EXPECT_EQ(problems[b], 1u);
  EXPECT_EQ(e.total(), 3u);

  // Opening a scanned file: its findings once, not the scan's and the document's.
  e.open(a, kA);
  EXPECT_EQ(e.problems()[a], 2u) << "open";
  EXPECT_EQ(e.total(), 3u);

  // Editing away a finding: no stale entry from the scan stays behind.
  e.replace(a, kAOneFinding);
  EXPECT_EQ(e.problems()[a], 1u) << "edit";
  EXPECT_EQ(e.total(), 2u);

  // An editor whose text has no findings at all shows none, whatever the scan saw on disk.
  e.open(b, kClean);
  EXPECT_EQ(e.problems()[b], 0u) << "open without findings";

  // Closing without saving: the file on disk counts again.
  e.close(b);
  EXPECT_EQ(e.problems()[b], 1u) << "close unsaved";

  // Saving, then closing: the saved file counts.
  ws.write("a.py", kAOneFinding);
  e.save(a);
  e.close(a);
  EXPECT_EQ(e.problems()[a], 1u) << "close saved";
  EXPECT_EQ(e.total(), 2u);

  // A rescan after b.py is deleted: its findings go, a.py's stay counted once.
  fs::remove(ws.root / "b.py");
  result = e.scan(ws.root);
  EXPECT_EQ(result["findings"], 1);
  EXPECT_EQ(e.problems()[b], 0u) << "deleted file";
  EXPECT_EQ(e.problems()[a], 1u);
  EXPECT_EQ(e.total(), 1u);

  // Rescanning with a file open: the open document keeps its own results only.
  e.open(a, kA);
  e.scan(ws.root);
  EXPECT_EQ(e.problems()[a], 2u) << "rescan while open";
  EXPECT_EQ(e.total(), 2u);
}

}  // namespace

TEST(WorkspaceDiagnostics, PushClientCountsStayRightThroughScanOpenEditCloseRescan) { run_sequence(false); }

TEST(WorkspaceDiagnostics, PullClientCountsStayRightThroughScanOpenEditCloseRescan) { run_sequence(true); }

TEST(WorkspaceDiagnostics, ScanResultCarriesASummary) {
  Workspace ws;
  Editor e(false);
  json result = e.scan(ws.root);
  // breakpoint() is a warning, pickle.loads an error (the rule catalogue's defaults).
  EXPECT_EQ(result["summary"], "3 findings in 2 files: 1 error, 2 warnings") << result.dump();
  EXPECT_EQ(result["severities"]["error"], 1);
  EXPECT_EQ(result["severities"]["warning"], 2);
  fs::remove(ws.root / "a.py");
  fs::remove(ws.root / "b.py");
  EXPECT_EQ(e.scan(ws.root)["summary"], "no findings in 1 file");
}

TEST(WorkspaceDiagnostics, NewSettingsReachTheScannedFilesThatAreNotOpen) {
  Workspace ws;
  Editor e(false);
  e.scan(ws.root);
  EXPECT_EQ(e.total(), 3u);
  e.p.notify("workspace/didChangeConfiguration",
             {{"settings", {{"codecrucible", {{"analysis", {{"rules", {{"debug-leftover", {{"enabled", false}}}}}}}}}}}});
  e.sync();
  auto problems = e.problems();
  EXPECT_EQ(problems[ws.uri("a.py")], 1u) << "pickle.loads stays, breakpoint() goes";
  EXPECT_EQ(problems[ws.uri("b.py")], 0u);
}

TEST(WorkspaceDiagnostics, PullClientIsAskedToRefreshWhenResultsChangeUnasked) {
  Workspace ws;
  Editor e(true, json{{"workspace", {{"diagnostics", {{"refreshSupport", true}}}}}});
  const std::string a = ws.uri("a.py");
  e.open(a, kA);
  EXPECT_EQ(e.problems()[a], 2u);
  // New settings change the results of an open document: the client did not ask, so the
  // server asks it to pull again.
  e.p.notify("workspace/didChangeConfiguration",
             {{"settings", {{"codecrucible", {{"analysis", {{"rules", {{"debug-leftover", {{"enabled", false}}}}}}}}}}}});
  auto refresh = e.p.wait_for([](const json& m) { return m.value("method", "") == "workspace/diagnostic/refresh"; });
  ASSERT_TRUE(refresh);
  e.p.send({{"jsonrpc", "2.0"}, {"id", (*refresh)["id"]}, {"result", nullptr}});
  e.pull_document(a);
  EXPECT_EQ(e.problems()[a], 1u);
  // Nothing changed since: no further refresh.
  e.sync();
  std::size_t refreshes = 0;
  for (const auto& m : e.p.all()) refreshes += m.value("method", "") == "workspace/diagnostic/refresh";
  EXPECT_EQ(refreshes, 1u);
}
