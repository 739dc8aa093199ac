#include "generation/router/escalation.h"

#include <algorithm>
#include <cctype>

namespace cc::gen {
namespace {

bool contains_ci(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

}  // namespace

bool has_code_block(std::string_view text) {
  auto open = text.find("```");
  if (open == std::string_view::npos) open = text.find("~~~");
  return open != std::string_view::npos;
}

bool has_low_confidence_marker(std::string_view text) {
  return contains_ci(text, "LOW_CONFIDENCE") || contains_ci(text, "[low confidence]") || contains_ci(text, "confidence: low");
}

bool task_needs_code_block(const GenerationRequest& request) {
  if (request.prompt) return false;  // fill-in-the-middle answers are raw code
  switch (request.task) {
    case TaskType::Edit:
    case TaskType::Format:
    case TaskType::Template:
    case TaskType::Completion: return true;
    default: return false;
  }
}

std::optional<std::string> escalation_reason(const GenerationRequest& request, const GenerationResult& result) {
  if (!result.ok()) return std::nullopt;
  bool blank = std::all_of(result.text.begin(), result.text.end(), [](unsigned char c) { return std::isspace(c); });
  if (blank) return "empty answer";
  if (result.finish_reason == "length") return "cut off at max_tokens";
  if (task_needs_code_block(request) && !has_code_block(result.text)) return "no code block";
  if (has_low_confidence_marker(result.text)) return "low confidence";
  return std::nullopt;
}

}  // namespace cc::gen
