// The streaming report writer: the same bytes as the one-piece formats, in file order whatever
// order the pieces came in, and the same report from a scan on 1 thread as on several.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <sstream>
#include <tuple>

#include "analysis/report_format.h"
#include "analysis/report_writer.h"
#include "analysis/scan/workspace_scan.h"
#include "tests/analysis/scan/temp_tree.h"

namespace {

using namespace cc::analysis;

Finding finding(int line, int column, std::string rule, Severity severity, std::string message) {
  Finding f;
  f.line = line;
  f.column = column;
  f.end_line = line;
  f.end_column = column + 4;
  f.severity = severity;
  f.rule = std::move(rule);
  f.category = "injection";
  f.message = std::move(message);
  return f;
}

// Files with several findings each, names that need escaping, a name that is not UTF-8.
std::vector<ReportedFinding> sample() {
  std::vector<ReportedFinding> all;
  const std::vector<std::string> files = {"src/a.py", "src/b b.js", std::string("bad\xff/n\nl.c"), "z/\xc3\xa9.go",
                                          "src/a.py.orig"};
  int n = 0;
  for (const auto& file : files)
    for (int i = 0; i < 4; ++i)
      all.push_back({file, finding(10 - i, i, i % 2 ? "py-eval" : "c-gets", i % 2 ? Severity::Warning : Severity::Error,
                                   "message \"" + std::to_string(n++) + "\"\twith\x01 bytes")});
  return all;
}

std::vector<ReportedFinding> sorted(std::vector<ReportedFinding> v) {
  std::sort(v.begin(), v.end(), [](const ReportedFinding& a, const ReportedFinding& b) {
    return std::tie(a.file, a.finding.line, a.finding.column, a.finding.rule) <
           std::tie(b.file, b.finding.line, b.finding.column, b.finding.rule);
  });
  return v;
}

// The pieces per file, into slots in a shuffled order (as workers would finish them).
std::string written(ReportFormat format, const std::vector<ReportedFinding>& findings, const ReportStats& stats,
                    unsigned seed) {
  std::vector<std::pair<std::string, std::vector<Finding>>> pieces;
  for (const auto& r : findings) {
    auto it = std::find_if(pieces.begin(), pieces.end(), [&](const auto& p) { return p.first == r.file; });
    if (it == pieces.end()) pieces.push_back({r.file, {}}), it = pieces.end() - 1;
    it->second.push_back(r.finding);
  }
  std::shuffle(pieces.begin(), pieces.end(), std::mt19937(seed));
  ReportWriter writer(format, 3);
  for (std::size_t i = 0; i < pieces.size(); ++i) writer.add(i % 3, pieces[i].first, pieces[i].second);
  writer.add(0, "clean.py", {});  // a file without findings adds nothing
  std::ostringstream out;
  writer.write(out, stats, "1.2.3", "file:///w/");
  return out.str();
}

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

TEST(ReportWriter, SameBytesAsTheOnePieceFormats) {
  const ReportStats stats{7, 1234, 0.25, 0.125, 0.375};
  const auto all = sample();
  for (unsigned seed : {1u, 2u, 3u}) {
    EXPECT_EQ(written(ReportFormat::Text, all, stats, seed), format_text(sorted(all)));
    EXPECT_EQ(written(ReportFormat::Json, all, stats, seed), format_json(sorted(all), stats).dump(1, ' ', false, kReplace) + "\n");
    EXPECT_EQ(written(ReportFormat::Sarif, all, stats, seed),
              format_sarif(sorted(all), "1.2.3", "file:///w/").dump(1, ' ', false, kReplace) + "\n");
  }
}

TEST(ReportWriter, EmptyReportsMatchToo) {
  const ReportStats stats{0, 0, 0.5};
  EXPECT_EQ(written(ReportFormat::Text, {}, stats, 1), "");
  EXPECT_EQ(written(ReportFormat::Json, {}, stats, 1), format_json({}, stats).dump(1, ' ', false, kReplace) + "\n");
  EXPECT_EQ(written(ReportFormat::Sarif, {}, stats, 1),
            format_sarif({}, "1.2.3", "file:///w/").dump(1, ' ', false, kReplace) + "\n");
}

TEST(ReportWriter, OneFileInTwoPiecesIsMerged) {
  ReportWriter writer(ReportFormat::Text, 2);
  writer.add(1, "a.py", {finding(5, 0, "py-eval", Severity::Warning, "late")});
  writer.add(0, "a.py", {finding(1, 0, "py-eval", Severity::Hint, "early")});
  EXPECT_EQ(writer.finding_count(), 2u);
  EXPECT_TRUE(writer.any_at_least(Severity::Warning));
  EXPECT_FALSE(writer.any_at_least(Severity::Error));
  std::ostringstream out;
  writer.write(out, {});
  EXPECT_EQ(out.str(), "a.py:2:1: hint: early [py-eval]\na.py:6:1: warning: late [py-eval]\n");
}

TEST(ReportWriter, AScanOnOneThreadAndOnSeveralWritesTheSameReport) {
  cc::analysis::testing::TempTree t;
  for (int d = 0; d < 6; ++d)
    for (int f = 0; f < 20; ++f)
      t.write(std::to_string(d) + "/f" + std::to_string(f) + ".py",
              "import os\nos.system(cmd)\neval(x)\npassword = 'hunter2hunter2'\n");
  auto report = [&](ReportFormat format, std::size_t threads) {
    cc::ThreadPool pool(threads);
    ReportWriter writer(format, pool.size() + 1);
    ScanCallbacks cb;
    cb.on_file_concurrent = [&](FileReport&& r, std::size_t worker) {
      writer.add(worker, r.relative, std::move(r.result.findings));
    };
    AnalysisConfig cfg;
    cfg.chunk_size = 3;
    ScanSummary s = scan_workspace({t.root()}, cfg, pool, {}, cb);
    EXPECT_EQ(s.files_analyzed, 120u);
    std::ostringstream out;
    writer.write(out, {s.files_analyzed, s.bytes, 0.5, 0.25, 0.75}, "1", "file:///w/");  // fixed times
    return out.str();
  };
  for (auto format : {ReportFormat::Text, ReportFormat::Json, ReportFormat::Sarif}) {
    std::string one = report(format, 1);
    EXPECT_GT(one.size(), 1000u);
    EXPECT_EQ(report(format, 4), one);
    EXPECT_EQ(report(format, 0), one);
  }
}

}  // namespace
