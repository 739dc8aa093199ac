#include "analysis/report_format.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/display_text.h"
#include "analysis/rules/catalog.h"

namespace cc::analysis {

void append_text_line(std::string& out, const std::string& file, const Finding& f) {
  // A file name may hold newlines, escapes or a leading "::": one finding, one honest line.
  out += escape_path_for_line(file);
  out += ':';
  out += std::to_string(f.line + 1);
  out += ':';
  out += std::to_string(f.column + 1);
  out += ": ";
  out += to_string(f.severity);
  out += ": ";
  out += escape_for_display(f.message);
  out += " [";
  out += f.rule;
  out += "]\n";
}

std::string format_text(const std::vector<ReportedFinding>& findings) {
  std::string out;
  for (const auto& r : findings) append_text_line(out, r.file, r.finding);
  return out;
}

nlohmann::json json_finding(const std::string& file, const Finding& f) {
  nlohmann::json entry = {{"file", to_valid_utf8(file)},
                          {"line", f.line + 1},
                          {"column", f.column + 1},
                          {"endLine", f.end_line + 1},
                          {"endColumn", f.end_column + 1},
                          {"severity", to_string(f.severity)},
                          {"rule", f.rule},
                          {"category", f.category},
                          {"message", to_valid_utf8(f.message)}};
  // "file" is readable text; a name that is not UTF-8 also travels byte-exact.
  if (!is_valid_utf8(file)) entry["uri"] = percent_encode_path(file);
  if (const RuleInfo* info = find_rule(f.rule); info && info->cwe > 0) entry["cwe"] = info->cwe;
  if (!f.related.empty()) {
    nlohmann::json path = nlohmann::json::array();
    for (const auto& step : f.related)
      path.push_back({{"line", step.line + 1}, {"column", step.column + 1}, {"message", to_valid_utf8(step.message)}});
    entry["path"] = std::move(path);
  }
  return entry;
}

nlohmann::json format_json(const std::vector<ReportedFinding>& findings, const ReportStats& stats) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : findings) list.push_back(json_finding(r.file, r.finding));
  return {{"findings", std::move(list)},
          {"stats",
           {{"files", stats.files},
            {"bytes", stats.bytes},
            {"seconds", stats.seconds},
            {"walkSeconds", stats.walk_seconds},
            {"workerSeconds", stats.worker_seconds}}}};
}

const char* sarif_level(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Information:
    case Severity::Hint: return "note";
  }
  return "warning";
}

std::string cwe_tag(int cwe) {
  // CodeQL's spelling: three digits at least (external/cwe/cwe-079), which GitHub code scanning reads.
  std::string digits = std::to_string(cwe);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return "external/cwe/cwe-" + digits;
}

std::string cwe_url(int cwe) { return "https://cwe.mitre.org/data/definitions/" + std::to_string(cwe) + ".html"; }

namespace {

// Every CWE some rule maps to, in taxonomy order (a rule's relationship points at its index).
const std::vector<int>& cwe_taxa_ids() {
  static const std::vector<int> ids = [] {
    std::set<int> set;
    for (const auto& r : all_rules())
      if (r.cwe > 0) set.insert(r.cwe);
    return std::vector<int>(set.begin(), set.end());
  }();
  return ids;
}

nlohmann::json cwe_taxonomy() {
  nlohmann::json taxa = nlohmann::json::array();
  for (int id : cwe_taxa_ids())
    taxa.push_back({{"id", std::to_string(id)}, {"name", "CWE-" + std::to_string(id)}, {"helpUri", cwe_url(id)}});
  return {{"name", "CWE"},
          {"organization", "MITRE"},
          {"informationUri", "https://cwe.mitre.org/"},
          {"shortDescription", {{"text", "The MITRE Common Weakness Enumeration"}}},
          {"taxa", std::move(taxa)}};
}

// A data-flow finding's path as one SARIF thread flow: each step, then the sink itself.
nlohmann::json code_flows(const std::string& file, const Finding& f) {
  auto location = [&](int line, int column, int end_column, const std::string& message) {
    return nlohmann::json{
        {"location",
         {{"physicalLocation",
           {{"artifactLocation", {{"uri", percent_encode_path(file)}, {"uriBaseId", "%SRCROOT%"}}},
            {"region", {{"startLine", line + 1}, {"startColumn", column + 1}, {"endColumn", end_column + 1}}}}},
          {"message", {{"text", to_valid_utf8(message)}}}}}};
  };
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : f.related) steps.push_back(location(step.line, step.column, step.end_column, step.message));
  int end_column = f.end_line == f.line ? f.end_column : f.column + 1;
  steps.push_back(location(f.line, f.column, end_column, "reaches the sink"));
  return nlohmann::json::array({{{"threadFlows", nlohmann::json::array({{{"locations", std::move(steps)}}})}}});
}

