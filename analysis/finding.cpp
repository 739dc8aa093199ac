#include "analysis/finding.h"

#include <algorithm>
#include <string>

namespace cc::analysis {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Information: return "information";
    case Severity::Hint: return "hint";
  }
  return "warning";
}

std::optional<Severity> severity_from_string(std::string_view name) {
  std::string s(name);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (s == "error") return Severity::Error;
  if (s == "warning" || s == "warn") return Severity::Warning;
  if (s == "information" || s == "info" || s == "note") return Severity::Information;
  if (s == "hint") return Severity::Hint;
  return std::nullopt;
}

}  // namespace cc::analysis
