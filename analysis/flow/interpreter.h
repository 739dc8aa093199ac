#pragma once
// Abstract interpretation of one function body (see engine.h). Internal to analysis/flow.
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/flow/engine.h"
#include "analysis/flow/functions.h"

namespace cc::analysis::flow {

struct Env {
  std::unordered_map<std::string, Value> vars;
  bool dead = false;  // after return/throw/break: nothing below runs on this path
};

// What every interpretation of one document shares: the text, the tables, the functions to
// inline, the caps and the findings.
struct Shared {
  std::string_view text;
  const LexedSource& lx;
  Language lang;
  const LanguageTables& tables;
  std::vector<FunctionModel>& functions;
  Budget& budget;
  std::map<std::pair<std::size_t, Family>, FlowFinding> findings;  // one per sink and family, worst kept
  std::vector<std::pair<int, Family>> visited;
  long statements_left = 0;  // for the whole function being analysed, inlined calls included
  std::vector<int> stack;    // functions being inlined (no recursion)
};

constexpr std::size_t kMaxVars = 512;
constexpr int kMaxInlineDepth = 3;
constexpr int kMaxExprDepth = 64;
constexpr long kStatementsPerFunction = 5000;

// Runs function `index` with the given parameter values; returns the joined return value.
Value interpret(Shared& shared, int index, const std::vector<Value>& args, bool skip_self);

}  // namespace cc::analysis::flow
