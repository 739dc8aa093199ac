#pragma once
// When a fast-tier answer should be redone by the quality tier.
//
// Reasons: the answer is empty (whitespace only), it was cut off (finish_reason "length"),
// the task needs code (edit, format, template, completion in chat form) and the answer has
// no fenced code block, or the answer carries a low-confidence marker.
// Low-confidence markers (case-insensitive): "LOW_CONFIDENCE", "[low confidence]",
// "confidence: low". Voices may instruct models to emit one of them.
//
// Thread-safety: pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "generation/types.h"

namespace cc::gen {

bool has_code_block(std::string_view text);
bool has_low_confidence_marker(std::string_view text);
bool task_needs_code_block(const GenerationRequest& request);

// nullopt: keep the answer; else a short reason ("empty answer", "cut off at max_tokens",
// "no code block", "low confidence").
std::optional<std::string> escalation_reason(const GenerationRequest& request, const GenerationResult& result);

}  // namespace cc::gen
