// Multi-root workspaces over the real binary: every folder of initialize counts, each with its
// own .codecrucible.json for open documents and scans, and workspace/didChangeWorkspaceFolders
// adds and removes folders. Synchronised on `codecrucible/sync`, never on sleeps.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/lsp_process.h"

using cc::testing::json;
using cc::testing::LspProcess;

namespace {

namespace fs = std::filesystem;

const char* kCode = "def f():\n    breakpoint()\n";

// Three folders with the same file; "quiet" turns the finding's rule off in its own config.
class Folders {
 public:
  Folders() : base(fs::temp_directory_path() / ("cc-folders-" + std::to_string(::getpid()))) {
    fs::remove_all(base);
    for (const char* name : {"loud", "quiet", "extra"}) {
      fs::create_directories(base / name);
      std::ofstream(base / name / "m.py") << kCode;
    }
    std::ofstream(base / "quiet" / ".codecrucible.json") << R"({"analysis": {"rules": {"debug-leftover": false}}})";
    std::ofstream(base / "extra" / ".codecrucible.json") << R"({"analysis": {"rules": {"debug-leftover": "error"}}})";
  }
  ~Folders() { fs::remove_all(base); }
  std::string uri(const std::string& name) const { return "file://" + (base / name).string(); }
  json folder(const std::string& name) const { return json{{"uri", uri(name)}, {"name", name}}; }
  fs::path base;
};

class Session {
 public:
  explicit Session(json folders)
      : p({CC_BINARY, "lsp"}, {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=/tmp/cc-test-cache"}) {
    p.request(1, "initialize", {{"processId", nullptr}, {"capabilities", {{"workspace", {{"workspaceFolders", true}}}}},
                                {"workspaceFolders", std::move(folders)}});
    auto r = p.wait_response(1);
    EXPECT_TRUE(r && r->contains("result"));
    if (r) init = (*r)["result"];
    p.notify("initialized");
  }
  ~Session() {
    p.request("bye", "shutdown");
    p.wait_response("bye");
    p.notify("exit");
    auto code = p.wait_exit();
    EXPECT_TRUE(code && *code == 0);
  }
  void sync() {
    p.request(++n, "codecrucible/sync");
    ASSERT_TRUE(p.wait_response(n));
  }
  json scan(json arguments = json::array()) {
    p.request(++n, "workspace/executeCommand", {{"command", "codecrucible.analyzeWorkspace"}, {"arguments", std::move(arguments)}});
    auto r = p.wait_response(n);
    EXPECT_TRUE(r && r->contains("result")) << (r ? r->dump() : "timeout");
    sync();
    return r ? (*r)["result"] : json();
  }
  void open(const std::string& uri) {
    p.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kCode}}}});
    sync();
  }
  // The severity of the breakpoint finding last published for uri; 0 when there is none.
  int severity(const std::string& uri) {
    json last;
    for (const auto& m : p.all())
      if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri) last = m["params"]["diagnostics"];
    for (const auto& d : last)
      if (d.value("code", "") == "debug-leftover") return d.value("severity", 0);
    return 0;
  }

  LspProcess p;
  json init;
  int n = 100;
};

}  // namespace

TEST(WorkspaceFolders, EachFolderHasItsOwnSettingsForOpenDocumentsAndScans) {
  Folders f;
  Session s(json::array({f.folder("loud"), f.folder("quiet")}));
  EXPECT_EQ(s.init["capabilities"]["workspace"]["workspaceFolders"]["changeNotifications"], true);

  s.open(f.uri("loud") + "/m.py");
  s.open(f.uri("quiet") + "/m.py");
  EXPECT_EQ(s.severity(f.uri("loud") + "/m.py"), 2) << "warning by default";
  EXPECT_EQ(s.severity(f.uri("quiet") + "/m.py"), 0) << "turned off by the quiet folder's file";

  // A scan without arguments covers every folder, each with its own settings.
  s.p.notify("textDocument/didClose", {{"textDocument", {{"uri", f.uri("loud") + "/m.py"}}}});
  s.p.notify("textDocument/didClose", {{"textDocument", {{"uri", f.uri("quiet") + "/m.py"}}}});
  json result = s.scan();
  EXPECT_EQ(result["roots"].size(), 2u) << result.dump();
  EXPECT_EQ(result["findings"], 1) << result.dump();
  EXPECT_EQ(s.severity(f.uri("loud") + "/m.py"), 2);
  EXPECT_EQ(s.severity(f.uri("quiet") + "/m.py"), 0);
}

