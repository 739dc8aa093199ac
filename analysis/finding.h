#pragma once
// Findings produced by the analyzer. Plain values: copyable, safe to hand between threads.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::analysis {

enum class Severity { Error = 1, Warning = 2, Information = 3, Hint = 4 };  // LSP numbering

// "error", "warning", "information", "hint".
const char* to_string(Severity severity);
// Accepts the names above plus "info" and "note" (case-insensitive); nullopt otherwise.
std::optional<Severity> severity_from_string(std::string_view name);

// 0-based lines, UTF-8 byte columns.
struct TextEditBytes {
  int line;
  int start_col;
  int end_line;
  int end_col;
  std::string new_text;
};

struct QuickFix {
  std::string title;
  std::vector<TextEditBytes> edits;
};

// A step of a data-flow finding's path: where the data came from and each place it passed.
struct RelatedLocation {
  int line = 0, column = 0, end_column = 0;  // 0-based, UTF-8 byte columns
  std::string message;
};

struct Finding {
  int line = 0, column = 0, end_line = 0, end_column = 0;  // 0-based; columns are UTF-8 byte offsets in the line
  Severity severity = Severity::Warning;
  std::string rule;
  std::string category;
  std::string message;
  std::optional<QuickFix> fix;
  std::vector<RelatedLocation> related;  // data-flow path, source first (empty for pattern rules)
};

}  // namespace cc::analysis
