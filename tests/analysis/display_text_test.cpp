// Names made safe for text output and JSON (issue 14, defects 6 and 8): escaping is visible,
// one line, unambiguous and leaves ordinary names alone; JSON and SARIF carry any bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "analysis/display_text.h"
#include "analysis/report_format.h"

namespace cc::analysis {
namespace {

TEST(DisplayText, OrdinaryNamesAreUnchanged) {
  for (std::string name : {"src/main.py", "dir with spaces/a-b_c.d", "données/日本語.py", "emoji/🚀.rs", "a:b#c.py"})
    EXPECT_EQ(escape_for_display(name), name);
}

TEST(DisplayText, ControlsInvalidBytesAndInvisibleFormattingBecomeVisible) {
  EXPECT_EQ(escape_for_display("a\nb\rc\td\\e"), "a\\nb\\rc\\td\\\\e");
  EXPECT_EQ(escape_for_display("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(escape_for_display(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(escape_for_display("bad\xff\xfe."), "bad\\xff\\xfe.");
  EXPECT_EQ(escape_for_display("\xc0\xaf"), "\\xc0\\xaf");              // overlong '/'
  EXPECT_EQ(escape_for_display("\xed\xa0\x80"), "\\xed\\xa0\\x80");      // a surrogate
  EXPECT_EQ(escape_for_display("\xc2\x9b" "2J"), "\\xc2\\x9b2J");        // C1 CSI
  EXPECT_EQ(escape_for_display("abc\xe2\x80\xae" "cod.py"), "abc\\u{202E}cod.py");  // right-to-left override
  EXPECT_EQ(escape_for_display("a\xe2\x80\xa8" "b"), "a\\u{2028}b");     // line separator
}

TEST(DisplayText, APathStartingALineCannotBeAWorkflowCommand) {
  EXPECT_EQ(escape_path_for_line("::warning file=x::y.py"), "./::warning file=x::y.py");
  EXPECT_EQ(escape_path_for_line("##[error]x.py"), "./##[error]x.py");
  EXPECT_EQ(escape_path_for_line("ok.py"), "ok.py");
}

// Hostile names from random bytes: the escape is one line of valid UTF-8 without control
// characters, and two different names never print the same.
TEST(DisplayText, RandomHostileNamesEscapeToDistinctSafeLines) {
  std::mt19937 rng(14);
  const std::string pieces[] = {"\n", "\r", "\x1b", "\\", "\xff", "\xc3", "\xa9", "é", "::", "\xe2\x80\xae", "x", "/", "\t", "\x7f", "\xc2\x85"};
  std::set<std::string> names, escaped;
  for (int i = 0; i < 5000; ++i) {
    std::string name;
    for (int n = 1 + static_cast<int>(rng() % 8); n > 0; --n) name += pieces[rng() % std::size(pieces)];
    if (!names.insert(name).second) continue;
    std::string e = escape_path_for_line(name);
    ASSERT_TRUE(escaped.insert(e).second) << "two names print as " << e;
    ASSERT_TRUE(is_valid_utf8(e)) << e;
    for (unsigned char c : e) ASSERT_TRUE(c >= 0x20 && c != 0x7f) << e;
    ASSERT_NE(e.rfind("::", 0), 0u) << e;
    ASSERT_TRUE(is_valid_utf8(to_valid_utf8(name)));
  }
}

TEST(DisplayText, PercentEncodingIsLosslessForAnyBytes) {
  std::string all;
  for (int c = 1; c < 256; ++c) all.push_back(static_cast<char>(c));
  std::string encoded = percent_encode_path(all);
  std::string decoded;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%') {
      decoded.push_back(static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      decoded.push_back(encoded[i]);
    }
  }
  EXPECT_EQ(decoded, all);
  EXPECT_TRUE(is_valid_utf8(encoded));
}

TEST(ReportNames, ForgedFileNamesGiveOneHonestLineEachAndValidJson) {
  Finding f;
  f.severity = Severity::Error;
  f.rule = "code-eval";
  f.message = "eval of dynamic code";
  const std::string forged = "ok\nforged.py:1:1: error: forged finding [code-eval]\n::warning file=README.md::x.py";
  const std::string not_utf8 = std::string("caf\xe9/\xff.py");
  std::vector<ReportedFinding> findings = {{forged, f}, {not_utf8, f}};
  std::string text = format_text(findings);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_EQ(text.find("\nforged.py"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n::"), std::string::npos) << text;
  EXPECT_TRUE(is_valid_utf8(text)) << text;
  auto json = format_json(findings, {});
  std::string dumped = json.dump();  // throws on invalid UTF-8 (type_error 316)
  EXPECT_EQ(json["findings"][1]["uri"], "caf%E9/%FF.py");
  EXPECT_FALSE(json["findings"][0].contains("uri")) << "a UTF-8 name needs no second form";
  auto sarif = format_sarif(findings, "0", "file:///w/");
  EXPECT_NO_THROW(sarif.dump());
  EXPECT_EQ(sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "caf%E9/%FF.py");
}

}  // namespace
}  // namespace cc::analysis