TEST(WorkspaceFolders, FoldersAddedAndRemovedWhileRunning) {
  Folders f;
  Session s(json::array({f.folder("loud")}));
  s.p.notify("workspace/didChangeWorkspaceFolders",
             {{"event", {{"added", json::array({f.folder("extra"), f.folder("quiet")})}, {"removed", json::array({f.folder("loud")})}}}});
  s.open(f.uri("extra") + "/m.py");
  EXPECT_EQ(s.severity(f.uri("extra") + "/m.py"), 1) << "error, from the added folder's file";
  s.p.notify("textDocument/didClose", {{"textDocument", {{"uri", f.uri("extra") + "/m.py"}}}});

  json result = s.scan();
  ASSERT_EQ(result["roots"].size(), 2u) << result.dump();
  EXPECT_EQ(result["roots"][0], (f.base / "extra").string());
  EXPECT_EQ(result["roots"][1], (f.base / "quiet").string());
  EXPECT_EQ(s.severity(f.uri("extra") + "/m.py"), 1);
  EXPECT_EQ(s.severity(f.uri("loud") + "/m.py"), 0) << "the removed folder is not scanned";
}

TEST(WorkspaceFolders, ScanArgumentsNameRootsByPathOrByUri) {
  Folders f;
  Session s(json::array({f.folder("loud"), f.folder("quiet")}));
  json by_path = s.scan(json::array({{{"roots", json::array({(f.base / "quiet").string()})}}}));
  EXPECT_EQ(by_path["roots"], json::array({(f.base / "quiet").string()})) << by_path.dump();
  EXPECT_EQ(by_path["findings"], 0) << "the quiet folder's settings apply";
  // Neovim's form: file URIs.
  json by_uri = s.scan(json::array({{{"rootUris", json::array({f.uri("loud")})}}}));
  EXPECT_EQ(by_uri["roots"], json::array({(f.base / "loud").string()})) << by_uri.dump();
  EXPECT_EQ(by_uri["findings"], 1);
  EXPECT_EQ(by_uri["summary"], "1 finding in 1 file: 1 warning");
}

// An open Java document sees its folder's .properties values as a scan does: the digest the
// project configures decides, not the getProperty fallback.
TEST(WorkspaceFolders, OpenDocumentsSeeTheFoldersPropertiesFiles) {
  Folders f;
  fs::create_directories(f.base / "loud" / "src" / "main" / "resources");
  std::ofstream(f.base / "loud" / "src" / "main" / "resources" / "app.properties") << "digest.alg=MD5\n";
  const std::string java =
      "import java.security.MessageDigest;\n"
      "class Digests {\n"
      "  byte[] sum(java.util.Properties props, byte[] data) throws Exception {\n"
      "    String alg = props.getProperty(\"digest.alg\", \"SHA-256\");\n"
      "    return MessageDigest.getInstance(alg).digest(data);\n"
      "  }\n"
      "}\n";
  Session s(json::array({f.folder("loud")}));
  const std::string uri = f.uri("loud") + "/Digests.java";
  s.p.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "java"}, {"version", 1}, {"text", java}}}});
  s.sync();
  json last;
  for (const auto& m : s.p.all())
    if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri) last = m["params"]["diagnostics"];
  bool weak = false;
  for (const auto& d : last) weak = weak || d.value("code", "") == "weak-hash";
  EXPECT_TRUE(weak) << last.dump();
}
