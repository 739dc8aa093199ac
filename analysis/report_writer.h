#pragma once
// Streaming report output: each file's findings are rendered (text, JSON or SARIF) by the thread
// that has them, typically the scan worker that has just analysed the file, so rendering runs
// in parallel with the scan; write() then puts the pieces out in file order, without building
// the whole report in memory. The bytes are exactly those of format_text / format_json(..).dump /
// format_sarif(..).dump (analysis/report_format.h) over the same findings sorted by file, line,
// column and rule.
//
// Thread-safety: add() may run concurrently for distinct slots (one per worker, e.g.
// ThreadPool::current_worker()); everything else after the last add().
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/finding.h"
#include "analysis/report_format.h"

namespace cc::analysis {

enum class ReportFormat { Text, Json, Sarif };

class ReportWriter {
 public:
  ReportWriter(ReportFormat format, std::size_t slots);

  // One file's findings (`file` as it appears in the report); rendered now, on this thread.
  void add(std::size_t slot, std::string file, std::vector<Finding> findings);

  std::size_t finding_count() const;
  // Whether a finding is at least as severe as `severity` (Error is the most severe).
  bool any_at_least(Severity severity) const;

  // Text: the findings' lines. JSON: {"findings": [...], "stats": {...}}. SARIF: the log with
  // `tool_version` and `base_uri` (see format_sarif). Followed by a newline, except for text.
  void write(std::ostream& out, const ReportStats& stats, const std::string& tool_version = {},
             const std::string& base_uri = {});

 private:
  struct Piece {
    std::string file;
    std::vector<Finding> findings;
    std::string rendered;
  };
  void render(Piece& piece) const;
  std::vector<Piece> ordered();

  ReportFormat format_;
  std::vector<std::vector<Piece>> slots_;
};

}  // namespace cc::analysis
