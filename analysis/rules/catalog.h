#pragma once
// The fixed list of rules: stable ids, categories, default severities and help texts.
// Immutable static data: safe to read from any thread.
#include <span>
#include <string_view>

#include "analysis/finding.h"

namespace cc::analysis {

struct RuleInfo {
  std::string_view id;
  std::string_view category;
  Severity default_severity;
  std::string_view short_description;  // one line, for SARIF shortDescription and `--help`
  std::string_view help;               // why it matters and what to do instead
  int cwe = 0;                         // CWE id (0: none); JSON "cwe", SARIF tags and taxonomy
};

std::span<const RuleInfo> all_rules();
const RuleInfo* find_rule(std::string_view id);  // nullptr when unknown

std::span<const std::string_view> security_categories();
std::span<const std::string_view> quality_categories();
bool is_security_category(std::string_view category);
bool is_known_rule_or_category(std::string_view name);

}  // namespace cc::analysis
