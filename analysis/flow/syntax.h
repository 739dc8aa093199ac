#pragma once
// Tokens and statement trees of one function body for the data-flow engine. Brace languages are
// split at `;` and blocks, Python by logical lines and indentation. Nesting deeper than
// kMaxNesting is kept as an opaque statement, so building and walking a tree never recurses more
// than that, whatever the input.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/lang/language.h"
#include "analysis/lang/lexer.h"

namespace cc::analysis::flow {

struct Token {
  enum Kind : std::uint8_t { Ident, Number, String, Punct };
  Kind kind = Punct;
  bool newline_before = false;
  std::uint32_t begin = 0, end = 0;  // byte offsets in the document
  std::int32_t literal = -1;         // index into LexedSource::strings for String tokens
};

// Tokens of [begin, end) of the code view; strings become one token each.
std::vector<Token> tokenize(const LexedSource& lx, std::size_t begin, std::size_t end, std::size_t max_tokens);

struct Stmt {
  enum Kind : std::uint8_t { Simple, Block, If, Loop, Switch, Try, Return, Throw, Break, Continue, Opaque };
  Kind kind = Simple;
  std::uint32_t tb = 0, te = 0;  // token range: the expression, condition, loop header or switch selector
  bool foreach = false;          // loop header binds a variable per element
  std::vector<Stmt> kids;        // Block: statements; If: then[, else]; Loop: body; Try: body, handlers...; Switch: cases
  std::vector<std::pair<std::uint32_t, std::uint32_t>> labels;  // Switch: label range per case (empty: default)
};

constexpr int kMaxNesting = 40;

// The statements of a body given as tokens (the braces of the body excluded).
Stmt parse_brace_body(const std::vector<Token>& toks, std::string_view code, Language lang);
// Python: the tokens of the body lines; `indent` gives each token's line indentation.
Stmt parse_python_body(const std::vector<Token>& toks, std::string_view code, const LexedSource& lx,
                       std::string_view text);

inline std::string_view tok_text(std::string_view code, const Token& t) { return code.substr(t.begin, t.end - t.begin); }

// Equality that settles most token comparisons on the length and first byte, without a library call.
inline bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  if (a[0] != b[0]) return false;
  for (std::size_t k = 1; k < a.size(); ++k)
    if (a[k] != b[k]) return false;
  return true;
}

}  // namespace cc::analysis::flow
