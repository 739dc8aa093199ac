#pragma once
// The functions of a document as the data-flow engine sees them: parameter names, body tokens and
// statement tree, whether a web framework calls it with a response body as its return value, and
// whether it mentions a source or sink word (the cheap prefilter).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/flow/syntax.h"
#include "analysis/flow/tables.h"
#include "analysis/lang/lexer.h"
#include "analysis/lang/structure.h"

namespace cc::analysis::flow {

struct FunctionModel {
  std::string name;
  std::size_t params_begin = 0, params_end = 0;  // byte range of the parameter list
  std::size_t body_begin = 0, body_end = 0;      // byte range of the body
  bool route = false;                        // a web handler: its return value is the response body
  bool fixed_route = false;                  // Flask: every route rule of the handler is a fixed path (no <var>)
  bool triggered = false;                    // mentions a source or sink word
  // Built on first use.
  bool parsed = false;
  std::vector<std::string> params;
  std::vector<Token> toks;
  Stmt tree;
};

constexpr std::size_t kMaxBodyTokens = 60000;

std::vector<FunctionModel> find_functions(std::string_view text, const LexedSource& lx,
                                          const StructureInfo& structure, Language lang,
                                          const LanguageTables& tables);
void ensure_parsed(FunctionModel& fn, std::string_view text, const LexedSource& lx, Language lang);

}  // namespace cc::analysis::flow
