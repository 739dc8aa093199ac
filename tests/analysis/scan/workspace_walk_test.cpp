// The parallel walk: the same files as the one-thread walk under .gitignore files and excludes,
// directory links never followed (no loops), unreadable directories named, deep trees.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "analysis/scan/workspace_scan.h"
#include "analysis/scan/workspace_walk.h"
#include "tests/analysis/scan/temp_tree.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;
using cc::analysis::testing::TempTree;

struct Walked {
  std::multiset<std::string> files;  // a multiset: a file reported twice shows
  ScanSummary summary;
};

Walked walk(const fs::path& root, const AnalysisConfig& cfg, std::size_t threads) {
  Walked w;
  std::mutex mutex;
  cc::ThreadPool pool(threads);
  ScanCallbacks cb;
  cb.on_file_concurrent = [&](FileReport&& r, std::size_t worker) {
    EXPECT_LE(worker, pool.size());
    std::lock_guard lock(mutex);
    w.files.insert(r.relative);
  };
  w.summary = scan_workspace({root}, cfg, pool, {}, cb);
  return w;
}

// A tree wide and deep enough that several workers list directories at once.
void write_ignored_tree(TempTree& t) {
  t.write(".gitignore", "*.gen.py\nout/\n");
  for (int d = 0; d < 12; ++d) {
    std::string dir = "pkg" + std::to_string(d);
    for (int f = 0; f < 15; ++f) t.write(dir + "/m" + std::to_string(f) + ".py", "eval(x)\n");
    t.write(dir + "/skip.gen.py", "eval(x)\n");
    t.write(dir + "/out/o.py", "eval(x)\n");
    t.write(dir + "/vendor/v.js", "eval(x);\n");
    t.write(dir + "/sub/.gitignore", "!keep.gen.py\nlocal.js\n");
    t.write(dir + "/sub/keep.gen.py", "eval(x)\n");
    t.write(dir + "/sub/local.js", "eval(x);\n");
    t.write(dir + "/sub/deeper/x.js", "eval(x);\n");
    t.write(dir + "/node_modules/n.js", "eval(x);\n");
  }
}

TEST(WorkspaceWalk, ParallelWalkFindsWhatTheSerialWalkFinds) {
  TempTree t;
  write_ignored_tree(t);
  AnalysisConfig cfg;
  cfg.exclude = {"vendor"};
  cfg.chunk_size = 4;
  Walked serial = walk(t.root(), cfg, 0);
  EXPECT_EQ(serial.files.size(), 12u * 17);  // 15 modules, keep.gen.py, deeper/x.js
  EXPECT_EQ(serial.files.count("pkg3/sub/keep.gen.py"), 1u);
  EXPECT_EQ(serial.files.count("pkg3/skip.gen.py"), 0u);
  EXPECT_EQ(serial.files.count("pkg3/out/o.py"), 0u);
  EXPECT_EQ(serial.files.count("pkg3/vendor/v.js"), 0u);
  EXPECT_EQ(serial.files.count("pkg3/sub/local.js"), 0u);
  for (std::size_t threads : {1u, 2u, 8u}) {
    Walked parallel = walk(t.root(), cfg, threads);
    EXPECT_EQ(parallel.files, serial.files) << threads << " threads";
    EXPECT_EQ(parallel.summary.files_analyzed, serial.summary.files_analyzed);
    EXPECT_EQ(parallel.summary.files_ignored, serial.summary.files_ignored);
    EXPECT_GT(parallel.summary.walk_seconds, 0);
    EXPECT_GT(parallel.summary.worker_seconds, 0);
  }
}

TEST(WorkspaceWalk, DirectoryLinkLoopsAreNotFollowed) {
  TempTree t;
  t.write("a/b/f.py", "eval(x)\n");
  fs::create_directory_symlink(t.root(), t.root() / "a/b/up");       // back to the root
  fs::create_directory_symlink(t.root() / "a", t.root() / "a/b/self");  // a cycle through a
  for (std::size_t threads : {0u, 4u}) {
    Walked w = walk(t.root(), AnalysisConfig{}, threads);
    EXPECT_EQ(w.files, (std::multiset<std::string>{"a/b/f.py"})) << threads << " threads";
    EXPECT_EQ(w.summary.files_ignored, 2u);  // the two links
  }
}

TEST(WorkspaceWalk, UnreadableDirectoriesAreNamedAndTheRestIsWalked) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every directory";
  TempTree t;
  for (int i = 0; i < 3; ++i) t.write("locked" + std::to_string(i) + "/f.py", "eval(x)\n");
  t.write("open/f.py", "eval(x)\n");
  for (int i = 0; i < 3; ++i) fs::permissions(t.root() / ("locked" + std::to_string(i)), fs::perms::none);
  for (std::size_t threads : {0u, 4u}) {
    Walked w = walk(t.root(), AnalysisConfig{}, threads);
    EXPECT_EQ(w.files, (std::multiset<std::string>{"open/f.py"}));
    EXPECT_EQ(w.summary.unreadable_count, 3u);
    ASSERT_EQ(w.summary.unreadable.size(), 3u);
    // In name order whatever thread met them first.
    EXPECT_NE(w.summary.unreadable[0].find("locked0"), std::string::npos);
    EXPECT_NE(w.summary.unreadable[2].find("locked2"), std::string::npos);
    EXPECT_TRUE(w.summary.errors.empty());
  }
}

TEST(WorkspaceWalk, DeepTreesNeedNoRecursion) {
  TempTree t;
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "d/";
  t.write(deep + "f.py", "eval(x)\n");
  for (std::size_t threads : {0u, 3u}) {
    Walked w = walk(t.root(), AnalysisConfig{}, threads);
    EXPECT_EQ(w.files, (std::multiset<std::string>{deep + "f.py"}));
  }
}

TEST(WorkspaceWalk, ListingReportsFilesAndSubdirectoriesInNameOrder) {
  TempTree t;
  t.write("b.py", "x = 1\n");
  t.write("a.py", "x = 1\n");
  t.write("notes.txt", "x\n");
  t.write("tool", "#!/usr/bin/env bash\necho\n");
  t.write("z/f.py", "x = 1\n");
  t.write("c/f.py", "x = 1\n");
  t.write(".git/f.py", "x = 1\n");
  AnalysisConfig cfg;
  WorkspaceWalker walker(t.root(), cfg);
  std::vector<std::string> files, dirs;
  walker.list(
      walker.root_dir(), [&](WalkFile&& f) { files.push_back(f.relative); },
      [&](WalkDir&& d) { dirs.push_back(d.relative); });
  EXPECT_EQ(files, (std::vector<std::string>{"a.py", "b.py", "tool"}));
  EXPECT_EQ(dirs, (std::vector<std::string>{"c", "z"}));
  EXPECT_EQ(walker.summary().files_ignored, 1u);  // notes.txt
  EXPECT_TRUE(is_default_skipped_dir(".git"));
  EXPECT_EQ(detect_language(t.root() / "tool"), Language::Shell);
}

}  // namespace
