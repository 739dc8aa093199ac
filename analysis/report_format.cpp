#include "analysis/report_format.h"

#include <map>
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
    if (const RuleInfo* info = find_rule(f.rule); info && info->cwe != 0) entry["cwe"] = info->cwe;
    if (!f.related.empty()) {
      nlohmann::json path = nlohmann::json::array();
      for (const auto& step : f.related)
        path.push_back({{"line", step.line + 1}, {"column", step.column + 1}, {"message", to_valid_utf8(step.message)}});
      entry["path"] = std::move(path);
    }
    // "file" is readable text; a name that is not UTF-8 also travels byte-exact.
    if (!is_valid_utf8(r.file)) entry["uri"] = percent_encode_path(r.file);
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

namespace {

// A data-flow finding's path as one SARIF thread flow: each step, then the sink itself.
nlohmann::json code_flows(const ReportedFinding& rf) {
  const Finding& f = rf.finding;
  auto location = [&](int line, int column, int end_column, const std::string& message) {
    return nlohmann::json{
        {"location",
         {{"physicalLocation",
           {{"artifactLocation", {{"uri", percent_encode_path(rf.file)}, {"uriBaseId", "%SRCROOT%"}}},
            {"region", {{"startLine", line + 1}, {"startColumn", column + 1}, {"endColumn", end_column + 1}}}}},
          {"message", {{"text", to_valid_utf8(message)}}}}}};
  };
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : f.related) steps.push_back(location(step.line, step.column, step.end_column, step.message));
  int end_column = f.end_line == f.line ? f.end_column : f.column + 1;
  steps.push_back(location(f.line, f.column, end_column, "reaches the sink"));
  return nlohmann::json::array({{{"threadFlows", nlohmann::json::array({{{"locations", std::move(steps)}}})}}});
}

}  // namespace

nlohmann::json format_sarif(const std::vector<ReportedFinding>& findings, const std::string& tool_version,
                            const std::string& base_uri) {
  nlohmann::json rules = nlohmann::json::array();
  nlohmann::json taxa = nlohmann::json::array();
  std::map<int, std::size_t> cwe_index;
  std::map<std::string, std::size_t> index;
  for (const auto& r : all_rules()) {
    index[std::string(r.id)] = rules.size();
    bool security = is_security_category(r.category);
    nlohmann::json props = {{"category", r.category},
                            {"tags", security ? nlohmann::json::array({"security", std::string(r.category)})
                                              : nlohmann::json::array({"maintainability", std::string(r.category)})}};
    if (security) props["security-severity"] = r.default_severity == Severity::Error ? "8.0" : "5.0";
    nlohmann::json rule = {{"id", r.id},
                           {"name", r.id},
                           {"shortDescription", {{"text", r.short_description}}},
                           {"fullDescription", {{"text", r.help}}},
                           {"help", {{"text", r.help}}},
                           {"defaultConfiguration", {{"level", sarif_level(r.default_severity)}}},
                           {"properties", props}};
    if (r.cwe != 0) {
      // As CodeQL writes them: a tag per CWE and a relationship to the CWE taxonomy.
      std::string id = std::to_string(r.cwe);
      rule["properties"]["tags"].push_back("external/cwe/cwe-" + id);
      if (!cwe_index.count(r.cwe)) {
        cwe_index[r.cwe] = taxa.size();
        taxa.push_back({{"id", id}, {"name", "CWE-" + id},
                        {"helpUri", "https://cwe.mitre.org/data/definitions/" + id + ".html"}});
      }
      rule["relationships"] = nlohmann::json::array(
          {{{"target", {{"id", id}, {"index", cwe_index[r.cwe]}, {"toolComponent", {{"name", "CWE"}}}}},
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
    if (!f.related.empty()) result["codeFlows"] = code_flows(rf);
    results.push_back(std::move(result));
  }
  nlohmann::json run = {{"tool",
                         {{"driver",
                           {{"name", "codecrucible"},
                            {"version", tool_version},
                            {"semanticVersion", tool_version},
                            {"informationUri", "https://github.com/codecrucible/codecrucible"},
                            {"rules", std::move(rules)},
                            {"supportedTaxonomies", nlohmann::json::array({{{"name", "CWE"}}})}}}}},
                        {"taxonomies", nlohmann::json::array({{{"name", "CWE"},
                                                               {"organization", "MITRE"},
                                                               {"informationUri", "https://cwe.mitre.org/"},
                                                               {"taxa", std::move(taxa)}}})},
                        {"results", std::move(results)}};
  if (!base_uri.empty()) run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", base_uri}}}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"},
          {"runs", nlohmann::json::array({std::move(run)})}};
}

}  // namespace cc::analysis
