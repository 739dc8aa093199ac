// One line-ending model for the analyzer and the editor: \n, \r\n and a lone \r each end a
// line (protocol/positions.h). Findings after a lone \r must land on the line the editor
// shows, for every language and every mix of line ends.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "analysis/lang/lexer.h"
#include "protocol/positions.h"
#include "tests/analysis/analysis_test_util.h"

namespace cc::analysis {
namespace {

using testing::dump;
using testing::has;

std::vector<std::size_t> editor_line_starts(const std::string& text) {
  protocol::LineIndex index(text);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < index.line_count(); ++i) starts.push_back(index.line_start(i));
  return starts;
}

TEST(LineEnds, TheIssuesExampleFindsEachFindingOnItsEditorLine) {
  const std::string text = "x = 1\rpassword = \"hunter2xyz\"\r\neval(x)\r# TODO\n";
  auto findings = testing::analyze(text, Language::Python);
  EXPECT_TRUE(has(findings, "secret", 2)) << dump(findings);
  EXPECT_TRUE(has(findings, "code-eval", 3)) << dump(findings);
  EXPECT_TRUE(has(findings, "todo", 4)) << dump(findings);
}

TEST(LineEnds, CodeAfterALoneCarriageReturnInACommentIsCode) {
  // The editor shows eval(...) on its own line; it must not be hidden in the comment.
  for (auto [lang, comment] : {std::pair{Language::Python, "# note"}, std::pair{Language::JavaScript, "// note"},
                               std::pair{Language::Php, "// note"}, std::pair{Language::Ruby, "# note"}}) {
    std::string text = std::string(lang == Language::Php ? "<?php\n" : "") + comment + "\reval(user_input)\n";
    auto findings = testing::analyze(text, lang);
    const int line = lang == Language::Php ? 3 : 2;
    EXPECT_TRUE(has(findings, "code-eval", line)) << to_string(lang) << "\n" << dump(findings);
  }
}

TEST(LineEnds, LexerLineIndexMatchesTheEditorsForRandomMixesInEveryLanguage) {
  std::mt19937 rng(3);
  const char* pieces[] = {"\r", "\n", "\r\n", "\n\r", "a", "x = 1", "\"s\r\"", "'c'", "# c", "// c", "/* b\r */", " "};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int i = 0; i < 40; ++i) text += pieces[rng() % std::size(pieces)];
    const auto want = editor_line_starts(text);
    for (Language lang : {Language::Python, Language::JavaScript, Language::C, Language::Ruby, Language::Php,
                          Language::Shell, Language::Go, Language::Rust, Language::CSharp, Language::Unknown}) {
      auto lexed = lex(text, lang);
      ASSERT_EQ(lexed.line_starts, want) << to_string(lang) << " round " << round;
      // Every finding sits on a line that exists, at a column inside it.
      for (const auto& f : testing::analyze(text, lang)) {
        ASSERT_GE(f.line, 0);
        ASSERT_LT(static_cast<std::size_t>(f.line), want.size()) << to_string(lang) << " " << f.rule;
        ASSERT_GE(f.column, 0) << to_string(lang) << " " << f.rule;
      }
    }
  }
}

}  // namespace
}  // namespace cc::analysis
