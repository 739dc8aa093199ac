#include "analysis/report_format.h"

#include <map>
#include <set>
#include <sstream>

#include "analysis/display_text.h"
#include "analysis/rules/catalog.h"

namespace cc::analysis {

std::string format_text(const std::vector<ReportedFinding>& findings) {
  std::ostringstream os;
  for (const auto& r : findings) {
    const Finding& f = r.finding;
    // A file name may hold newlines, escapes or a leading "::": one finding, one honest line.
    os << escape_path_for_line(r.file) << ':' << f.line + 1 << ':' << f.column + 1 << ": " << to_string(f.severity)
       << ": " << escape_for_display(f.message) << " [" << f.rule << "]\n";
  }
  return os.str();
}

nlohmann::json format_json(const std::vector<ReportedFinding>& findings, const ReportStats& stats) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : findings) {
    const Finding& f = r.finding;
    nlohmann::json entry = {{"file", to_valid_utf8(r.file)},
                            {"line", f.line + 1},
                            {"column", f.column + 1},
                            {"endLine", f.end_line + 1},
                            {"endColumn", f.end_column + 1},
                            {"severity", to_string(f.severity)},
                            {"rule", f.rule},
                            {"category", f.category},
                            {"message", to_valid_utf8(f.message)}};
    // "file" is readable text; a name that is not UTF-8 also travels byte-exact.
    if (!is_valid_utf8(r.file)) entry["uri"] = percent_encode_path(r.file);
    if (const RuleInfo* info = find_rule(f.rule); info && info->cwe > 0) entry["cwe"] = info->cwe;
    list.push_back(std::move(entry));
  }
  return {{"findings", std::move(list)},
          {"stats", {{"files", stats.files}, {"bytes", stats.bytes}, {"seconds", stats.seconds}}}};
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

// The CWE taxonomy referenced by the rules' relationships: one taxon per CWE a rule maps to.
nlohmann::json cwe_taxonomy() {
  std::set<int> ids;
  for (const auto& r : all_rules())
    if (r.cwe > 0) ids.insert(r.cwe);
  nlohmann::json taxa = nlohmann::json::array();
  for (int id : ids) taxa.push_back({{"id", std::to_string(id)}, {"helpUri", cwe_url(id)}});
  return {{"name", "CWE"},
          {"organization", "MITRE"},
          {"informationUri", "https://cwe.mitre.org/"},
          {"shortDescription", {{"text", "The MITRE Common Weakness Enumeration"}}},
          {"taxa", std::move(taxa)}};
}

}  // namespace

nlohmann::json format_sarif(const std::vector<ReportedFinding>& findings, const std::string& tool_version,
                            const std::string& base_uri) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, std::size_t> index;
  for (const auto& r : all_rules()) {
    index[std::string(r.id)] = rules.size();
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
      rule["helpUri"] = cwe_url(r.cwe);
      rule["relationships"] = nlohmann::json::array(
          {{{"target", {{"id", std::to_string(r.cwe)}, {"toolComponent", {{"name", "CWE"}, {"index", 0}}}}},
            {"kinds", nlohmann::json::array({"superset"})}}});
    }
    rules.push_back(std::move(rule));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& rf : findings) {
    const Finding& f = rf.finding;
    nlohmann::json result = {
        {"ruleId", f.rule},
        {"level", sarif_level(f.severity)},
        {"message", {{"text", to_valid_utf8(f.message)}}},
        {"locations",
         nlohmann::json::array({{{"physicalLocation",
                                  {{"artifactLocation", {{"uri", percent_encode_path(rf.file)}, {"uriBaseId", "%SRCROOT%"}}},
                                   {"region",
                                    {{"startLine", f.line + 1},
                                     {"startColumn", f.column + 1},
                                     {"endLine", f.end_line + 1},
                                     {"endColumn", f.end_column + 1}}}}}}})},
        {"properties", {{"category", f.category}}}};
    if (auto it = index.find(f.rule); it != index.end()) result["ruleIndex"] = it->second;
    results.push_back(std::move(result));
  }
  nlohmann::json run = {{"tool",
                         {{"driver",
                           {{"name", "codecrucible"},
                            {"version", tool_version},
                            {"semanticVersion", tool_version},
                            {"informationUri", "https://github.com/codecrucible/codecrucible"},
                            {"rules", std::move(rules)}}}}},
                        {"taxonomies", nlohmann::json::array({cwe_taxonomy()})},
                        {"results", std::move(results)}};
  if (!base_uri.empty()) run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", base_uri}}}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"},
          {"runs", nlohmann::json::array({std::move(run)})}};
}

}  // namespace cc::analysis
