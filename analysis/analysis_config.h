#pragma once
// The `analysis` section of the layered configuration (see server/config.h).
//
//   {"analysis": {"enabled": true,
//                 "rules": {"py-yaml-load": {"enabled": false}, "todo": {"severity": "hint"}},
//                 "thresholds": {"complexity": 10, "nesting": 4, "functionLines": 100, "parameters": 6},
//                 "exclude": ["**/vendor/**"], "maxFileBytes": 1048576, "jobs": 0,
//                 "chunkSize": 10, "taskDeadlineMs": 30000, "respectGitignore": true}}
//
// `rules` is keyed by rule id or by category; a rule-id entry wins over a category entry.
// `jobs`: worker threads for scans, 0 = one per core. Plain value type: copy it freely; a const
// AnalysisConfig may be read from many threads at once.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/finding.h"

namespace cc::analysis {

class ProjectProperties;

struct RuleOverride {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
};

struct Thresholds {
  int complexity = 10;      // report cyclomatic complexity above this
  int nesting = 4;          // report block nesting deeper than this
  int function_lines = 100; // report functions longer than this
  int parameters = 6;       // report more parameters than this
};

struct AnalysisConfig {
  bool enabled = true;
  std::map<std::string, RuleOverride> rules;  // rule id or category -> override
  Thresholds thresholds;
  std::vector<std::string> exclude;           // gitignore-style globs, relative to the scan root
  std::uint64_t max_file_bytes = 1024 * 1024;
  std::size_t jobs = 0;                       // 0 = one per core
  std::size_t chunk_size = 10;                // files per scan chunk
  std::chrono::milliseconds task_deadline{30000};
  bool respect_gitignore = true;
  // The project's Java .properties values (read on first use; see project_properties.h). Set by
  // workspace scans and the editor's diagnostics for the workspace folders; null for a document
  // analysed on its own.
  std::shared_ptr<const ProjectProperties> project_properties;

  // Effective settings for one rule (rule-id override, then category override, then default).
  [[nodiscard]] bool rule_enabled(std::string_view rule_id, std::string_view category) const;
  [[nodiscard]] Severity rule_severity(std::string_view rule_id, std::string_view category,
                                       Severity fallback) const;
};

// Reads root["analysis"] of the merged configuration. Never throws: unknown keys and bad values
// append a human-readable warning and keep the default.
AnalysisConfig analysis_config_from_json(const nlohmann::json& root, std::vector<std::string>& warnings);

}  // namespace cc::analysis
