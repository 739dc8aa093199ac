#pragma once
// Redaction of secrets before a prompt leaves the machine or enters a shared cache.
//
// Every message, the completion prompt and the suffix go through
// cc::analysis::find_secret_spans (keys, tokens, private keys, credential assignments, bearer
// tokens, URL credentials); each span becomes "[REDACTED:<kind>]". Nothing is ever restored:
// the model sees the placeholder and answers with it.
//
// Pure functions: thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

#include "generation/types.h"

namespace cc::gen {

// Returns text with secrets replaced; `count` (optional) receives the number of spans.
std::string redact_text(std::string_view text, std::size_t* count = nullptr);

// Redacts every free-text field of the request in place; returns the number of secrets replaced.
std::size_t redact_request(GenerationRequest& request);

}  // namespace cc::gen
