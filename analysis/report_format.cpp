#include "analysis/report_format.h"

#include <map>
#include <sstream>

#include "analysis/rules/catalog.h"

namespace cc::analysis {

std::string format_text(const std::vector<ReportedFinding>& findings) {
  std::ostringstream os;
  for (const auto& r : findings) {
    const Finding& f = r.finding;
    os << r.file << ':' << f.line + 1 << ':' << f.column + 1 << ": " << to_string(f.severity) << ": " << f.message
       << " [" << f.rule << "]\n";
  }
  return os.str();
}

nlohmann::json format_json(const std::vector<ReportedFinding>& findings, const ReportStats& stats) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : findings) {
    const Finding& f = r.finding;
    list.push_back({{"file", r.file},
                    {"line", f.line + 1},
                    {"column", f.column + 1},
                    {"endLine", f.end_line + 1},
                    {"endColumn", f.end_column + 1},
                    {"severity", to_string(f.severity)},
                    {"rule", f.rule},
                    {"category", f.category},
                    {"message", f.message}});
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

std::string percent_encode_path(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789ABCDEF";
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
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
    rules.push_back({{"id", r.id},
                     {"name", r.id},
                     {"shortDescription", {{"text", r.short_description}}},
                     {"fullDescription", {{"text", r.help}}},
                     {"help", {{"text", r.help}}},
                     {"defaultConfiguration", {{"level", sarif_level(r.default_severity)}}},
                     {"properties", props}});
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& rf : findings) {
    const Finding& f = rf.finding;
    nlohmann::json result = {
        {"ruleId", f.rule},
        {"level", sarif_level(f.severity)},
        {"message", {{"text", f.message}}},
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
                        {"results", std::move(results)}};
  if (!base_uri.empty()) run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", base_uri}}}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"},
          {"runs", nlohmann::json::array({std::move(run)})}};
}

}  // namespace cc::analysis
