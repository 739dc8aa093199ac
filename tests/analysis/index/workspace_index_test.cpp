// The workspace index: lookup by name, import resolution, path proximity, replacing and
// removing entries, the on-disk store (round trip, hostile files) and building from a tree
// (.gitignore, excludes, reuse of unchanged files, removal of deleted ones).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "analysis/index/index_builder.h"
#include "analysis/index/index_store.h"
#include "analysis/index/workspace_index.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    root_ = fs::temp_directory_path() / ("cc-index-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
    root_ = fs::canonical(root_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path write(const std::string& rel, const std::string& text) const {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  const fs::path& path() const { return root_; }
  std::string str(const std::string& rel) const { return (root_ / rel).generic_string(); }

 private:
  fs::path root_;
};

IndexedFilePtr entry(const std::string& path, Language lang, const std::string& text) {
  return index_text(path, lang, text, 1);
}

TEST(WorkspaceIndex, LookupReplaceRemove) {
  WorkspaceIndex index;
  index.put(entry("/w/a.py", Language::Python, "def alpha():\n    pass\n"));
  index.put(entry("/w/b.py", Language::Python, "def alpha():\n    pass\ndef beta():\n    pass\n"));
  EXPECT_EQ(index.definitions_named("alpha").size(), 2u);
  EXPECT_EQ(index.definitions_named("beta").size(), 1u);
  index.put(entry("/w/b.py", Language::Python, "def gamma():\n    pass\n"));
  EXPECT_EQ(index.definitions_named("alpha").size(), 1u);
  EXPECT_TRUE(index.definitions_named("beta").empty());
  EXPECT_EQ(index.definitions_named("gamma").size(), 1u);
  index.remove("/w/a.py");
  EXPECT_TRUE(index.definitions_named("alpha").empty());
  EXPECT_EQ(index.size(), 1u);
  auto found = index.search("GAM", 10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].def().name, "gamma");
  EXPECT_GT(index.stats().approx_bytes, 0u);
}

TEST(WorkspaceIndex, ResolvesImportsPerLanguage) {
  WorkspaceIndex index;
  auto py = entry("/w/pkg/main.py", Language::Python, "from .util import helper\nimport pkg.models\nfrom . import sub\n");
  index.put(py);
  index.put(entry("/w/pkg/util.py", Language::Python, "def helper():\n    pass\n"));
  index.put(entry("/w/pkg/models/__init__.py", Language::Python, "class Model:\n    pass\n"));
  index.put(entry("/w/pkg/sub.py", Language::Python, ""));
  index.put(entry("/w/other/util.py", Language::Python, ""));
  ASSERT_EQ(py->symbols.imports.size(), 3u);
  auto r0 = index.resolve(*py, py->symbols.imports[0]);
  ASSERT_FALSE(r0.empty());
  EXPECT_EQ(r0[0]->path, "/w/pkg/util.py");
  auto r1 = index.resolve(*py, py->symbols.imports[1]);
  ASSERT_FALSE(r1.empty());
  EXPECT_EQ(r1[0]->path, "/w/pkg/models/__init__.py");
  auto r2 = index.resolve(*py, py->symbols.imports[2]);
  ASSERT_FALSE(r2.empty());
  EXPECT_EQ(r2.back()->path, "/w/pkg/sub.py");

  auto js = entry("/w/web/app.js", Language::JavaScript, "import { route } from './lib/router';\n");
  index.put(js);
  index.put(entry("/w/web/lib/router.js", Language::JavaScript, "export function route() {}\n"));
  auto rj = index.resolve(*js, js->symbols.imports[0]);
  ASSERT_EQ(rj.size(), 1u);
  EXPECT_EQ(rj[0]->path, "/w/web/lib/router.js");

  auto c = entry("/w/src/main.c", Language::C, "#include \"net/socket.h\"\n#include <stdio.h>\n");
  index.put(c);
  index.put(entry("/w/include/net/socket.h", Language::C, "int open_socket(int);\n"));
  auto rc = index.resolve(*c, c->symbols.imports[0]);
  ASSERT_EQ(rc.size(), 1u);
  EXPECT_EQ(rc[0]->path, "/w/include/net/socket.h");
  EXPECT_TRUE(index.resolve(*c, c->symbols.imports[1]).empty());

  auto go = entry("/w/cmd/main.go", Language::Go, "package main\nimport \"example.com/app/store\"\n");
  index.put(go);
  index.put(entry("/w/store/db.go", Language::Go, "package store\nfunc Open() {}\n"));
  index.put(entry("/w/store/cache.go", Language::Go, "package store\nfunc Get() {}\n"));
  EXPECT_EQ(index.resolve(*go, go->symbols.imports[0]).size(), 2u);
}

TEST(WorkspaceIndex, SharedDirectoryDepth) {
  EXPECT_EQ(shared_dir_depth("/a/b/c/x.py", "/a/b/c/y.py"), 3);
  EXPECT_EQ(shared_dir_depth("/a/b/x.py", "/a/bc/y.py"), 1);
  EXPECT_EQ(parent_dir("/a/b/x.py"), "/a/b");
}

