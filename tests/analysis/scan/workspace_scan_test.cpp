// Workspace scan: ignore rules, size cap, binary files, symlinks, chunked progress, cancellation.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <future>
#include <set>
#include <thread>

#include "analysis/scan/gitignore.h"
#include "analysis/scan/glob_match.h"
#include "analysis/scan/workspace_scan.h"
#include "tests/analysis/scan/temp_tree.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;

using cc::analysis::testing::TempTree;

struct Collected {
  std::map<std::string, FileReport> files;
  std::vector<ScanProgress> progress;
};

Collected scan(const fs::path& root, const AnalysisConfig& cfg, std::size_t threads = 0,
               const cc::CancelToken& cancel = {}) {
  Collected c;
  cc::ThreadPool pool(threads);
  ScanCallbacks cb;
  cb.on_file = [&](FileReport&& r) { c.files[r.relative] = std::move(r); };
  cb.on_progress = [&](const ScanProgress& p) { c.progress.push_back(p); };
  scan_workspace({root}, cfg, pool, cancel, cb);
  return c;
}

TEST(Glob, SegmentsAndDoubleStar) {
  EXPECT_TRUE(glob_match_path("*.py", "a.py"));
  EXPECT_FALSE(glob_match_path("*.py", "d/a.py"));
  EXPECT_TRUE(glob_match_path("**/*.py", "d/e/a.py"));
  EXPECT_TRUE(glob_match_path("**/vendor/**", "x/vendor/y/z.js"));
  EXPECT_TRUE(glob_match_path("a/**/b", "a/b"));
  EXPECT_TRUE(glob_match_path("a/**/b", "a/x/y/b"));
  EXPECT_TRUE(glob_match_path("file[0-9].?s", "file7.js"));
  EXPECT_FALSE(glob_match_path("file[!0-9].js", "file7.js"));
  // Pathological pattern stays fast (no exponential backtracking).
  EXPECT_FALSE(glob_match_segment("*a*a*a*a*a*a*a*a*a*b", std::string(200, 'a')));
}

TEST(Gitignore, NegationDirSuffixAnchoring) {
  IgnoreRules r;
  r.add_file_contents("# comment\n*.log\n!keep.log\nbuild/\n/root-only.txt\ndocs/*.md\n\\#hash\n", "");
  EXPECT_TRUE(r.ignored("a.log", false));
  EXPECT_TRUE(r.ignored("x/y/a.log", false));
  EXPECT_FALSE(r.ignored("keep.log", false));
  EXPECT_TRUE(r.ignored("x/build", true));
  EXPECT_FALSE(r.ignored("x/build", false));  // dir/ only matches directories
  EXPECT_TRUE(r.ignored("root-only.txt", false));
  EXPECT_FALSE(r.ignored("sub/root-only.txt", false));
  EXPECT_TRUE(r.ignored("docs/a.md", false));
  EXPECT_FALSE(r.ignored("docs/sub/a.md", false));
  EXPECT_TRUE(r.ignored("#hash", false));
  IgnoreRules nested;
  nested.add_pattern("*.tmp.py", "sub");
  EXPECT_TRUE(nested.ignored("sub/a.tmp.py", false));
  EXPECT_FALSE(nested.ignored("a.tmp.py", false));
}

// A Java .properties file anywhere in the scanned tree (build output and hidden folders aside)
// tells the weak-hash rule which algorithm a `getProperty(key, fallback)` lookup is configured to.
TEST(WorkspaceScan, JavaPropertiesResolveConfiguredAlgorithms) {
  TempTree t;
  t.write("src/main/resources/app.properties", "# settings\ndigest.legacy = MD5\ndigest.archive: SHA-256\n");
  t.write("target/classes/app.properties", "digest.archive=MD5\n");  // build output: not read
  const char* java =
      "class A {\n"
      "  void f(java.util.Properties p) throws Exception {\n"
      "    MessageDigest a = MessageDigest.getInstance(p.getProperty(\"digest.legacy\", \"SHA-512\"));\n"
      "    MessageDigest b = MessageDigest.getInstance(p.getProperty(\"digest.archive\", \"MD5\"));\n"
      "  }\n"
      "}\n";
  t.write("src/main/java/A.java", java);
  auto c = scan(t.root(), AnalysisConfig{});
  ASSERT_TRUE(c.files.count("src/main/java/A.java"));
  std::set<int> lines;
  for (const auto& f : c.files["src/main/java/A.java"].result.findings)
    if (f.rule == "weak-hash") lines.insert(f.line + 1);
  EXPECT_EQ(lines, (std::set<int>{3}));
}

TEST(WorkspaceScan, HonoursIgnoresAndDefaults) {
  TempTree t;
  t.write("app.py", "eval(x)\n");
  t.write(".gitignore", "ignored.py\ngen/\n*.skip.js\n");
  t.write("ignored.py", "eval(x)\n");
  t.write("gen/out.py", "eval(x)\n");
  t.write("sub/.gitignore", "!keep.skip.js\nlocal.py\n");
  t.write("sub/keep.skip.js", "eval(x);\n");
  t.write("sub/drop.skip.js", "eval(x);\n");
  t.write("sub/local.py", "eval(x)\n");
  t.write("node_modules/lib/index.js", "eval(x);\n");
  t.write(".git/hooks/pre-commit.py", "eval(x)\n");
  t.write("build/gen.py", "eval(x)\n");
  t.write("vendor/x/lib.py", "eval(x)\n");
  t.write("README.md", "eval(x)\n");
  t.write("tool", "#!/usr/bin/env python3\neval(x)\n");
  AnalysisConfig cfg;
  cfg.exclude = {"**/vendor/**"};
  auto c = scan(t.root(), cfg);
  std::set<std::string> names;
  for (auto& [k, v] : c.files) names.insert(k);
  EXPECT_EQ(names, (std::set<std::string>{"app.py", "sub/keep.skip.js", "tool"}));
  EXPECT_EQ(c.files["tool"].language, Language::Python);
  EXPECT_EQ(c.files["app.py"].result.findings.size(), 1u);
}

