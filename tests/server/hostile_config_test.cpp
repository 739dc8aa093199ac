// Hostile configuration through the real binary (issue 14, defects 9-12): every kind of file a
// repository can commit as .codecrucible.json or .gitignore, or a user can name as the user
// config or --config (FIFOs, links to /dev/zero, /dev/stdin and /dev/urandom, directories,
// 100,000 levels of nesting, files past the cap, broken characters, not JSON), in every place
// a configuration is read, for both `lsp` and `analyze`: each must end promptly with a clear
// warning, never a hang, a crash or unbounded memory. And unknown keys at every level of the
// schema, generated from server/settings.schema.json itself.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/server/hardening_support.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::testing;  // the shared harness in hardening_support.h
using std::chrono::seconds;

std::string nested_objects(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(depth, '}');
  return s;
}

// A kind of hostile file: how to make it at a path, and what the warning must say ("" when
// the file is usable or silently absent).
struct Kind {
  std::string name;
  std::function<void(const fs::path&)> make;
  std::string warning;
};

std::vector<Kind> hostile_kinds() {
  auto link_to = [](const char* target) { return [target](const fs::path& p) { fs::create_symlink(target, p); }; };
  auto text = [](std::string content) {
    return [content](const fs::path& p) { std::ofstream(p, std::ios::binary) << content; };
  };
  return {
      {"FIFO", [](const fs::path& p) { ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0); }, "not a regular file"},
      {"link to /dev/zero", link_to("/dev/zero"), "not a regular file"},
      {"link to /dev/stdin", link_to("/dev/stdin"), "not a regular file"},
      {"link to /dev/urandom", link_to("/dev/urandom"), "not a regular file"},
      {"directory", [](const fs::path& p) { fs::create_directory(p); }, "not a regular file"},
      {"600 KB of nested objects", text(nested_objects(100000)), "deeper than"},
      {"100,000 nested arrays", text(std::string(100000, '[') + std::string(100000, ']')), "deeper than"},
      {"2 MiB", text("{\"analysis\": {\"exclude\": [\"" + std::string(2 << 20, 'x') + "\"]}}"), "larger than"},
      {"not JSON", text("{\"analysis\": "), "not usable JSON"},
      {"an array", text("[1, 2]"), "must hold a JSON object"},
      {"broken characters", text("{\"analysis\": {\"exclude\": [\"\xff\xfe\", \"\\udc80\", \"\x01\"]}}"), ""},
      {"dangling link", link_to("/nonexistent/codecrucible.json"), ""},
  };
}

struct LspRun {
  bool initialized = false;
  int exit_code = -1;
  std::vector<std::string> warnings;
  std::vector<std::string> framing_errors;
};

// initialize (with a workspace root), initialized, sync, shutdown, exit: each bounded.
LspRun run_lsp(const fs::path& root, std::vector<std::string> args, const std::string& xdg_config, json init_options = {}) {
  std::vector<std::string> argv{CC_BINARY, "lsp"};
  argv.insert(argv.end(), args.begin(), args.end());
  LspProcess p(argv, {"XDG_CONFIG_HOME=" + xdg_config, "XDG_CACHE_HOME=" + (root / ".cache").string()});
  if (init_options.is_null()) init_options = json{{"ai", {{"enabled", false}}}};
  p.request(1, "initialize", {{"processId", nullptr}, {"rootUri", "file://" + root.string()},
                              {"capabilities", {{"workspace", {{"configuration", false}}}}},
                              {"initializationOptions", init_options}});
  LspRun r;
  r.initialized = p.wait_response(1, seconds(20)).has_value();
  p.notify("initialized");
  p.request(2, "codecrucible/sync");
  p.wait_response(2, seconds(20));
  p.request(3, "shutdown");
  p.wait_response(3, seconds(20));
  p.notify("exit");
  r.exit_code = p.wait_exit(seconds(20)).value_or(-1);
  for (const auto& m : p.all())
    if (m.value("method", "") == "window/logMessage" || m.value("method", "") == "window/showMessage")
      r.warnings.push_back(m["params"].value("message", ""));
  r.framing_errors = p.framing_errors();
  return r;
}

bool mentions(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines)
    if (l.find(part) != std::string::npos) return true;
  return false;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "  " + l + "\n";
  return out;
}

}  // namespace

TEST(HostileConfig, EveryKindOfFileInEveryConfigPlaceEndsPromptlyWithAClearWarning) {
  for (const auto& kind : hostile_kinds()) {
    for (const char* place : {"workspace", "--config", "user"}) {
      if (kind.name == "dangling link" && std::string(place) == "--config") continue;  // exit 2: file not found
      SCOPED_TRACE(kind.name + " as the " + place + " configuration");
      TempDir dir("kinds");
      const fs::path root = dir.path() / "ws";
      fs::create_directories(root);
      std::ofstream(root / "app.py") << "import os\nos.system('ls ' + name)\n";
      fs::path file = root / ".codecrucible.json";
      std::vector<std::string> args;
      std::string xdg = (dir.path() / "nowhere").string();
      if (std::string(place) == "--config") {
        file = dir.path() / "explicit.json";
        args = {"--config", file.string()};
      } else if (std::string(place) == "user") {
        fs::create_directories(dir.path() / "xdg" / "codecrucible");
        file = dir.path() / "xdg" / "codecrucible" / "config.json";
        xdg = (dir.path() / "xdg").string();
      }
      kind.make(file);

      LspRun lsp = run_lsp(root, args, xdg);
      EXPECT_TRUE(lsp.initialized) << "initialize got no answer";
      EXPECT_EQ(lsp.exit_code, 0);
      EXPECT_TRUE(lsp.framing_errors.empty());
      if (!kind.warning.empty()) {
        EXPECT_TRUE(mentions(lsp.warnings, kind.warning)) << "the editor was not told:\n" << joined(lsp.warnings);
      }

      std::string cli = "cd '" + root.string() + "' && XDG_CONFIG_HOME='" + xdg + "' " + kBoundedBinary + " analyze";
      for (const auto& a : args) cli += " '" + a + "'";
      auto analyze = run_command(cli + " app.py </dev/null");
      EXPECT_TRUE(analyze.exit_code == 0 || analyze.exit_code == 1) << "exit " << analyze.exit_code << "\n" << analyze.output;
      EXPECT_NE(analyze.output.find("cmd-shell-dynamic"), std::string::npos) << analyze.output;
      if (!kind.warning.empty()) {
        EXPECT_NE(analyze.output.find(kind.warning), std::string::npos) << analyze.output;
      }
    }
  }
}

