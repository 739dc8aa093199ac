#pragma once
// Helpers for analysis tests: run the analyzer on a snippet and query findings by rule/line.
#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"

namespace cc::analysis::testing {

inline std::vector<Finding> analyze(std::string_view src, Language lang, const AnalysisConfig& cfg = {}) {
  return analyze_text(src, lang, cfg).findings;
}

// 1-based line, matching rule id or category.
inline bool has(const std::vector<Finding>& fs, std::string_view rule_or_category, int line1) {
  return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) {
    return (f.rule == rule_or_category || f.category == rule_or_category) && f.line + 1 == line1;
  });
}

inline int count(const std::vector<Finding>& fs, std::string_view rule_or_category) {
  return static_cast<int>(std::count_if(fs.begin(), fs.end(), [&](const Finding& f) {
    return f.rule == rule_or_category || f.category == rule_or_category;
  }));
}

inline bool any_security(const std::vector<Finding>& fs) {
  static constexpr std::string_view quality[] = {"complexity", "deep-nesting", "long-function", "too-many-params",
                                                 "todo",       "empty-catch",  "debug-leftover"};
  return std::any_of(fs.begin(), fs.end(), [](const Finding& f) {
    return std::find(std::begin(quality), std::end(quality), f.category) == std::end(quality);
  });
}

inline std::string dump(const std::vector<Finding>& fs) {
  std::ostringstream os;
  for (const auto& f : fs) os << (f.line + 1) << ":" << (f.column + 1) << " " << f.rule << " (" << f.category << ")\n";
  return os.str();
}

}  // namespace cc::analysis::testing