// Rule id -> its position in the SARIF driver's rules (all_rules() order).
const std::map<std::string, std::size_t, std::less<>>& sarif_rule_index() {
  static const auto index = [] {
    std::map<std::string, std::size_t, std::less<>> m;
    std::size_t position = 0;
    for (const auto& r : all_rules()) m[std::string(r.id)] = position++;
    return m;
  }();
  return index;
}

}  // namespace

nlohmann::json sarif_result(const std::string& file, const Finding& f) {
  nlohmann::json result = {
      {"ruleId", f.rule},
      {"level", sarif_level(f.severity)},
      {"message", {{"text", to_valid_utf8(f.message)}}},
      {"locations",
       nlohmann::json::array({{{"physicalLocation",
                                {{"artifactLocation", {{"uri", percent_encode_path(file)}, {"uriBaseId", "%SRCROOT%"}}},
                                 {"region",
                                  {{"startLine", f.line + 1},
                                   {"startColumn", f.column + 1},
                                   {"endLine", f.end_line + 1},
                                   {"endColumn", f.end_column + 1}}}}}}})},
      {"properties", {{"category", f.category}}}};
  const auto& index = sarif_rule_index();
  if (auto it = index.find(f.rule); it != index.end()) result["ruleIndex"] = it->second;
  if (!f.related.empty()) result["codeFlows"] = code_flows(file, f);
  return result;
}

nlohmann::json format_sarif(const std::vector<ReportedFinding>& findings, const std::string& tool_version,
                            const std::string& base_uri) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : all_rules()) {
    bool security = is_security_category(r.category);
    nlohmann::json props = {{"category", r.category},
                            {"tags", security ? nlohmann::json::array({"security", std::string(r.category)})
                                              : nlohmann::json::array({"maintainability", std::string(r.category)})}};
    if (security) props["security-severity"] = r.default_severity == Severity::Error ? "8.0" : "5.0";
    if (r.cwe > 0) props["tags"].push_back(cwe_tag(r.cwe));
    nlohmann::json rule = {{"id", r.id},
                           {"name", r.id},
                           {"shortDescription", {{"text", r.short_description}}},
                           {"fullDescription", {{"text", r.help}}},
                           {"help", {{"text", r.help}}},
                           {"defaultConfiguration", {{"level", sarif_level(r.default_severity)}}},
                           {"properties", props}};
    if (r.cwe > 0) {
      // As CodeQL writes it: a relationship to the weakness in the CWE taxonomy below.
      const auto& ids = cwe_taxa_ids();
      const auto taxon = std::lower_bound(ids.begin(), ids.end(), r.cwe) - ids.begin();
      rule["helpUri"] = cwe_url(r.cwe);
      rule["relationships"] = nlohmann::json::array(
          {{{"target", {{"id", std::to_string(r.cwe)}, {"index", taxon}, {"toolComponent", {{"name", "CWE"}}}}},
            {"kinds", nlohmann::json::array({"superset"})}}});
    }
    rules.push_back(std::move(rule));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& rf : findings) results.push_back(sarif_result(rf.file, rf.finding));
  nlohmann::json run = {{"tool",
                         {{"driver",
                           {{"name", "codecrucible"},
                            {"version", tool_version},
                            {"semanticVersion", tool_version},
                            {"informationUri", "https://github.com/codecrucible/codecrucible"},
                            {"rules", std::move(rules)},
                            {"supportedTaxonomies", nlohmann::json::array({{{"name", "CWE"}}})}}}}},
                        {"taxonomies", nlohmann::json::array({cwe_taxonomy()})},
                        {"results", std::move(results)}};
  if (!base_uri.empty()) run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", base_uri}}}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"},
          {"runs", nlohmann::json::array({std::move(run)})}};
}

}  // namespace cc::analysis
