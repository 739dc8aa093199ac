// Text, JSON and SARIF renderings.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "analysis/report_format.h"
#include "analysis/rules/catalog.h"

namespace {

using namespace cc::analysis;

std::vector<ReportedFinding> sample() {
  Finding f;
  f.line = 4;
  f.column = 2;
  f.end_line = 4;
  f.end_column = 9;
  f.severity = Severity::Error;
  f.rule = "c-gets";
  f.category = "unsafe-memory";
  f.message = "gets() reads without a bound";
  return {{"src/a b.c", f}};
}

TEST(ReportFormat, TextIsCompilerStyle) {
  EXPECT_EQ(format_text(sample()), "src/a b.c:5:3: error: gets() reads without a bound [c-gets]\n");
}

TEST(ReportFormat, JsonHasExactShape) {
  auto j = format_json(sample(), {3, 1200, 0.5});
  ASSERT_EQ(j["findings"].size(), 1u);
  const auto& f = j["findings"][0];
  EXPECT_EQ(f.size(), 10u);
  EXPECT_EQ(f["cwe"], 242);  // gets(): CWE-242, from the rule catalog
  EXPECT_EQ(f["file"], "src/a b.c");
  EXPECT_EQ(f["line"], 5);
  EXPECT_EQ(f["column"], 3);
  EXPECT_EQ(f["endLine"], 5);
  EXPECT_EQ(f["endColumn"], 10);
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["rule"], "c-gets");
  EXPECT_EQ(f["category"], "unsafe-memory");
  EXPECT_EQ(j["stats"]["files"], 3);
  EXPECT_EQ(j["stats"]["bytes"], 1200);
  EXPECT_DOUBLE_EQ(j["stats"]["seconds"].get<double>(), 0.5);
}

