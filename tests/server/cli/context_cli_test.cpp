// `codecrucible context`: the listing and JSON of what an AI request would send, the budget,
// ignore rules and exclude settings, usage errors.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/shell_run.h"

namespace {

namespace fs = std::filesystem;
using cc::testing::shell_quote;

struct CliRun {
  int exit_code = -1;
  std::string out;
};

class CliContext : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(CC_BINARY)) GTEST_SKIP() << "codecrucible binary not built at " << CC_BINARY;
    dir_ = fs::temp_directory_path() / ("cc-context-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    write("pkg/util.py", "def normalise(value, retries=3):\n    \"\"\"Normalises a value.\"\"\"\n    return value\n");
    write("pkg/main.py",
          "from .util import normalise\nfrom .hidden import hidden_helper\nfrom .vendored import vendor_helper\n\n"
          "def run(x):\n    return normalise(x) + hidden_helper() + vendor_helper()\n");
    write("pkg/hidden.py", "def hidden_helper():\n    return 'IGNORED_MARKER'\n");
    write("pkg/vendored.py", "def vendor_helper():\n    return 'VENDOR_MARKER'\n");
    write(".gitignore", "pkg/hidden.py\n");
    write(".codecrucible.json", R"({"analysis": {"exclude": ["pkg/vendored.py"]}})");
    fs::create_directories(dir_ / ".git");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  CliRun run(const std::string& args) {
    CliRun r;
    std::string cmd = "XDG_CACHE_HOME=" + shell_quote((dir_ / "cache").string()) + " XDG_CONFIG_HOME=/nonexistent timeout 120 " +
                      std::string(CC_BINARY) + " context " + args + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }
  fs::path dir_;
};

TEST_F(CliContext, JsonListsTheImportedDefinitionAndNothingExcluded) {
  std::string at = shell_quote((dir_ / "pkg/main.py").string() + ":6:12");
  for (int pass = 0; pass < 2; ++pass) {  // the second run reloads the index from the cache
    CliRun r = run(at + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["file"], "pkg/main.py");
    EXPECT_EQ(j["budget"], 2000);
    bool found = false;
    for (const auto& item : j["items"]) {
      EXPECT_TRUE(item.contains("kind") && item.contains("path") && item.contains("range") && item.contains("reason") &&
                  item.contains("tokens"));
      if (item["kind"] == "definition" && item["path"] == "pkg/util.py") {
        found = true;
        EXPECT_EQ(item["range"]["start"], 1);
        EXPECT_NE(item["text"].get<std::string>().find("def normalise(value, retries=3):"), std::string::npos);
      }
    }
    EXPECT_TRUE(found) << r.out;
    EXPECT_EQ(r.out.find("IGNORED_MARKER"), std::string::npos);
    EXPECT_EQ(r.out.find("VENDOR_MARKER"), std::string::npos);
    EXPECT_EQ(r.out.find("pkg/hidden.py"), std::string::npos);
  }
  EXPECT_TRUE(fs::exists(dir_ / "cache/codecrucible/index"));
}

TEST_F(CliContext, TextListingAndBudget) {
  CliRun r = run(shell_quote((dir_ / "pkg/main.py").string() + ":6") + " --root " + shell_quote(dir_.string()));
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("context for pkg/main.py:6:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("definition  pkg/util.py:1-3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--- pkg/util.py:1-3 (definition) ---"), std::string::npos) << r.out;
  CliRun small = run(shell_quote((dir_ / "pkg/main.py").string() + ":6") + " --budget 10 --json");
  ASSERT_EQ(small.exit_code, 0);
  auto j = nlohmann::json::parse(small.out);
  EXPECT_LE(j["tokens"].get<int>(), 10);
}

TEST_F(CliContext, UsageErrors) {
  EXPECT_EQ(run("").exit_code, 2);
  EXPECT_EQ(run(shell_quote((dir_ / "pkg/main.py").string())).exit_code, 2);
  EXPECT_EQ(run(shell_quote((dir_ / "pkg/missing.py").string() + ":1")).exit_code, 2);
  EXPECT_EQ(run(shell_quote((dir_ / "pkg/main.py").string() + ":1") + " --budget lots").exit_code, 2);
  EXPECT_EQ(run(shell_quote((dir_ / "pkg/main.py").string() + ":1") + " --root /nonexistent/dir").exit_code, 2);
}

}  // namespace
