#include "analysis/analysis_config.h"

#include <nlohmann/json.hpp>

#include "analysis/rules/catalog.h"

namespace cc::analysis {

bool AnalysisConfig::rule_enabled(std::string_view rule_id, std::string_view category) const {
  if (auto it = rules.find(std::string(rule_id)); it != rules.end() && it->second.enabled) return *it->second.enabled;
  if (auto it = rules.find(std::string(category)); it != rules.end() && it->second.enabled) return *it->second.enabled;
  return true;
}

Severity AnalysisConfig::rule_severity(std::string_view rule_id, std::string_view category, Severity fallback) const {
  if (auto it = rules.find(std::string(rule_id)); it != rules.end() && it->second.severity) return *it->second.severity;
  if (auto it = rules.find(std::string(category)); it != rules.end() && it->second.severity)
    return *it->second.severity;
  return fallback;
}

namespace {

using nlohmann::json;

bool read_positive_int(const json& v, const std::string& key, long long min, long long max, long long& out,
                       std::vector<std::string>& warnings) {
  if (!v.is_number_integer() && !v.is_number_unsigned()) {
    warnings.push_back("analysis." + key + ": expected an integer, keeping the default");
    return false;
  }
  long long n = v.is_number_unsigned() ? static_cast<long long>(std::min<std::uint64_t>(v.get<std::uint64_t>(), INT64_MAX))
                                       : v.get<long long>();
  if (n < min || n > max) {
    warnings.push_back("analysis." + key + ": " + std::to_string(n) + " is out of range [" + std::to_string(min) +
                       ", " + std::to_string(max) + "], keeping the default");
    return false;
  }
  out = n;
  return true;
}

void read_rules(const json& rules, AnalysisConfig& cfg, std::vector<std::string>& warnings) {
  if (!rules.is_object()) {
    warnings.push_back("analysis.rules: expected an object keyed by rule id or category");
    return;
  }
  for (const auto& [key, value] : rules.items()) {
    if (!is_known_rule_or_category(key)) warnings.push_back("analysis.rules: unknown rule or category '" + key + "'");
    RuleOverride o;
    if (value.is_boolean()) {
      o.enabled = value.get<bool>();
    } else if (value.is_string()) {
      // Shorthand: "todo": "hint" or "todo": "off".
      std::string s = value.get<std::string>();
      if (s == "off" || s == "none" || s == "disabled") o.enabled = false;
      else if (auto sev = severity_from_string(s)) o.severity = sev;
      else warnings.push_back("analysis.rules." + key + ": unknown severity '" + s + "'");
    } else if (value.is_object()) {
      for (const auto& [k, v] : value.items()) {
        if (k == "enabled") {
          if (v.is_boolean()) o.enabled = v.get<bool>();
          else warnings.push_back("analysis.rules." + key + ".enabled: expected true or false");
        } else if (k == "severity") {
          std::optional<Severity> sev = v.is_string() ? severity_from_string(v.get<std::string>()) : std::nullopt;
          if (sev) o.severity = sev;
          else warnings.push_back("analysis.rules." + key + ".severity: expected error, warning, information or hint");
        }  // other keys: reported by the server's schema check (server/config_keys.h)
      }
    } else {
      warnings.push_back("analysis.rules." + key + ": expected an object, a boolean or a severity");
      continue;
    }
    cfg.rules[key] = o;
  }
}

void read_thresholds(const json& t, AnalysisConfig& cfg, std::vector<std::string>& warnings) {
  if (!t.is_object()) {
    warnings.push_back("analysis.thresholds: expected an object");
    return;
  }
  for (const auto& [k, v] : t.items()) {
    long long n = 0;
    int* target = nullptr;
    if (k == "complexity") target = &cfg.thresholds.complexity;
    else if (k == "nesting") target = &cfg.thresholds.nesting;
    else if (k == "functionLines") target = &cfg.thresholds.function_lines;
    else if (k == "parameters") target = &cfg.thresholds.parameters;
    if (!target) continue;  // unknown keys: reported by the schema check, as for every section
    if (read_positive_int(v, "thresholds." + k, 0, 1000000, n, warnings)) *target = static_cast<int>(n);
  }
}

}  // namespace

AnalysisConfig analysis_config_from_json(const nlohmann::json& root, std::vector<std::string>& warnings) {
  AnalysisConfig cfg;
  try {
    if (!root.is_object()) return cfg;
    auto it = root.find("analysis");
    if (it == root.end() || it->is_null()) return cfg;
    if (!it->is_object()) {
      warnings.push_back("analysis: expected an object, using defaults");
      return cfg;
    }
    for (const auto& [key, v] : it->items()) {
      long long n = 0;
      if (key == "enabled") {
        if (v.is_boolean()) cfg.enabled = v.get<bool>();
        else warnings.push_back("analysis.enabled: expected true or false");
      } else if (key == "rules") {
        read_rules(v, cfg, warnings);
      } else if (key == "thresholds") {
        read_thresholds(v, cfg, warnings);
      } else if (key == "exclude") {
        if (!v.is_array()) {
          warnings.push_back("analysis.exclude: expected an array of glob strings");
          continue;
        }
        for (const auto& g : v) {
          if (g.is_string()) cfg.exclude.push_back(g.get<std::string>());
          else warnings.push_back("analysis.exclude: ignoring a non-string entry");
        }
      } else if (key == "maxFileBytes") {
        if (read_positive_int(v, key, 1, INT64_MAX, n, warnings)) cfg.max_file_bytes = static_cast<std::uint64_t>(n);
      } else if (key == "jobs") {
        if (read_positive_int(v, key, 0, 1024, n, warnings)) cfg.jobs = static_cast<std::size_t>(n);
      } else if (key == "chunkSize") {
        if (read_positive_int(v, key, 1, 100000, n, warnings)) cfg.chunk_size = static_cast<std::size_t>(n);
      } else if (key == "taskDeadlineMs") {
        if (read_positive_int(v, key, 1, 24LL * 3600 * 1000, n, warnings)) cfg.task_deadline = std::chrono::milliseconds(n);
      } else if (key == "respectGitignore") {
        if (v.is_boolean()) cfg.respect_gitignore = v.get<bool>();
        else warnings.push_back("analysis.respectGitignore: expected true or false");
      }  // unknown keys: reported by the schema check, as for every section
    }
  } catch (const nlohmann::json::exception& e) {
    warnings.push_back(std::string("analysis: ") + e.what());
  }
  return cfg;
}

}  // namespace cc::analysis
