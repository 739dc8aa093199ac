#pragma once
// The data-flow engine: per function, an abstract interpretation of the statements in order over
// an environment of abstract values (analysis/flow/value.h), with constant folding, dead branches,
// containers per constant key, sanitizers, and calls to functions of the same file followed
// (bounded inlining). Reports each sink reached by untrusted data (an error, with the path it
// took) or, for the injection families, by a run-time-built value of unknown origin (a warning).
// Bounded: caps on tokens, statements executed, environment size, inlining depth and the shared
// Budget; no recursion deeper than the caps whatever the input.
#include <string>
#include <string_view>
#include <vector>

#include "analysis/finding.h"
#include "analysis/flow/tables.h"
#include "analysis/flow/value.h"
#include "analysis/lang/lexer.h"
#include "analysis/lang/structure.h"
#include "analysis/rules/rule_context.h"

namespace cc::analysis::flow {

struct FlowFinding {
  std::size_t begin = 0, end = 0;  // the sink call's name
  Family family = Family::Sql;
  std::string_view rule;
  Severity severity = Severity::Warning;
  std::string detail;
  std::vector<Step> path;  // source first, then each step
};

struct FlowResult {
  std::vector<FlowFinding> findings;
  std::vector<std::pair<int, Family>> visited;  // (0-based line, family) of every sink the engine judged
};

class FunctionCache;

// `cache` (may be null): verdicts of unchanged functions from earlier analyses (function_cache.h).
FlowResult run_flow(std::string_view text, const LexedSource& lx, const StructureInfo& structure, Language lang,
                    Budget& budget, FunctionCache* cache = nullptr);

}  // namespace cc::analysis::flow