TEST(HostileConfig, EveryKindOfIgnoreFileLetsTheScanFinish) {
  for (const auto& kind : hostile_kinds()) {
    SCOPED_TRACE(".gitignore as " + kind.name);
    TempDir dir("gitignore");
    fs::create_directories(dir.path() / "sub");
    std::ofstream(dir.path() / "sub" / "app.py") << "import os\nos.system('ls ' + name)\n";
    kind.make(dir.path() / ".gitignore");
    kind.make(dir.path() / "sub" / ".gitignore");
    // An extensionless file is sniffed for a shebang: as a FIFO or a device it is skipped.
    kind.make(dir.path() / "script");
    auto r = run_command(kBoundedBinary + " analyze '" + dir.path().string() + "' </dev/null");
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << "exit " << r.exit_code << "\n" << r.output;
    EXPECT_NE(r.output.find("app.py"), std::string::npos) << r.output;
  }
}

namespace {

// A settings object with an unknown key in every object the schema describes (and in one item
// of every array of objects), and the dotted path of each.
void plant_unknown_keys(const json& node, const std::string& path, json& value, std::vector<std::string>& planted) {
  if (!node.is_object()) return;
  if (node.contains("properties")) {
    if (!value.is_object()) value = json::object();
    const std::string key = "bogus" + std::to_string(planted.size());
    value[key] = 1;
    planted.push_back(path.empty() ? key : path + "." + key);
    for (const auto& [name, child] : node["properties"].items()) {
      const std::string child_path = path.empty() ? name : path + "." + name;
      if (child.contains("properties")) {
        plant_unknown_keys(child, child_path, value[name], planted);
      } else if (child.contains("items") && child["items"].contains("properties")) {
        json item = json::object();
        for (const auto& [k, v] : child["items"]["properties"].items())  // a plausible item: strings
          if (v.contains("type") && v["type"] == "string") item[k] = "x";
        plant_unknown_keys(child["items"], child_path + "[0]", item, planted);
        value[name] = json::array({item});
      }
    }
  }
}

}  // namespace

TEST(HostileConfig, UnknownKeysAreReportedAtEveryLevelOfTheSchemaInEveryLayer) {
  std::ifstream in(fs::path(CC_SOURCE_DIR) / "server" / "settings.schema.json");
  const json schema = json::parse(in);
  json settings;
  std::vector<std::string> planted;
  plant_unknown_keys(schema, "", settings, planted);
  ASSERT_GE(planted.size(), 10u);
  // The issue's own instances are among them, by shape.
  settings["unknownTopKey"] = 1;
  settings["diagnostics"]["debounceMS"] = 5;
  planted.push_back("unknownTopKey");
  planted.push_back("diagnostics.debounceMS");

  TempDir dir("keys");
  const fs::path root = dir.path() / "ws";
  fs::create_directories(root);
  std::ofstream(root / "app.py") << "x = 1\n";
  std::ofstream(root / ".codecrucible.json") << settings.dump(2);
  LspRun from_file = run_lsp(root, {}, (dir.path() / "nowhere").string());
  // The same keys as initializationOptions (wrapped as editors send them).
  std::ofstream(root / ".codecrucible.json") << "{}";
  json from_editor = settings;
  from_editor["server"] = {{"path", "codecrucible"}};  // an editor-side section (VS Code's settings)
  LspRun from_init = run_lsp(root, {}, (dir.path() / "nowhere").string(), json{{"codecrucible", from_editor}});
  std::ofstream(root / ".codecrucible.json") << settings.dump(2);
  auto analyze_ws = run_command("cd '" + root.string() + "' && XDG_CONFIG_HOME=/nonexistent " + kBoundedBinary + " analyze app.py");
  for (const auto& key : planted) {
    const std::string quoted = "'" + key + "'";
    EXPECT_TRUE(mentions(from_file.warnings, quoted)) << key << " in .codecrucible.json:\n" << joined(from_file.warnings);
    EXPECT_TRUE(mentions(from_init.warnings, quoted)) << key << " in initializationOptions:\n" << joined(from_init.warnings);
    EXPECT_NE(analyze_ws.output.find(quoted), std::string::npos) << key << " via analyze:\n" << analyze_ws.output;
  }
  // Known keys are never reported, and editor-side sections pass.
  for (const auto& w : from_file.warnings) EXPECT_EQ(w.find("'analysis.enabled'"), std::string::npos) << w;
  EXPECT_FALSE(mentions(from_init.warnings, "'server'"));
}
