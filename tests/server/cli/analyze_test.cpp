// End-to-end: the real `codecrucible analyze` binary (skipped when it has not been built).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

struct Run {
  int exit_code = -1;
  std::string out;
};

Run run(const std::string& args) {
  Run r;
  std::string cmd = "timeout 120 " + std::string(CC_BINARY) + " analyze " + args + " 2>/dev/null";  // a hang fails, bounded
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class CliAnalyze : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(CC_BINARY)) GTEST_SKIP() << "codecrucible binary not built at " << CC_BINARY;
    dir_ = fs::temp_directory_path() / ("cc-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "src");
    std::ofstream(dir_ / "src" / "app.py") << "import os\nos.system('ls ' + name)\n# TODO: later\n";
    std::ofstream(dir_ / "clean.js") << "export const x = 1;\n";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(CliAnalyze, JsonReportWithRelativePathsAndExitCodes) {
  auto r = run("--format json " + (dir_ / "src").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;  // findings never fail the run without --fail-on
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][0]["line"], 2);
  EXPECT_EQ(j["findings"][0]["category"], "command-injection");
  EXPECT_FALSE(fs::path(j["findings"][0]["file"].get<std::string>()).is_absolute());
  EXPECT_EQ(j["stats"]["files"], 1);
  EXPECT_EQ(run("--fail-on error " + (dir_ / "src").string()).exit_code, 1);
  EXPECT_EQ(run("--fail-on error " + (dir_ / "clean.js").string()).exit_code, 0);
  EXPECT_EQ(run("--fail-on information " + (dir_ / "src").string()).exit_code, 1);
  EXPECT_EQ(run((dir_ / "missing").string()).exit_code, 2);
  EXPECT_EQ(run("--format yaml " + dir_.string()).exit_code, 2);
}

TEST_F(CliAnalyze, TextAndSarif) {
  auto t = run((dir_ / "src" / "app.py").string());
  EXPECT_NE(t.out.find("app.py:2:4: error: "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("[cmd-shell-dynamic]"), std::string::npos);
  auto s = nlohmann::json::parse(run("--format sarif " + (dir_ / "src").string()).out);
  EXPECT_EQ(s["version"], "2.1.0");
  ASSERT_EQ(s["runs"][0]["results"].size(), 2u);
  EXPECT_EQ(s["runs"][0]["results"][0]["properties"]["category"], "command-injection");
}

TEST_F(CliAnalyze, CorpusScoresThroughTheCli) {
  fs::path corpus = CC_CORPUS_DIR;
  if (!fs::exists(corpus / "expected.json")) GTEST_SKIP() << "no corpus at " << corpus;
  auto r = run("--format json " + corpus.string());
  ASSERT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(r.out);
  std::ifstream in(corpus / "expected.json");
  auto expected = nlohmann::json::parse(in);
  EXPECT_EQ(j["stats"]["files"], expected["files"].size());
  EXPECT_EQ(j["findings"].size(), expected["findings"].size());
}

}  // namespace
