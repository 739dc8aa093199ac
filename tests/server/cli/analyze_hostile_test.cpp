// `codecrucible analyze` on hostile trees (issue 14, defects 6, 7 and 8), through the real
// binary: file names with newlines, terminal escapes, workflow commands and bytes that are not
// UTF-8 (text output escapes them, JSON and SARIF carry them losslessly and never abort), and
// unreadable files and directories, run as an unprivileged user (setpriv to nobody when the
// tests run as root, since root reads anything).
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/shell_run.h"

namespace {

namespace fs = std::filesystem;
using cc::testing::read_whole_file;
using cc::testing::shell_quote;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

class HostileTree : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(CC_BINARY)) GTEST_SKIP() << "build the codecrucible target first (" << CC_BINARY << ")";
    dir_ = fs::temp_directory_path() / ("cc-hostile-tree-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "tree");
    fs::permissions(dir_, fs::perms::all);  // the unprivileged run writes its output here
  }
  void TearDown() override {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::permissions(dir_ / "tree", fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  // Runs `analyze ARGS` in dir_/tree; as nobody when `unprivileged`.
  CliRun analyze(const std::vector<std::string>& args, bool unprivileged = false) {
    std::string cmd = "cd " + shell_quote((dir_ / "tree").string()) + " && env XDG_CONFIG_HOME=/nonexistent timeout 120 ";
    if (unprivileged && ::geteuid() == 0) cmd += "setpriv --reuid=65534 --regid=65534 --clear-groups -- ";
    cmd += shell_quote(CC_BINARY) + " analyze";
    for (const auto& a : args) cmd += " " + shell_quote(a);
    cmd += " > " + shell_quote((dir_ / "out").string()) + " 2> " + shell_quote((dir_ / "err").string());
    CliRun r;
    int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_whole_file(dir_ / "out");
    r.err = read_whole_file(dir_ / "err");
    return r;
  }

  void write(const std::string& relative, const std::string& text = "x = input()\neval(x)\n") {
    std::ofstream(dir_ / "tree" / relative, std::ios::binary) << text;
  }

  // Whether an unprivileged user can run the binary at all (its directories may be private).
  bool can_drop_privileges() {
    if (::geteuid() != 0) return true;
    if (std::system("command -v setpriv > /dev/null") != 0) return false;
    return analyze({"--help"}, true).exit_code == 0;
  }

  static inline int counter_ = 0;
  fs::path dir_;
};

const std::vector<std::string> kHostileNames = {
    "ok\nforged.py:1:1: error: forged finding [code-eval]\n::warning file=README.md::x.py",
    "::error file=a.py::injected.py",
    "##[warning]old-syntax.py",
    "\x1b[2J\x1b[31mclear.py",
    "caf\xe9-latin1.py",
    "bad-\xff\xfe-bytes.py",
    "tab\there\rcr.py",
    "rtl-\xe2\x80\xae" "yp.txt.py",
};

TEST_F(HostileTree, TextOutputGivesOneEscapedLinePerFindingAndNoWorkflowCommand) {
  for (const auto& name : kHostileNames) write(name);
  CliRun r = analyze({"."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = lines_of(r.out);
  // One code-eval finding per file (and maybe others): never more lines than findings, each
  // starting with a path that is escaped.
  CliRun j = analyze({"--format", "json", "."});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto report = nlohmann::json::parse(j.out);
  EXPECT_EQ(lines.size(), report["findings"].size()) << r.out;
  std::size_t eval_lines = 0;
  for (const auto& line : lines) {
    EXPECT_NE(line.rfind("::", 0), 0u) << "a workflow command: " << line;
    EXPECT_NE(line.rfind("##[", 0), 0u) << "a workflow command: " << line;
    EXPECT_NE(line.rfind("forged.py", 0), 0u) << "a forged finding: " << line;
    EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;
    EXPECT_EQ(line.find("\xe2\x80\xae"), std::string::npos) << line;
    const std::string rule = " [code-eval]";
    eval_lines += line.size() > rule.size() && line.compare(line.size() - rule.size(), rule.size(), rule) == 0;
  }
  EXPECT_GE(eval_lines, kHostileNames.size()) << r.out;
  EXPECT_NE(r.out.find("./::error file=a.py::injected.py:2:1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("caf\\xe9-latin1.py:2:1"), std::string::npos) << r.out;
}

TEST_F(HostileTree, JsonAndSarifCarryNamesThatAreNotUtf8Losslessly) {
  for (const auto& name : kHostileNames) write(name);
  CliRun j = analyze({"--format", "json", "."});
  ASSERT_EQ(j.exit_code, 0) << "aborted? " << j.err;
  auto report = nlohmann::json::parse(j.out);  // valid UTF-8 JSON
  std::set<std::string> named;
  for (const auto& f : report["findings"]) {
    std::string exact = f.contains("uri") ? percent_decode(f["uri"].get<std::string>()) : f["file"].get<std::string>();
    EXPECT_TRUE(fs::exists(dir_ / "tree" / exact)) << f.dump();
    named.insert(exact);
  }
  for (const auto& name : kHostileNames) EXPECT_EQ(named.count(name), 1u) << "missing " << nlohmann::json(name).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  CliRun s = analyze({"--format", "sarif", "."});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto sarif = nlohmann::json::parse(s.out);
  std::set<std::string> uris;
  for (const auto& result : sarif["runs"][0]["results"])
    uris.insert(percent_decode(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>()));
  for (const auto& name : kHostileNames) EXPECT_EQ(uris.count(name), 1u);
}

TEST_F(HostileTree, HostileRandomNamesNeverForgeALineOrAbortJson) {
  std::mt19937 rng(8);
  const std::string pieces[] = {"\n", "\r", "\x1b[1m", "\\", "\xff", "\xc3", "::", "#", "x", " ", "\t", "\xc2\x9b", ".py:1:1: error: "};
  std::vector<std::string> names;
  for (int i = 0; i < 40; ++i) {
    std::string name = "n" + std::to_string(i);
    for (int n = 1 + static_cast<int>(rng() % 6); n > 0; --n) name += pieces[rng() % std::size(pieces)];
    names.push_back(name + ".py");
    write(names.back());
  }
  CliRun t = analyze({"."});
  CliRun j = analyze({"--format", "json", "."});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto report = nlohmann::json::parse(j.out);
  EXPECT_EQ(lines_of(t.out).size(), report["findings"].size());
  for (const auto& line : lines_of(t.out)) EXPECT_EQ(line.rfind("n", 0), 0u) << "every line starts with its own name: " << line;
}

TEST_F(HostileTree, UnreadablePathsOnTheCommandLineExit2AndUnreadableEntriesAreNamed) {
  if (!can_drop_privileges()) GTEST_SKIP() << "cannot run the binary as an unprivileged user here";
  write("readable.py");
  write("unreadable.py");
  fs::create_directories(dir_ / "tree" / "closed");
  write("closed/hidden.py");
  fs::create_directories(dir_ / "tree" / "sub");
  write("sub/secret.py");
  write("sub/fine.py");
  ::chmod((dir_ / "tree" / "unreadable.py").c_str(), 0);
  ::chmod((dir_ / "tree" / "closed").c_str(), 0);
  ::chmod((dir_ / "tree" / "sub" / "secret.py").c_str(), 0);
  for (const auto& p : {dir_ / "tree", dir_ / "tree" / "sub"}) ::chmod(p.c_str(), 0777);
  ::chmod((dir_ / "tree" / "readable.py").c_str(), 0644);
  ::chmod((dir_ / "tree" / "sub" / "fine.py").c_str(), 0644);

  CliRun file = analyze({"unreadable.py"}, true);
  EXPECT_EQ(file.exit_code, 2) << file.out << file.err;
  EXPECT_NE(file.err.find("unreadable.py"), std::string::npos) << file.err;
  EXPECT_NE(file.err.find("ermission denied"), std::string::npos) << file.err;

  CliRun dir = analyze({"closed"}, true);
  EXPECT_EQ(dir.exit_code, 2) << dir.out << dir.err;
  EXPECT_NE(dir.err.find("closed"), std::string::npos) << dir.err;

  CliRun json = analyze({"--format", "json", "unreadable.py", "readable.py"}, true);
  EXPECT_EQ(json.exit_code, 2) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["findings"].size(), 1u) << "the readable file is still analysed";

  CliRun tree = analyze({"."}, true);
  EXPECT_EQ(tree.exit_code, 2) << tree.err;
  for (const char* name : {"unreadable.py", "closed", "secret.py"})
    EXPECT_NE(tree.err.find(name), std::string::npos) << name << " is not named: " << tree.err;
  EXPECT_NE(tree.err.find("3 unreadable"), std::string::npos) << tree.err;
  EXPECT_NE(tree.out.find("fine.py"), std::string::npos) << "readable files are analysed: " << tree.out;

  // A name that does not exist is an error too, a dangling link inside a tree is not.
  EXPECT_EQ(analyze({"missing.py"}, true).exit_code, 2);
  ::chmod((dir_ / "tree" / "closed").c_str(), 0755);
  ::chmod((dir_ / "tree" / "unreadable.py").c_str(), 0644);
  ::chmod((dir_ / "tree" / "sub" / "secret.py").c_str(), 0644);
  fs::create_symlink("nowhere.py", dir_ / "tree" / "sub" / "dangling.py");
  CliRun clean = analyze({"."}, true);
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
}

}  // namespace
