#pragma once
// Renders findings as compiler-style text, the project's JSON report or SARIF 2.1.0.
// File names are raw bytes (analysis/display_text.h): text output escapes them, JSON and SARIF
// stay valid UTF-8 and still carry every byte. Pure functions over plain values; thread-safe.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/finding.h"

namespace cc::analysis {

struct ReportedFinding {
  std::string file;  // path as it should appear in the report ('/'-separated, relative); any bytes
  Finding finding;   // 0-based positions
};

struct ReportStats {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;         // the whole scan, wall
  double walk_seconds = 0;    // CPU, summed over threads: listing directories
  double worker_seconds = 0;  // CPU, summed over threads: reading and analysing files
};

// `file:line:col: severity: message [rule]` (1-based), one per line; names and messages escaped.
std::string format_text(const std::vector<ReportedFinding>& findings);
// {"findings":[{file,line,column,endLine,endColumn,severity,rule,category,message}],
//  "stats":{files,bytes,seconds,walkSeconds,workerSeconds}}
// A file name that is not UTF-8 has U+FFFD in "file" and its exact bytes, percent-encoded, in "uri".
nlohmann::json format_json(const std::vector<ReportedFinding>& findings, const ReportStats& stats);
// SARIF 2.1.0 for GitHub code scanning. `base_uri` (a file:// URI ending in '/') names %SRCROOT%.
nlohmann::json format_sarif(const std::vector<ReportedFinding>& findings, const std::string& tool_version,
                            const std::string& base_uri);

const char* sarif_level(Severity severity);
// "external/cwe/cwe-079": the SARIF rule tag CodeQL writes and GitHub code scanning reads.
std::string cwe_tag(int cwe);
// The weakness's page on cwe.mitre.org.
std::string cwe_url(int cwe);

// One finding of each format: the pieces the functions above are made of, shared with the
// streaming writer (analysis/report_writer.h) so that both render the same bytes.
void append_text_line(std::string& out, const std::string& file, const Finding& finding);
nlohmann::json json_finding(const std::string& file, const Finding& finding);
nlohmann::json sarif_result(const std::string& file, const Finding& finding);

}  // namespace cc::analysis
