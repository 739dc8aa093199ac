// Hostile input: binary, invalid UTF-8, huge files, extreme nesting, unterminated constructs,
// deadlines and cancellation. Each must give findings or a skip reason, never a crash or hang.
#include <gtest/gtest.h>

#include "analysis/analyzer.h"
#include "tests/analysis/analysis_test_util.h"

namespace {

using namespace cc::analysis;
using namespace cc::analysis::testing;

const Language kAll[] = {Language::Python, Language::JavaScript, Language::TypeScript, Language::C,
                         Language::Cpp,    Language::Go,         Language::Java,       Language::Rust,
                         Language::Ruby,   Language::Php,        Language::Shell,      Language::CSharp};

TEST(Robustness, BinaryIsSkippedWithReason) {
  std::string bin("\x7f" "ELF\0\0\x01", 7);
  for (auto lang : kAll) {
    auto r = analyze_text(bin, lang, {});
    EXPECT_NE(r.skipped_reason.find("binary"), std::string::npos);
  }
  EXPECT_FALSE(analyze_text("x", Language::Unknown, {}).skipped_reason.empty());
}

TEST(Robustness, InvalidUtf8StillAnalysed) {
  std::string src = "x = \"\xff\xfe\xc3\" \xe2\x82\neval(y)\n\xc0\xaf = 1\n";
  auto fs = analyze(src, Language::Python);
  EXPECT_TRUE(has(fs, "code-injection", 2)) << dump(fs);
}

TEST(Robustness, DeepNestingDoesNotRecurse) {
  for (auto lang : kAll) {
    std::string src = "function f() {\n" + std::string(10000, '{') + std::string(10000, '(') + "x" +
                      std::string(10000, ')') + std::string(10000, '}') + "\n}\n";
    auto r = analyze_text(src, lang, {});
    EXPECT_FALSE(r.truncated);
  }
  std::string py = "def f():\n";
  for (int i = 1; i < 2000; ++i) py += std::string(static_cast<std::size_t>(i), ' ') + "if x:\n";
  py += std::string(2000, ' ') + "pass\n";
  auto fs = analyze(py, Language::Python);
  EXPECT_TRUE(has(fs, "deep-nesting", 7)) << dump(fs);
  EXPECT_TRUE(has(fs, "long-function", 1));
  std::string tmpl = "x = `";
  for (int i = 0; i < 3000; ++i) tmpl += "${`";
  for (int i = 0; i < 3000; ++i) tmpl += "`}";
  tmpl += "`;\n";
  EXPECT_FALSE(analyze_text(tmpl, Language::JavaScript, {}).truncated);
}

TEST(Robustness, UnterminatedEverything) {
  const char* srcs[] = {"\"", "'", "`", "/*", "\"\"\"", "r#\"", "R\"(", "<<EOF\n", "<<<EOT\n", "%q(", "${",
                        "f\"{", "#{", "=begin\n", "<?php /*", "$'", "@\"", "(((", "}}}", ")))"};
  for (auto lang : kAll)
    for (const char* s : srcs) {
      auto r = analyze_text(std::string("eval(x)\n") + s + "\neval(y)", lang, {});
      EXPECT_TRUE(r.skipped_reason.empty());
    }
}

TEST(Robustness, LargeFileIsLinear) {
  // 4 MiB of realistic code (the CLI size cap defaults to 1 MiB; the analyzer itself has none).
  std::string line = "def f(a):\n    return query(\"SELECT 1 FROM t WHERE x = \" + a)  # TODO check\n";
  std::string src;
  while (src.size() < 4u * 1024 * 1024) src += line;
  auto r = analyze_text(src, Language::Python, {});
  // One TODO per two lines: far more than the per-document cap, so the result is truncated and
  // the number of findings stays bounded.
  EXPECT_TRUE(r.truncated);
  EXPECT_LE(r.findings.size(), 10000u);
  EXPECT_GE(r.findings.size(), 1000u);
  // A large file with few findings is analysed completely.
  std::string quiet;
  while (quiet.size() < 4u * 1024 * 1024) quiet += "def f(a):\n    return a + 1\n";
  quiet += "eval(x)\n";
  auto q = analyze_text(quiet, Language::Python, {});
  EXPECT_FALSE(q.truncated);
  EXPECT_EQ(count(q.findings, "code-injection"), 1);
}

TEST(Robustness, DeadlineReturnsPartialResults) {
  std::string src;
  while (src.size() < 4u * 1024 * 1024) src += "x = a + b  # TODO\n";
  AnalysisConfig cfg;
  cfg.task_deadline = std::chrono::milliseconds(1);
  auto r = analyze_text(src, Language::Python, cfg);
  EXPECT_TRUE(r.truncated);
}

TEST(Robustness, CancelledTokenStopsEarly) {
  cc::CancelSource source;
  source.cancel();
  std::string src(2u * 1024 * 1024, 'a');
  auto r = analyze_text(src, Language::C, {}, source.token());
  EXPECT_TRUE(r.truncated);
}

}  // namespace
