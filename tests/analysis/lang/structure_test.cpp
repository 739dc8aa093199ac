// Functions, parameters, complexity, nesting and handlers across the structural readers.
#include <gtest/gtest.h>

#include "analysis/lang/lexer.h"
#include "analysis/lang/structure.h"
#include "tests/analysis/analysis_test_util.h"

namespace {

using namespace cc::analysis;
using namespace cc::analysis::testing;

StructureInfo structure_of(const std::string& src, Language lang, int depth = 4) {
  static LexedSource lx;  // kept alive for the returned views' lifetime in a test
  lx = lex(src, lang);
  return analyze_structure(src, lx, lang, depth);
}

std::string branches(int n, const char* stmt) {
  std::string s;
  for (int i = 0; i < n; ++i) s += std::string(stmt) + "\n";
  return s;
}

TEST(Structure, ParamsCountingRules) {
  auto py = structure_of("def f(self, a, b=1, *args, c, **kw):\n    pass\ndef g(a, *, b, /):\n    pass\n", Language::Python);
  ASSERT_EQ(py.functions.size(), 2u);
  EXPECT_EQ(py.functions[0].params, 5);
  EXPECT_EQ(py.functions[1].params, 2);
  auto go = structure_of("func (s *S) M(a, b int, c string) error {\n\treturn nil\n}\n", Language::Go);
  ASSERT_EQ(go.functions.size(), 1u);
  EXPECT_EQ(go.functions[0].name, "M");
  EXPECT_EQ(go.functions[0].params, 3);
  auto ts = structure_of("function f({ a, b }: P, m: Map<string, number>, cb: (x: number) => void) {}\n",
                         Language::TypeScript);
  ASSERT_EQ(ts.functions.size(), 1u);
  EXPECT_EQ(ts.functions[0].params, 3);
  auto c = structure_of("int main(void)\n{\n  return 0;\n}\n", Language::C);
  ASSERT_EQ(c.functions.size(), 1u);
  EXPECT_EQ(c.functions[0].params, 0);
  EXPECT_EQ(c.functions[0].name_line, 0);
  EXPECT_EQ(c.functions[0].end_line, 3);
}

TEST(Structure, ComplexityAndNestedFunctionsCountSeparately) {
  std::string js = "function big(x) {\n" + branches(12, "  if (x) { y(); }") +
                   "  arr.map((v) => { if (v) { return 1; } return 2; });\n}\n";
  auto st = structure_of(js, Language::JavaScript);
  ASSERT_EQ(st.functions.size(), 2u);
  EXPECT_EQ(st.functions[0].complexity, 13);
  EXPECT_EQ(st.functions[1].complexity, 2);
  EXPECT_TRUE(st.functions[1].is_lambda);
  auto fs = analyze(js, Language::JavaScript);
  EXPECT_TRUE(has(fs, "complexity", 1));

  std::string py = "def f(x):\n" + branches(10, "    if x and y:\n        pass") ;
  auto pst = structure_of(py, Language::Python);
  ASSERT_EQ(pst.functions.size(), 1u);
  EXPECT_EQ(pst.functions[0].complexity, 21);
}

TEST(Structure, DeepNestingReportsFirstStatementAtDepthFive) {
  std::string c =
      "void f(int a) {\n"
      "  for (;;) {\n"
      "    while (a) {\n"
      "      if (a) {\n"
      "        switch (a) {\n"
      "          case 1: if (a) {\n"
      "            g();\n"   // line 7, depth 5
      "          }\n"
      "        }\n"
      "      }\n"
      "    }\n"
      "  }\n"
      "}\n";
  auto fs = analyze(c, Language::C);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "deep-nesting", 7));
  std::string py =
      "def f(a):\n"
      "    for x in a:\n"
      "        with x:\n"
      "            try:\n"
      "                if x:\n"
      "                    y()\n"          // depth 4: fine
      "                elif a:\n"
      "                    while x:\n"
      "                        z()\n"      // line 9: depth 5
      "            except E:\n"
      "                pass\n";
  auto pfs = analyze(py, Language::Python);
  SCOPED_TRACE(dump(pfs));
  EXPECT_TRUE(has(pfs, "deep-nesting", 9));
  EXPECT_EQ(count(pfs, "deep-nesting"), 1);
  EXPECT_TRUE(has(pfs, "empty-catch", 10));
}

TEST(Structure, LongFunctionMeasuredFromSignatureToClosingLine) {
  std::string body;
  for (int i = 0; i < 99; ++i) body += "  x();\n";
  // 1 signature + 99 body + 1 closing = 101 lines.
  auto fs = analyze("void f() {\n" + body + "}\n", Language::Cpp);
  EXPECT_TRUE(has(fs, "long-function", 1));
  auto ok = analyze("void f() {\n" + body.substr(7) + "}\n", Language::Cpp);
  EXPECT_FALSE(has(ok, "long-function", 1));
}

TEST(Structure, RubyAndShellKeywordBlocks) {
  auto rb = structure_of(
      "class A\n  def m(a, b = 1, *rest, &blk)\n    items.each do |x|\n      if x\n        y\n      end\n    end\n"
      "  end\n  def n; end\nend\n",
      Language::Ruby);
  ASSERT_EQ(rb.functions.size(), 2u);
  EXPECT_EQ(rb.functions[0].name, "m");
  EXPECT_EQ(rb.functions[0].params, 4);
  EXPECT_EQ(rb.functions[0].end_line, 7);
  auto sh = structure_of("deploy() {\n  if [ -n \"$1\" ]; then\n    echo hi\n  fi\n}\nfunction other {\n  :\n}\n",
                         Language::Shell);
  ASSERT_EQ(sh.functions.size(), 2u);
  EXPECT_EQ(sh.functions[0].name, "deploy");
  EXPECT_EQ(sh.functions[0].end_line, 4);
  EXPECT_EQ(sh.functions[0].complexity, 2);
  EXPECT_EQ(sh.functions[1].name, "other");
}

TEST(Structure, ThresholdsAreConfigurable) {
  AnalysisConfig cfg;
  cfg.thresholds.parameters = 2;
  cfg.thresholds.complexity = 1;
  cfg.thresholds.function_lines = 2;
  auto fs = analyze("function f(a, b, c) {\n  if (a) { b(); }\n  return c;\n}\n", Language::JavaScript, cfg);
  EXPECT_TRUE(has(fs, "too-many-params", 1));
  EXPECT_TRUE(has(fs, "complexity", 1));
  EXPECT_TRUE(has(fs, "long-function", 1));
}

}  // namespace
