#pragma once
// Structural facts about a lexed document: functions (name line, extent, parameters, cyclomatic
// complexity, first over-deep statement), named scopes and exception handlers.
//
// Brace languages are read with a bracket stack, Python by indentation and Ruby/shell by block
// keywords; all are single iterative passes over the code view with explicit stacks, so deeply
// nested input costs memory proportional to its size and never recursion. Pure; thread-safe.
#include <string>
#include <vector>

#include "analysis/lang/language.h"
#include "analysis/lang/lexer.h"

namespace cc::analysis {

struct FunctionInfo {
  std::string name;       // empty for anonymous functions and lambdas
  int name_line = 0;      // 0-based line of the name (or of the header for lambdas)
  int name_col = 0;
  int name_end_col = 0;
  int end_line = 0;       // line of the closing brace / last body line
  int params = 0;         // declared parameters, excluding self/cls/this and Go receivers
  int complexity = 1;     // McCabe: 1 + decision points (nested functions counted separately)
  int deep_line = -1;     // first line whose statement is nested deeper than the threshold
  int deep_col = 0;
  bool is_lambda = false;
};

struct Scope {
  std::string name;  // function or class/struct name
  int begin_line = 0;
  int end_line = 0;
};

struct HandlerInfo {
  int line = 0;      // line of `catch` / `except` / `rescue`
  int col = 0;
  int end_col = 0;
  bool empty = false;  // no statement in the body (or only `pass`)
};

struct StructureInfo {
  std::vector<FunctionInfo> functions;
  std::vector<Scope> scopes;
  std::vector<HandlerInfo> handlers;
};

// `max_depth`: statements nested in more than this many control blocks set FunctionInfo::deep_line.
StructureInfo analyze_structure(std::string_view text, const LexedSource& lexed, Language lang, int max_depth,
                                const CancelToken& cancel = {});

}  // namespace cc::analysis
