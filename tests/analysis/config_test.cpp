// Configuration parsing, per-rule overrides and suppression comments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/analysis_config.h"
#include "tests/analysis/analysis_test_util.h"

namespace {

using namespace cc::analysis;
using namespace cc::analysis::testing;
using nlohmann::json;

TEST(AnalysisConfig, ParsesEverySetting) {
  std::vector<std::string> warnings;
  auto cfg = analysis_config_from_json(json::parse(R"({"analysis": {
      "enabled": true,
      "rules": {"py-yaml-load": {"enabled": false}, "todo": {"severity": "hint"}, "secret": "error", "xss": "off"},
      "thresholds": {"complexity": 12, "nesting": 3, "functionLines": 80, "parameters": 5},
      "exclude": ["**/vendor/**"], "maxFileBytes": 2048, "jobs": 3, "chunkSize": 4, "taskDeadlineMs": 500,
      "respectGitignore": false}})"),
                                       warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_FALSE(cfg.rule_enabled("py-yaml-load", "unsafe-deserialization"));
  EXPECT_TRUE(cfg.rule_enabled("py-pickle-load", "unsafe-deserialization"));
  EXPECT_FALSE(cfg.rule_enabled("js-inner-html", "xss"));
  EXPECT_EQ(cfg.rule_severity("todo", "todo", Severity::Information), Severity::Hint);
  EXPECT_EQ(cfg.rule_severity("secret-assignment", "secret", Severity::Warning), Severity::Error);
  EXPECT_EQ(cfg.thresholds.complexity, 12);
  EXPECT_EQ(cfg.thresholds.nesting, 3);
  EXPECT_EQ(cfg.thresholds.function_lines, 80);
  EXPECT_EQ(cfg.thresholds.parameters, 5);
  ASSERT_EQ(cfg.exclude.size(), 1u);
  EXPECT_EQ(cfg.max_file_bytes, 2048u);
  EXPECT_EQ(cfg.jobs, 3u);
  EXPECT_EQ(cfg.chunk_size, 4u);
  EXPECT_EQ(cfg.task_deadline.count(), 500);
  EXPECT_FALSE(cfg.respect_gitignore);
}

TEST(AnalysisConfig, BadValuesWarnAndKeepDefaults) {
  std::vector<std::string> warnings;
  auto cfg = analysis_config_from_json(json::parse(R"({"analysis": {
      "bogus": 1, "rules": {"no-such-rule": {"enabled": false}, "todo": {"severity": "loud", "colour": 1}},
      "thresholds": {"complexity": "high", "nesting": -2, "depth": 3}, "maxFileBytes": 0, "jobs": "many",
      "chunkSize": 0, "exclude": "x", "enabled": "yes"}})"),
                                       warnings);
  // One per bad value; the unknown keys (bogus, colour, depth) are reported by the schema
  // check that reads every configuration layer (server/config_keys.h), not here.
  EXPECT_GE(warnings.size(), 9u);
  AnalysisConfig defaults;
  EXPECT_EQ(cfg.thresholds.complexity, defaults.thresholds.complexity);
  EXPECT_EQ(cfg.thresholds.nesting, defaults.thresholds.nesting);
  EXPECT_EQ(cfg.max_file_bytes, defaults.max_file_bytes);
  EXPECT_EQ(cfg.chunk_size, defaults.chunk_size);
  EXPECT_TRUE(cfg.enabled);
  EXPECT_TRUE(cfg.exclude.empty());
  // Not an object at all, or no section: defaults without throwing.
  EXPECT_NO_THROW(analysis_config_from_json(json::array({1, 2}), warnings));
  EXPECT_NO_THROW(analysis_config_from_json(json::parse(R"({"analysis": 3})"), warnings));
  EXPECT_TRUE(analysis_config_from_json(json::object(), warnings).enabled);
}

TEST(AnalysisConfig, OverridesApplyToFindings) {
  const char* src = "import yaml\nyaml.load(x)  # TODO\n";
  std::vector<std::string> warnings;
  auto cfg = analysis_config_from_json(
      json::parse(R"({"analysis": {"rules": {"py-yaml-load": {"enabled": false}, "todo": {"severity": "hint"}}}})"),
      warnings);
  auto fs = analyze(src, Language::Python, cfg);
  EXPECT_EQ(count(fs, "py-yaml-load"), 0);
  ASSERT_EQ(count(fs, "todo"), 1);
  for (const auto& f : fs)
    if (f.rule == "todo") {
      EXPECT_EQ(f.severity, Severity::Hint);
    }
  AnalysisConfig off;
  off.enabled = false;
  auto r = analyze_text(src, Language::Python, off);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_FALSE(r.skipped_reason.empty());
}

TEST(Suppression, ByRuleCategoryOrAll) {
  const char* src =
      "import os\n"
      "os.system('a' + x)  # codecrucible-ignore: cmd-shell-dynamic\n"  // 2 suppressed by id
      "# codecrucible-ignore: command-injection\n"
      "os.system('b' + x)\n"                                            // 4 suppressed by category
      "os.system('c' + x)  # codecrucible-ignore: todo\n"               // 5 other rule: reported
      "eval(x)  # codecrucible-ignore\n"                                // 6 all (and line 7)
      "os.system('d' + x)\n"                                            // 7 suppressed by line 6
      "os.system('e' + x)\n";                                           // 8 reported
  auto fs = analyze(src, Language::Python);
  SCOPED_TRACE(dump(fs));
  EXPECT_FALSE(has(fs, "command-injection", 2));
  EXPECT_FALSE(has(fs, "command-injection", 4));
  EXPECT_TRUE(has(fs, "command-injection", 5));
  EXPECT_FALSE(has(fs, "code-injection", 6));
  EXPECT_FALSE(has(fs, "command-injection", 7));
  EXPECT_TRUE(has(fs, "command-injection", 8));
  auto js = analyze("// codecrucible-ignore: debug-leftover, todo\ndebugger; // TODO\n", Language::JavaScript);
  EXPECT_TRUE(js.empty()) << dump(js);
}

TEST(Findings, PositionsAreZeroBasedByteColumns) {
  auto fs = analyze("x = 1\n  eval(y)\n", Language::Python);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].line, 1);
  EXPECT_EQ(fs[0].column, 2);
  EXPECT_EQ(fs[0].end_line, 1);
  EXPECT_EQ(fs[0].end_column, 6);
  EXPECT_EQ(fs[0].severity, Severity::Error);
  EXPECT_NE(fs[0].message.find("instead"), std::string::npos);
  // Multi-byte text before the finding shifts the byte column.
  auto u = analyze("s = 'é'; eval(y)\n", Language::Python);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].column, 10);
}

}  // namespace