TEST(IndexStore, RoundTripAndRejects) {
  TempDir dir;
  WorkspaceIndex index;
  index.put(entry("/w/a.py", Language::Python, "import os\nclass A:\n    \"\"\"Doc.\"\"\"\n    def run(self):\n        os.getcwd()\n"));
  index.put(entry("/w/b.go", Language::Go, "package b\nfunc F() {}\n"));
  fs::path file = dir.path() / "index.json";
  std::string error;
  ASSERT_TRUE(save_index(index, file, error)) << error;
  auto loaded = load_index(file);
  EXPECT_TRUE(loaded.error.empty());
  ASSERT_EQ(loaded.files.size(), 2u);
  for (const auto& f : loaded.files) {
    auto orig = index.file(f->path);
    ASSERT_TRUE(orig);
    EXPECT_EQ(f->hash, orig->hash);
    EXPECT_EQ(f->symbols.definitions.size(), orig->symbols.definitions.size());
    EXPECT_EQ(f->symbols.identifiers, orig->symbols.identifiers);
    for (std::size_t i = 0; i < f->symbols.definitions.size(); ++i) {
      EXPECT_EQ(f->symbols.definitions[i].name, orig->symbols.definitions[i].name);
      EXPECT_EQ(f->symbols.definitions[i].doc, orig->symbols.definitions[i].doc);
      EXPECT_EQ(f->symbols.definitions[i].uses, orig->symbols.definitions[i].uses);
    }
  }

  // Hostile or stale files load nothing (or skip the bad entries), never crash.
  auto write = [&](const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return load_index(file);
  };
  EXPECT_FALSE(write("not json").error.empty());
  EXPECT_FALSE(write(R"({"format":"codecrucible-index","version":999,"files":[]})").error.empty());
  EXPECT_FALSE(write(std::string(100000, '[')).error.empty());
  auto bad = write(R"({"format":"codecrucible-index","version":1,"files":[
    {"p":"/w/x.py","l":1,"s":1,"m":1,"h":1,"u":["a"],"d":[["f","",0,0,0,0,"def f():","",[5]]],"i":[]},
    {"p":"relative.py","l":1,"s":1,"m":1,"h":1,"u":[],"d":[],"i":[]},
    {"p":"/w/y.py","l":1,"s":1,"m":1,"h":1,"u":[],"d":[["g","",0,3,1,0,"","",[]]],"i":[]},
    {"p":"/w/z.py","l":1,"s":1,"m":1,"h":1,"u":[],"d":[["h","",0,0,2,0,"def h():","",[]]],"i":[["os",[],0]]}
  ]})");
  EXPECT_TRUE(bad.error.empty());
  ASSERT_EQ(bad.files.size(), 1u);
  EXPECT_EQ(bad.files[0]->path, "/w/z.py");
  EXPECT_EQ(bad.rejected, 3u);
  fs::remove(file);
  auto missing = load_index(file);
  EXPECT_TRUE(missing.error.empty());
  EXPECT_TRUE(missing.files.empty());
}

TEST(IndexBuilder, HonoursIgnoreRulesReusesAndRemoves) {
  TempDir dir;
  dir.write("src/app.py", "def app():\n    pass\n");
  dir.write("src/util.py", "def util():\n    pass\n");
  dir.write("secret/keys.py", "def leaked():\n    pass\n");
  dir.write("vendor/lib.py", "def vendored():\n    pass\n");
  dir.write("node_modules/m/index.js", "function dep() {}\n");
  dir.write(".gitignore", "secret/\n");
  dir.write("notes.txt", "def not_code(): pass\n");
  FileListOptions options;
  options.exclude = {"vendor/**"};
  WorkspaceIndex index;
  cc::ThreadPool pool(0);
  auto stats = build_index(index, {dir.path()}, options, pool, {});
  EXPECT_EQ(stats.files_listed, 2u);
  EXPECT_EQ(stats.files_indexed, 2u);
  EXPECT_FALSE(index.definitions_named("app").empty());
  EXPECT_TRUE(index.definitions_named("leaked").empty());
  EXPECT_TRUE(index.definitions_named("vendored").empty());
  EXPECT_TRUE(index.definitions_named("dep").empty());
  EXPECT_TRUE(admitted_by_walk_rules(dir.path(), dir.path() / "src/new.py", options));
  EXPECT_FALSE(admitted_by_walk_rules(dir.path(), dir.path() / "secret/new.py", options));
  EXPECT_FALSE(admitted_by_walk_rules(dir.path(), dir.path() / "vendor/new.py", options));
  EXPECT_FALSE(admitted_by_walk_rules(dir.path(), "/etc/passwd.py", options));

  // Persisted and reloaded into a fresh index: nothing is read again.
  std::string error;
  fs::path store = dir.path() / "cache.json";
  ASSERT_TRUE(save_index(index, store, error));
  WorkspaceIndex reloaded;
  auto again = build_index(reloaded, {dir.path()}, options, pool, {}, load_index(store).files);
  EXPECT_EQ(again.files_indexed, 0u);
  EXPECT_EQ(again.files_reused, 2u);
  EXPECT_FALSE(reloaded.definitions_named("util").empty());

  // A changed file is read again, a deleted one leaves the index.
  dir.write("src/app.py", "def app2():\n    pass\n");
  fs::remove(dir.path() / "src/util.py");
  auto third = build_index(reloaded, {dir.path()}, options, pool, {});
  EXPECT_EQ(third.files_indexed, 1u);
  EXPECT_EQ(third.files_removed, 1u);
  EXPECT_FALSE(reloaded.definitions_named("app2").empty());
  EXPECT_TRUE(reloaded.definitions_named("util").empty());
}

}  // namespace