TEST(ReportFormat, SarifForCodeScanning) {
  auto s = format_sarif(sample(), "0.1.0", "file:///work/");
  EXPECT_EQ(s["version"], "2.1.0");
  const auto& run = s["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rules.size(), all_rules().size());
  for (const auto& r : rules) {
    EXPECT_TRUE(r.contains("id"));
    EXPECT_TRUE(r["shortDescription"].contains("text"));
    EXPECT_TRUE(r["defaultConfiguration"].contains("level"));
    EXPECT_TRUE(r["properties"].contains("category"));
  }
  const auto& res = run["results"][0];
  EXPECT_EQ(res["ruleId"], "c-gets");
  EXPECT_EQ(res["level"], "error");
  EXPECT_EQ(rules[res["ruleIndex"].get<std::size_t>()]["id"], "c-gets");
  EXPECT_EQ(res["properties"]["category"], "unsafe-memory");
  const auto& loc = res["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "src/a%20b.c");
  EXPECT_EQ(loc["region"]["startLine"], 5);
  EXPECT_EQ(loc["region"]["startColumn"], 3);
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///work/");
  EXPECT_EQ(sarif_level(Severity::Hint), std::string("note"));
}

TEST(ReportFormat, JsonOmitsCweForRulesWithoutOne) {
  auto findings = sample();
  findings[0].finding.rule = "long-function";
  findings[0].finding.category = "long-function";
  EXPECT_FALSE(format_json(findings, {1, 1, 0.0})["findings"][0].contains("cwe"));
}

TEST(ReportFormat, SarifCarriesCweTagsAndTaxonomy) {
  auto s = format_sarif(sample(), "0.1.0", "");
  const auto& run = s["runs"][0];
  ASSERT_EQ(run["taxonomies"].size(), 1u);
  const auto& cwe = run["taxonomies"][0];
  EXPECT_EQ(cwe["name"], "CWE");
  std::set<std::string> taxa;
  for (const auto& t : cwe["taxa"]) taxa.insert(t["id"].get<std::string>());
  for (const auto& r : run["tool"]["driver"]["rules"]) {
    const RuleInfo* info = find_rule(r["id"].get<std::string>());
    ASSERT_NE(info, nullptr);
    if (info->cwe == 0) {
      EXPECT_FALSE(r.contains("relationships")) << info->id;
      continue;
    }
    const auto& tags = r["properties"]["tags"];
    EXPECT_NE(std::find(tags.begin(), tags.end(), cwe_tag(info->cwe)), tags.end()) << info->id;
    const auto& rel = r["relationships"][0];
    EXPECT_EQ(rel["target"]["id"], std::to_string(info->cwe));
    EXPECT_EQ(rel["target"]["toolComponent"]["name"], "CWE");
    EXPECT_EQ(cwe["taxa"][rel["target"]["index"].get<std::size_t>()]["id"], std::to_string(info->cwe)) << info->id;
    EXPECT_EQ(rel["kinds"][0], "superset");
    EXPECT_TRUE(taxa.count(std::to_string(info->cwe))) << info->id;
    EXPECT_EQ(r["helpUri"], cwe_url(info->cwe));
  }
  EXPECT_EQ(cwe_tag(79), "external/cwe/cwe-079");
  EXPECT_EQ(cwe_tag(1004), "external/cwe/cwe-1004");
  EXPECT_EQ(cwe_url(611), "https://cwe.mitre.org/data/definitions/611.html");
}

}  // namespace

namespace {

std::vector<ReportedFinding> flow_sample() {
  Finding f;
  f.line = 9;
  f.column = 4;
  f.end_line = 9;
  f.end_column = 16;
  f.severity = Severity::Error;
  f.rule = "sql-dynamic-query";
  f.category = "sql-injection";
  f.message = "Untrusted data reaches this SQL query";
  f.related = {{2, 8, 30, "comes from request.args.get('q') (line 3)"}, {5, 4, 7, "assigned to sql (line 6)"}};
  return {{"app.py", f}};
}

TEST(ReportFormat, JsonCarriesCweAndPath) {
  auto j = format_json(flow_sample(), {1, 10, 0.1});
  const auto& f = j["findings"][0];
  EXPECT_EQ(f["cwe"], 89);
  ASSERT_EQ(f["path"].size(), 2u);
  EXPECT_EQ(f["path"][0]["line"], 3);
  EXPECT_EQ(f["path"][0]["column"], 9);
  EXPECT_EQ(f["path"][1]["message"], "assigned to sql (line 6)");
  // Pattern findings without a CWE or path keep the exact shape.
  EXPECT_FALSE(format_json(sample(), {1, 1, 0.1})["findings"][0].contains("path"));
}

TEST(ReportFormat, SarifCarriesCweTaxonomyAndCodeFlows) {
  auto s = format_sarif(flow_sample(), "0.1.0", "");
  const auto& run = s["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  const auto& res = run["results"][0];
  const auto& rule = rules[res["ruleIndex"].get<std::size_t>()];
  bool tagged = false;
  for (const auto& t : rule["properties"]["tags"]) tagged = tagged || t == cwe_tag(89);  // "external/cwe/cwe-089", as CodeQL writes it
  EXPECT_TRUE(tagged);
  const auto& target = rule["relationships"][0]["target"];
  EXPECT_EQ(target["id"], "89");
  EXPECT_EQ(target["toolComponent"]["name"], "CWE");
  const auto& taxa = run["taxonomies"][0]["taxa"];
  EXPECT_EQ(taxa[target["index"].get<std::size_t>()]["id"], "89");
  EXPECT_EQ(run["tool"]["driver"]["supportedTaxonomies"][0]["name"], "CWE");
  const auto& steps = res["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(steps.size(), 3u);  // two steps, then the sink
  EXPECT_EQ(steps[0]["location"]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_EQ(steps[0]["location"]["message"]["text"], "comes from request.args.get('q') (line 3)");
  EXPECT_EQ(steps[2]["location"]["physicalLocation"]["region"]["startLine"], 10);
}

}  // namespace
