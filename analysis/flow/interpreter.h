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

// The table entries by the last segment of their pattern ("getParameter", "File" for "new File"),
// so a call is compared only with the entries that can match its name.
struct TableIndex {
  std::unordered_map<std::string_view, std::vector<const SourceEntry*>> sources;
  std::unordered_map<std::string_view, std::vector<const SanitizerEntry*>> sanitizers;
  std::unordered_map<std::string_view, std::vector<const SinkEntry*>> sinks;
  std::unordered_map<std::string_view, std::vector<const KindEntry*>> kinds;
  explicit TableIndex(const LanguageTables& t);
  static std::string_view last_segment(std::string_view pattern);
};

using FindingMap = std::map<std::pair<std::size_t, Family>, FlowFinding>;
// One finding per sink and family: the worst kept, the first among equals.
void merge_finding(FindingMap& into, FlowFinding f);

// What every interpretation of one document shares: the text, the tables, the functions to
// inline, the caps and the findings.
struct Shared {
  std::string_view text;
  const LexedSource& lx;
  Language lang;
  const LanguageTables& tables;
  const TableIndex& index;
  std::vector<FunctionModel>& functions;
  std::unordered_map<std::string_view, int> function_index;  // first function of each name
  Budget& budget;
  FindingMap findings;  // one per sink and family (merge_finding)
  std::vector<std::pair<int, Family>> visited;
  long statements_left = 0;  // for the whole function being analysed, inlined calls included
  std::vector<int> stack;    // functions being inlined (no recursion)
  long inlined = 0;          // calls followed into another function of the file, so far
};

constexpr std::size_t kMaxVars = 512;
constexpr int kMaxInlineDepth = 3;
constexpr int kMaxExprDepth = 64;
constexpr long kStatementsPerFunction = 5000;

// Runs function `index` with the given parameter values; returns the joined return value.
Value interpret(Shared& shared, int index, const std::vector<Value>& args, bool skip_self);

}  // namespace cc::analysis::flow
