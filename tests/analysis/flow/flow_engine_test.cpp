// The data-flow engine through the analyzer: sources, propagation, constant folding, containers,
// sanitizers, guards, same-file calls, and the path each finding carries.
#include <gtest/gtest.h>

#include <string>

#include "analysis/analyzer.h"
#include "analysis/rules/catalog.h"
#include "tests/analysis/analysis_test_util.h"

namespace cc::analysis {
namespace {

using testing::analyze;
using testing::count;
using testing::dump;
using testing::has;

std::string servlet(const std::string& body, const std::string& extra = "") {
  return "public class T extends HttpServlet {\n"
         "  public void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {\n"
         "    String param = request.getParameter(\"id\");\n" +
         body +
         "\n  }\n" + extra + "}\n";
}

const Finding* find(const std::vector<Finding>& fs, std::string_view rule) {
  for (const auto& f : fs)
    if (f.rule == rule || f.category == rule) return &f;
  return nullptr;
}

TEST(FlowJava, TaintedSqlIsAnErrorWithItsPath) {
  auto fs = analyze(servlet("    String bar = param;\n"
                            "    String sql = \"SELECT * FROM u WHERE id='\" + bar + \"'\";\n"
                            "    statement.executeQuery(sql);"),
                    Language::Java);
  const Finding* f = find(fs, "sql-injection");
  ASSERT_NE(f, nullptr) << dump(fs);
  EXPECT_EQ(f->severity, Severity::Error);
  EXPECT_EQ(f->line, 5);
  ASSERT_GE(f->related.size(), 2u);
  EXPECT_EQ(f->related[0].line, 2);
  EXPECT_NE(f->related[0].message.find("request.getParameter(\"id\")"), std::string::npos);
  EXPECT_NE(f->related[0].message.find("(line 3)"), std::string::npos);
  bool via_bar = false;
  for (const auto& step : f->related) via_bar = via_bar || step.message.find("assigned to bar (line 4)") != std::string::npos;
  EXPECT_TRUE(via_bar);
}

TEST(FlowJava, ConstantOverwriteIsClean) {
  auto fs = analyze(servlet("    String bar = param;\n    bar = \"fixed\";\n"
                            "    statement.executeQuery(\"SELECT \" + bar);"),
                    Language::Java);
  EXPECT_EQ(count(fs, "sql-injection"), 0) << dump(fs);
}

TEST(FlowJava, FoldedBranchesTakeOnlyTheLiveSide) {
  const std::string sink = "\n    response.getWriter().println(bar);";
  auto real = analyze(servlet("    int num = 196; String bar;\n    if ((500 / 42) + num > 200) bar = param; else bar = \"x\";" + sink),
                      Language::Java);
  auto safe = analyze(servlet("    int num = 86; String bar;\n    if ((500 / 42) + num > 200) bar = param; else bar = \"x\";" + sink),
                      Language::Java);
  auto ternary = analyze(servlet("    int num = 106;\n    String bar = (7 * 42) - num > 200 ? \"x\" : param;" + sink),
                         Language::Java);
  EXPECT_EQ(count(real, "xss"), 1) << dump(real);
  EXPECT_EQ(count(safe, "xss"), 0) << dump(safe);
  EXPECT_EQ(count(ternary, "xss"), 1) << dump(ternary);
}

TEST(FlowJava, SwitchOnACharacterOfALiteral) {
  auto body = [](int index) {
    return "    String guess = \"ABC\"; String bar;\n    char t = guess.charAt(" + std::to_string(index) +
           ");\n    switch (t) { case 'A': bar = param; break; case 'B': bar = \"b\"; break; default: bar = param; }\n"
           "    new java.io.File(bar);";
  };
  EXPECT_EQ(count(analyze(servlet(body(0)), Language::Java), "path-traversal"), 1);
  EXPECT_EQ(count(analyze(servlet(body(1)), Language::Java), "path-traversal"), 0);
  EXPECT_EQ(count(analyze(servlet(body(2)), Language::Java), "path-traversal"), 1);
}

TEST(FlowJava, MapsAndListsAreTrackedPerKeyAndIndex) {
  std::string map = "    java.util.Map<String, Object> m = new java.util.HashMap<String, Object>();\n"
                    "    m.put(\"a\", \"safe\"); m.put(\"b\", param);\n";
  EXPECT_EQ(count(analyze(servlet(map + "    response.sendRedirect((String) m.get(\"b\"));"), Language::Java), "open-redirect"), 1);
  EXPECT_EQ(count(analyze(servlet(map + "    response.sendRedirect((String) m.get(\"a\"));"), Language::Java), "open-redirect"), 0);
  std::string list = "    java.util.List<String> l = new java.util.ArrayList<String>();\n"
                     "    l.add(\"safe\"); l.add(param); l.add(\"more\"); l.remove(0);\n";
  EXPECT_EQ(count(analyze(servlet(list + "    response.setHeader(\"X\", l.get(0));"), Language::Java), "header-injection"), 1);
  EXPECT_EQ(count(analyze(servlet(list + "    response.setHeader(\"X\", l.get(1));"), Language::Java), "header-injection"), 0);
}

TEST(FlowJava, SanitizersAreFamilySpecific) {
  std::string enc = "    String bar = org.owasp.esapi.ESAPI.encoder().encodeForHTML(param);\n";
  EXPECT_EQ(count(analyze(servlet(enc + "    response.getWriter().println(bar);"), Language::Java), "xss"), 0);
  // HTML encoding does not make a redirect target safe.
  EXPECT_EQ(count(analyze(servlet(enc + "    response.sendRedirect(bar);"), Language::Java), "open-redirect"), 1);
  EXPECT_EQ(count(analyze(servlet(enc + "    new java.io.File(bar);"), Language::Java), "path-traversal"), 1);
  std::string num = "    int n = Integer.parseInt(param);\n    statement.executeQuery(\"SELECT \" + n);";
  EXPECT_EQ(count(analyze(servlet(num), Language::Java), "sql-injection"), 0);
}

TEST(FlowJava, SameFileHelpersAreFollowed) {
  std::string passes = "  private String pass(String v) { String r = v; return r; }\n";
  std::string constant = "  private String pass(String v) { return \"k\"; }\n";
  std::string body = "    String bar = pass(param);\n    request.getSession().setAttribute(\"u\", bar);";
  EXPECT_EQ(count(analyze(servlet(body, passes), Language::Java), "trust-boundary"), 1);
  EXPECT_EQ(count(analyze(servlet(body, constant), Language::Java), "trust-boundary"), 0);
}

TEST(FlowJava, BuildersAndCommandArrays) {
  auto fs = analyze(servlet("    StringBuilder sb = new StringBuilder();\n    sb.append(\"echo \").append(param);\n"
                            "    String[] args = {\"sh\", \"-c\", sb.toString()};\n    Runtime.getRuntime().exec(args);"),
                    Language::Java);
  EXPECT_EQ(count(fs, "command-injection"), 1) << dump(fs);
  auto safe = analyze(servlet("    StringBuilder sb = new StringBuilder();\n    sb.append(\"echo \").append(\"hi\");\n"
                              "    Runtime.getRuntime().exec(sb.toString());"),
                      Language::Java);
  EXPECT_EQ(count(safe, "command-injection"), 0) << dump(safe);
}

TEST(FlowJava, AllowListGuardThatReturnsCleans) {
  auto fs = analyze(servlet("    if (!ALLOWED.contains(param)) { return; }\n    response.sendRedirect(param);"),
                    Language::Java);
  EXPECT_EQ(count(fs, "open-redirect"), 0) << dump(fs);
}

TEST(FlowJava, UnknownParametersWarnOnlyForBuiltQueries) {
  std::string src =
      "class D {\n  void find(java.sql.Statement st, String name) throws Exception {\n"
      "    st.executeQuery(\"SELECT * FROM u WHERE n='\" + name + \"'\");\n"
      "    st.executeQuery(name);\n    new java.io.File(name);\n  }\n}\n";
  auto fs = analyze(src, Language::Java);
  ASSERT_TRUE(has(fs, "sql-injection", 3)) << dump(fs);
  EXPECT_EQ(find(fs, "sql-injection")->severity, Severity::Warning);
  EXPECT_FALSE(has(fs, "sql-injection", 4)) << dump(fs);
  EXPECT_EQ(count(fs, "path-traversal"), 0) << dump(fs);
}

TEST(FlowPython, FlaskRequestToSinks) {
  std::string src =
      "from flask import request, session\n"
      "@app.route('/x')\n"
      "def view():\n"
      "    q = request.args.get('q')\n"
      "    d = {}\n"
      "    d['a'] = q\n"
      "    d['b'] = 'safe'\n"
      "    cur.execute(\"SELECT * FROM t WHERE a = '%s'\" % d['a'])\n"
      "    cur.execute(\"SELECT * FROM t WHERE a = '%s'\" % d['b'])\n"
      "    subprocess.run(['sh', '-c', 'echo ' + q])\n"
      "    subprocess.run(['echo', q])\n"
      "    session['user'] = q\n"
      "    return '<p>' + q + '</p>'\n";
  auto fs = analyze(src, Language::Python);
  EXPECT_TRUE(has(fs, "sql-injection", 8)) << dump(fs);
  EXPECT_FALSE(has(fs, "sql-injection", 9)) << dump(fs);
  EXPECT_TRUE(has(fs, "command-injection", 10)) << dump(fs);
  EXPECT_FALSE(has(fs, "command-injection", 11)) << dump(fs);
  EXPECT_TRUE(has(fs, "trust-boundary", 12)) << dump(fs);
  EXPECT_TRUE(has(fs, "xss", 13)) << dump(fs);
}

TEST(FlowPython, ShellTrueWithAParameterIsAWarning) {
  auto fs = analyze("import subprocess\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n", Language::Python);
  ASSERT_TRUE(has(fs, "command-injection", 3)) << dump(fs);
  EXPECT_EQ(find(fs, "command-injection")->severity, Severity::Warning);
}

TEST(FlowPython, EscapesGuardsAndConversions) {
  std::string src =
      "@app.route('/x')\n"
      "def view():\n"
      "    q = request.args.get('q')\n"
      "    n = int(q)\n"
      "    os.system('kill ' + str(n))\n"
      "    os.system('echo ' + shlex.quote(q))\n"
      "    if q not in ('a', 'b'):\n"
      "        return 'no'\n"
      "    return redirect(q)\n";
  auto fs = analyze(src, Language::Python);
  EXPECT_EQ(count(fs, "command-injection"), 0) << dump(fs);
  EXPECT_EQ(count(fs, "open-redirect"), 0) << dump(fs);
}

TEST(FlowCatalog, FlowRulesCarryTheirCwe) {
  for (std::string_view id : {"path-traversal", "xss-response", "ldap-injection", "xpath-injection", "trust-boundary",
                              "open-redirect", "ssrf", "header-injection", "sql-dynamic-query"}) {
    const RuleInfo* r = find_rule(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_GT(r->cwe, 0) << id;
    EXPECT_TRUE(is_security_category(r->category)) << id;
  }
}

TEST(FlowBounds, DeepAndHugeInputStaysBounded) {
  std::string deep = "class T { void doPost(HttpServletRequest request) { String p = request.getParameter(\"a\");\n";
  for (int i = 0; i < 3000; ++i) deep += "if (p != null) {";
  deep += "st.executeQuery(p);";
  for (int i = 0; i < 3000; ++i) deep += "}";
  deep += "\n}}\n";
  auto fs = analyze(deep, Language::Java);
  (void)fs;
  std::string expr = "def f():\n    q = request.args['a']\n    x = " + std::string(5000, '(') + "q" +
                     std::string(5000, ')') + "\n    os.system(x)\n";
  auto py = analyze(expr, Language::Python);
  (void)py;
  std::string loops = "def f():\n    q = request.args['a']\n";
  for (int i = 0; i < 200; ++i) loops += std::string(4 + (i % 30) * 4, ' ') + "while q:\n";
  loops += "        os.system(q)\n";
  auto lp = analyze(loops, Language::Python);
  (void)lp;
  SUCCEED();
}

}  // namespace
}  // namespace cc::analysis
