#pragma once
// Task complexity estimate in [0, 1] that drives tier choice (BACKENDS.md "Routing").
//
// Base per task: format 0.1, template 0.2, completion 0.15, edit 0.3, documentation 0.4,
// explain 0.45, chat 0.5, debugging 0.6, multi-file 0.7, review 0.75, analysis 0.8,
// security 0.9, architecture 0.9. Raised by:
//   estimated tokens > 1000: +0.15 (> 4000: +0.25)
//   review / security / design wording in the text: +0.15
//   files_involved > 1: +0.1 (> 3: +0.2)
//   lines_involved > 200: +0.1 (> 1000: +0.2)
// Clamped to [0, 1].
//
// Thread-safety: pure functions.
#include <cstddef>
#include <string_view>

#include "generation/types.h"

namespace cc::gen {

inline constexpr double kFastTierBelow = 0.3;     // complexity < this → fast tier
inline constexpr double kQualityTierAbove = 0.7;  // complexity > this → quality tier

double base_complexity(TaskType task);

// Token estimate without a tokenizer: each run of letters/digits counts ceil(len / 4)
// (at least 1), each other non-space character counts 1. Close to BPE counts for code.
std::size_t estimate_tokens(std::string_view text);

// True when the text asks for review / security / design work (case-insensitive words:
// review, audit, security, secure, vulnerability, vulnerable, exploit, design, architecture,
// architect, threat).
bool has_escalating_wording(std::string_view text);

// Complexity of a whole request (all messages, prompt and suffix).
double estimate_complexity(const GenerationRequest& request);

}  // namespace cc::gen
