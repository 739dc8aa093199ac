#pragma once
// Shared pieces of the symbol extractor (symbols.cpp, declarations.cpp, imports.cpp).
// Internal to analysis/index.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/index/symbols.h"
#include "analysis/lang/lexer.h"
#include "analysis/lang/structure.h"

namespace cc::analysis::index_detail {

struct Source {
  std::string_view text;
  const LexedSource& lx;
  Language lang;
  // The original text of a line, without its line break.
  std::string_view line_text(int line) const;
  std::string_view code_line(int line) const;
  int lines() const { return static_cast<int>(lx.line_count()); }
};

// Bounded copy: at most `max` bytes, cut at a UTF-8 boundary, with "…" when cut.
std::string bounded(std::string_view s, std::size_t max);
// The header line(s) of a definition starting at `line`: up to the line that opens its body
// ('{' or a Python/Ruby block start) or ends the declaration (';'), at most 4 lines.
std::string signature_at(const Source& src, int line);
// The doc comment just above `line` (or, for Python, the docstring after the header).
std::string doc_for(const Source& src, int line, int header_end_line);
// Words that are keywords or built-in type names in some supported language.
bool is_keyword(std::string_view word);

// Type declarations, prototypes, macros and constants (declarations.cpp); appended to `out`.
void collect_declarations(const Source& src, const StructureInfo& structure, std::vector<Definition>& out,
                          const CancelToken& cancel);
// Imports (imports.cpp).
std::vector<Import> collect_imports(const Source& src);

}  // namespace cc::analysis::index_detail
