// Lexer edge cases: patterns inside comments and literals are not code.
#include <gtest/gtest.h>

#include "analysis/lang/lexer.h"
#include "tests/analysis/analysis_test_util.h"

namespace {

using namespace cc::analysis;
using namespace cc::analysis::testing;

TEST(Lexer, CodeViewKeepsLengthAndNewlines) {
  std::string src = "x = \"a\\\"b\" # c\ny = 'q'\n";
  auto lx = lex(src, Language::Python);
  ASSERT_EQ(lx.code.size(), src.size());
  EXPECT_EQ(lx.code, "x = \"    \"    \ny = ' '\n");
  ASSERT_EQ(lx.strings.size(), 2u);
  ASSERT_EQ(lx.comments.size(), 1u);
  EXPECT_EQ(lx.line_count(), 3u);
  EXPECT_EQ(lx.line_of(src.find('y')), 1);
}

TEST(Lexer, PythonPrefixesTripleQuotesAndFStrings) {
  std::string src =
      "a = rb'eval(x)'\n"
      "b = \"\"\"\neval(x)\n\"\"\"\n"
      "c = f\"{eval(x)} and {{eval(y)}}\"\n";
  auto lx = lex(src, Language::Python);
  // eval in the raw bytes literal and the docstring is blanked; the f-string expression is code.
  EXPECT_EQ(lx.code.find("eval(x)"), src.rfind("eval(x)"));
  EXPECT_EQ(lx.code.find("eval(y)"), std::string::npos);  // {{ }} is a literal brace
  bool interpolated = false;
  for (const auto& s : lx.strings) interpolated = interpolated || s.interpolated;
  EXPECT_TRUE(interpolated);
}

TEST(Lexer, JavaScriptTemplatesNestAndRegexLiterals) {
  std::string src = "const s = `a ${ `b ${ eval(x) } c` } d`; const r = /'\"eval(y)/g; z = a / b / c;\n";
  auto lx = lex(src, Language::JavaScript);
  EXPECT_NE(lx.code.find("eval(x)"), std::string::npos);
  EXPECT_EQ(lx.code.find("eval(y)"), std::string::npos);
  EXPECT_NE(lx.code.find("a / b / c"), std::string::npos);  // division is not a regex
}

TEST(Lexer, CppRawStringAndRustNestedComments) {
  auto cpp = lex("auto s = R\"d(\"strcpy(a,b)\" )\" )d\"; strcat(x, y);\n", Language::Cpp);
  EXPECT_EQ(cpp.code.find("strcpy"), std::string::npos);
  EXPECT_NE(cpp.code.find("strcat"), std::string::npos);
  auto rs = lex("/* a /* b */ gets() */ fn f() { let s = r##\"x\"#gets()\"##; }\n", Language::Rust);
  EXPECT_EQ(rs.code.find("gets"), std::string::npos);
  EXPECT_NE(rs.code.find("fn f()"), std::string::npos);
}

TEST(Lexer, ShellAndRubyHeredocs) {
  auto sh = lex("cat <<-'EOF'\n\teval $x\n\tEOF\neval \"$y\"\n", Language::Shell);
  EXPECT_EQ(sh.code.find("eval $x"), std::string::npos);
  EXPECT_NE(sh.code.find("eval \""), std::string::npos);
  auto rb = lex("x = <<~SQL\n  system(y)\nSQL\nsystem(z)\n", Language::Ruby);
  EXPECT_EQ(rb.code.find("system(y)"), std::string::npos);
  EXPECT_NE(rb.code.find("system(z)"), std::string::npos);
}

TEST(Lexer, PhpModesAndHeredoc) {
  auto php = lex("<b>eval(a)</b><?php eval($b); ?><i>eval(c)</i><?php $s = <<<X\neval(d)\nX;\n", Language::Php);
  EXPECT_EQ(php.code.find("eval(a)"), std::string::npos);
  EXPECT_NE(php.code.find("eval($b)"), std::string::npos);
  EXPECT_EQ(php.code.find("eval(c)"), std::string::npos);
  EXPECT_EQ(php.code.find("eval(d)"), std::string::npos);
}

TEST(Lexer, UnterminatedLiteralsAndCommentsEndCleanly) {
  for (auto lang : {Language::C, Language::Python, Language::JavaScript, Language::Ruby, Language::Shell,
                    Language::Php, Language::Rust, Language::Go, Language::CSharp, Language::Java}) {
    for (const char* src : {"x = \"never closed", "/* never closed", "x = `${ never", "s = '''abc", "<<EOF\nbody",
                            "f\"{", "%Q(abc", "r#\"abc", "@\"abc", "$'abc"}) {
      auto lx = lex(src, lang);
      EXPECT_EQ(lx.code.size(), std::string_view(src).size());
      auto r = analyze_text(src, lang, {});
      EXPECT_FALSE(r.truncated);
    }
  }
}

TEST(Lexer, PatternsInCommentsAndStringsAreNotReported) {
  struct Case {
    Language lang;
    const char* src;
  };
  const Case cases[] = {
      {Language::Python, "# eval(user) os.system(x + y) pickle.loads(b)\ns = \"eval(user) + os.system('x' + y)\"\n"},
      {Language::JavaScript, "// eval(user)\nconst s = 'el.innerHTML = x + y; exec(\"a\" + b)';\n/* debugger; */\n"},
      {Language::C, "// strcpy(a, b);\nconst char *s = \"gets(buf); system(cmd)\";\n"},
      {Language::Ruby, "# Marshal.load(x)\ns = 'eval(params[:x])'\n=begin\nsystem(\"#{x}\")\n=end\n"},
      {Language::Go, "// exec.Command(\"sh\", \"-c\", x+y)\nvar s = `md5.Sum(x)`\n"},
      {Language::Java, "// Runtime.getRuntime().exec(\"a\" + b)\nString s = \"in.readObject()\";\n"},
      {Language::Shell, "# curl -k x\necho \"eval is not run here\"\n"},
      {Language::Php, "<?php // unserialize($_GET['x'])\n# eval($x)\n$s = 'md5($p)';\n"},
  };
  for (const auto& c : cases) {
    auto fs = analyze(c.src, c.lang);
    EXPECT_FALSE(any_security(fs)) << to_string(c.lang) << "\n" << dump(fs);
    EXPECT_EQ(count(fs, "debug-leftover"), 0) << to_string(c.lang);
  }
}

}  // namespace
