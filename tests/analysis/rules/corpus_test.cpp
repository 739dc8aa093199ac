// Runs the analyzer in-process over the labelled corpus (CC_CORPUS_DIR) and checks precision,
// recall and decoys against expected.json with the same matching rules as score-findings.py.
// Set CC_CORPUS_FINDINGS_OUT=FILE to also write the findings as the CLI's JSON report.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analysis/report_format.h"
#include "analysis/rules/catalog.h"
#include "analysis/scan/workspace_scan.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;

struct Item {
  std::string file;
  int line;
  std::string category;
};

// Maximum matching of expected to found lines (|diff| <= 1), exact edges first.
int max_matching(const std::vector<int>& expected, const std::vector<int>& found, std::vector<bool>& expected_hit,
                 std::vector<bool>& found_hit) {
  std::vector<int> match_of_found(found.size(), -1);
  expected_hit.assign(expected.size(), false);
  std::function<bool(std::size_t, std::vector<bool>&, bool)> augment = [&](std::size_t i, std::vector<bool>& seen,
                                                                            bool exact) {
    for (std::size_t j = 0; j < found.size(); ++j) {
      int d = std::abs(found[j] - expected[i]);
      if (seen[j] || !(d == 0 || (!exact && d <= 1))) continue;
      seen[j] = true;
      if (match_of_found[j] < 0 || augment(static_cast<std::size_t>(match_of_found[j]), seen, exact)) {
        match_of_found[j] = static_cast<int>(i);
        return true;
      }
    }
    return false;
  };
  int matched = 0;
  for (bool exact : {true, false}) {
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (expected_hit[i]) continue;
      std::vector<bool> seen(found.size(), false);
      if (augment(i, seen, exact)) {
        expected_hit[i] = true;
        ++matched;
      }
    }
  }
  found_hit.assign(found.size(), false);
  for (std::size_t j = 0; j < found.size(); ++j) found_hit[j] = match_of_found[j] >= 0;
  return matched;
}

TEST(Corpus, PrecisionRecallAndDecoys) {
  fs::path corpus = CC_CORPUS_DIR;
  if (const char* env = std::getenv("CC_CORPUS_DIR")) corpus = env;
  if (!fs::exists(corpus / "expected.json")) GTEST_SKIP() << "corpus not found at " << corpus << " (set CC_CORPUS_DIR)";

  std::ifstream in(corpus / "expected.json");
  nlohmann::json expected = nlohmann::json::parse(in);

  AnalysisConfig config;
  cc::ThreadPool pool(2);
  std::vector<ReportedFinding> findings;
  ScanCallbacks cb;
  cb.on_file = [&](FileReport&& r) {
    ASSERT_TRUE(r.result.skipped_reason.empty()) << r.relative << ": " << r.result.skipped_reason;
    for (auto& f : r.result.findings) findings.push_back({r.relative, f});
  };
  ScanSummary summary = scan_workspace({corpus}, config, pool, cc::CancelToken{}, cb);
  EXPECT_EQ(summary.files_analyzed, expected["files"].size());

  if (const char* out = std::getenv("CC_CORPUS_FINDINGS_OUT")) {
    std::ofstream os(out);
    os << format_json(findings, {summary.files_analyzed, summary.bytes, summary.seconds}).dump(1);
  }

  std::map<std::pair<std::string, std::string>, std::vector<int>> exp_groups, found_groups;
  std::set<std::string> files;
  for (const auto& f : expected["files"]) files.insert(f.get<std::string>());
  int n_expected = 0, n_found = 0;
  for (const auto& e : expected["findings"]) {
    exp_groups[{e["file"], e["category"]}].push_back(e["line"].get<int>());
    ++n_expected;
  }
  std::map<std::pair<std::string, int>, std::set<std::string>> by_line;
  for (const auto& f : findings) {
    if (!files.count(f.file)) continue;
    found_groups[{f.file, f.finding.category}].push_back(f.finding.line + 1);
    by_line[{f.file, f.finding.line + 1}].insert(f.finding.category);
    ++n_found;
  }
  int tp = 0;
  std::string report;
  std::set<std::pair<std::string, std::string>> keys;
  for (auto& [k, v] : exp_groups) keys.insert(k);
  for (auto& [k, v] : found_groups) keys.insert(k);
  for (const auto& key : keys) {
    const auto& e = exp_groups[key];
    const auto& f = found_groups[key];
    std::vector<bool> eh, fh;
    tp += max_matching(e, f, eh, fh);
    for (std::size_t i = 0; i < e.size(); ++i)
      if (!eh[i]) report += "missed: " + key.first + ":" + std::to_string(e[i]) + " " + key.second + "\n";
    for (std::size_t j = 0; j < f.size(); ++j)
      if (!fh[j]) report += "false positive: " + key.first + ":" + std::to_string(f[j]) + " " + key.second + "\n";
  }
  int decoys_hit = 0;
  for (const auto& d : expected["decoys"]) {
    auto it = by_line.find({d["file"], d["line"].get<int>()});
    if (it == by_line.end()) continue;
    std::string decoy_cat = d.value("category", "");
    for (const auto& c : it->second) {
      if (is_security_category(c) || c == decoy_cat) {
        ++decoys_hit;
        report += "decoy hit: " + d["file"].get<std::string>() + ":" + std::to_string(d["line"].get<int>()) + " by " + c +
                  " (" + d.value("why", "") + ")\n";
        break;
      }
    }
  }
  double precision = n_found ? static_cast<double>(tp) / n_found : 0.0;
  double recall = n_expected ? static_cast<double>(tp) / n_expected : 0.0;
  std::cout << "corpus: precision=" << precision << " recall=" << recall << " decoys_hit=" << decoys_hit
            << " (tp=" << tp << " found=" << n_found << " expected=" << n_expected << ")\n"
            << report;
  EXPECT_GE(precision, 0.95) << report;
  EXPECT_GE(recall, 0.90) << report;
  EXPECT_EQ(decoys_hit, 0) << report;
}

}  // namespace