TEST(WorkspaceScan, SizeCapBinaryAndSymlinks) {
  TempTree t;
  TempTree outside;
  outside.write("secret.py", "eval(x)\n");
  t.write("big.py", std::string(5000, '#') + "\n");
  t.write("bin.py", std::string("eval(x)\0\x01\x02", 10));
  t.write("ok.py", "eval(x)\n");
  fs::create_symlink(outside.root() / "secret.py", t.root() / "escape.py");
  fs::create_symlink(t.root() / "ok.py", t.root() / "inside.py");
  fs::create_directory_symlink(outside.root(), t.root() / "linkdir");
  AnalysisConfig cfg;
  cfg.max_file_bytes = 1000;
  auto c = scan(t.root(), cfg);
  ASSERT_TRUE(c.files.count("big.py"));
  EXPECT_NE(c.files["big.py"].result.skipped_reason.find("maxFileBytes"), std::string::npos);
  ASSERT_TRUE(c.files.count("bin.py"));
  EXPECT_NE(c.files["bin.py"].result.skipped_reason.find("binary"), std::string::npos);
  EXPECT_TRUE(c.files.count("ok.py"));
  EXPECT_TRUE(c.files.count("inside.py"));
  EXPECT_FALSE(c.files.count("escape.py"));
  EXPECT_FALSE(c.files.count("linkdir/secret.py"));
}

TEST(WorkspaceScan, ChunksReportProgressOnAPool) {
  TempTree t;
  for (int i = 0; i < 25; ++i) t.write("f" + std::to_string(i) + ".js", "eval(x);\n");
  AnalysisConfig cfg;
  cfg.chunk_size = 10;
  auto c = scan(t.root(), cfg, 2);
  EXPECT_EQ(c.files.size(), 25u);
  ASSERT_EQ(c.progress.size(), 3u);  // 10 + 10 + 5
  std::size_t max_done = 0;
  for (const auto& p : c.progress) max_done = std::max(max_done, p.files_done);
  EXPECT_EQ(max_done, 25u);
}

TEST(WorkspaceScan, BigFileRunsAloneAndAheadOfQueuedChunks) {
  TempTree t;
  for (int i = 0; i < 30; ++i) t.write("a" + std::to_string(10 + i) + ".py", "x = 1\n");
  t.write("z_big.py", std::string(200 * 1024, '#') + "\neval(x)\n");  // walked last
  AnalysisConfig cfg;
  cfg.chunk_size = 10;
  cc::ThreadPool pool(1);
  // Hold the only worker until the walk is over, so every chunk is queued when it starts.
  std::promise<void> release, gate_started;
  auto released = release.get_future().share();
  pool.post([released, &gate_started] {
    gate_started.set_value();
    released.wait();
  });
  ASSERT_EQ(gate_started.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  std::vector<std::string> order;
  std::vector<std::size_t> chunk_sizes;
  std::size_t in_chunk = 0;
  ScanCallbacks cb;
  cb.on_file = [&](FileReport&& r) {
    order.push_back(r.relative);
    ++in_chunk;
  };
  cb.on_progress = [&](const ScanProgress&) {  // once per finished chunk
    chunk_sizes.push_back(in_chunk);
    in_chunk = 0;
  };
  std::thread releaser([&] {
    // A listing token for the root is queued behind the gate; whichever thread lists the root
    // queues the big file ahead of the 3 chunks of small files.
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (pool.queued() < 1 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    release.set_value();
  });
  auto summary = scan_workspace({t.root()}, cfg, pool, {}, cb);
  releaser.join();
  EXPECT_EQ(summary.files_analyzed, 31u);
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(order.front(), "z_big.py");
  EXPECT_EQ(chunk_sizes, (std::vector<std::size_t>{1, 10, 10, 10}));
}

TEST(WorkspaceScan, CancellationStopsBetweenChunks) {
  TempTree t;
  for (int i = 0; i < 40; ++i) t.write("f" + std::to_string(i) + ".py", "x = 1\n");
  AnalysisConfig cfg;
  cfg.chunk_size = 5;
  cc::CancelSource source;
  Collected c;
  cc::ThreadPool pool(0);  // inline: deterministic
  ScanCallbacks cb;
  cb.on_file = [&](FileReport&& r) { c.files[r.relative] = std::move(r); };
  cb.on_progress = [&](const ScanProgress& p) {
    if (p.files_done >= 5) source.cancel();
  };
  auto summary = scan_workspace({t.root()}, cfg, pool, source.token(), cb);
  EXPECT_TRUE(summary.cancelled);
  EXPECT_EQ(c.files.size(), 5u);
}

TEST(WorkspaceScan, MissingRootIsReported) {
  cc::ThreadPool pool(0);
  auto summary = scan_workspace({"/nonexistent/cc-path"}, AnalysisConfig{}, pool, {}, {});
  ASSERT_EQ(summary.errors.size(), 1u);
  EXPECT_EQ(summary.files_analyzed, 0u);
}

}  // namespace
