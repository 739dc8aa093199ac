#pragma once
// Single-document analysis: lexing, structural metrics and rules for one text.
//
// analyze_text() is pure, thread-safe and reentrant: it reads only its arguments and static data,
// so any number of threads may analyse different (or the same) texts at once.
#include <string_view>
#include <vector>

#include "analysis/analysis_config.h"
#include "analysis/finding.h"
#include "analysis/lang/language.h"
#include "protocol/cancellation.h"

namespace cc::analysis {

struct AnalysisResult {
  std::vector<Finding> findings;   // sorted by line, column, rule
  bool truncated = false;          // cancelled or over the deadline: findings are partial
  std::string skipped_reason;      // non-empty when the text was not analysed (binary, unknown language, ...)
};

namespace flow {
class FunctionCache;
}

// `text` is UTF-8 (possibly invalid). Checks `cancel` and config.task_deadline periodically; on
// either it returns what it has with truncated = true (a deadline overrun is logged as a warning).
// `flow_cache`: the data-flow verdicts of functions unchanged since an earlier analysis of the
// same document are reused from it (analysis/flow/function_cache.h); the result is the same.
AnalysisResult analyze_text(std::string_view text, Language lang, const AnalysisConfig& config,
                            const CancelToken& cancel = {}, flow::FunctionCache* flow_cache = nullptr);

// True when the first 8 KiB contain a NUL byte.
bool looks_binary(std::string_view text);

}  // namespace cc::analysis
