#pragma once
// A small, bounded def-use view of one function body for the non-flow rule families (random
// values reaching a security use, cookie and XML parser configuration): the body's statements,
// what each assigns, and string values resolved from nearby constant assignments. Reads the
// code view only; not thread-safe beyond the RuleContext it borrows.
#include <string>
#include <string_view>
#include <vector>

#include "analysis/rules/rule_context.h"

namespace cc::analysis {

struct Statement {
  Range range;                 // code-view offsets, trimmed
  std::string_view target;     // assigned name chain (`self.token`, `$key`, `c`), empty if none
  std::size_t value_begin = 0; // first byte after the `=` (range.begin when no assignment)
};

// Function-local views cost up to the function's size each: a rule builds at most this many
// per document (generated files with thousands of hits fall back to the plain rule).
inline constexpr int kMaxLocalFlowsPerDocument = 64;

class LocalFlow {
 public:
  // The innermost named function around `offset` (the whole text, bounded, at top level).
  LocalFlow(const RuleContext& ctx, std::size_t offset);

  const std::vector<Statement>& statements() const { return statements_; }
  Range body() const { return body_; }
  // Index of the statement that contains `offset` (the last one starting at or before it).
  std::size_t statement_at(std::size_t offset) const;
  // True when `name` occurs as a whole word in the range (a PHP `$` or Ruby `@` prefix is ignored).
  bool mentions(Range r, std::string_view name) const;
  // The string a name or expression holds at `offset`: a literal, or the default of a
  // properties/map lookup (`props.getProperty("k", "SHA512")`), through at most four assignments.
  std::string string_value(Range expr, std::size_t offset) const;

 private:
  void split();
  const RuleContext& ctx_;
  Range body_;
  std::vector<Statement> statements_;
};

// Chain of identifiers, dots and sigils ending at `end` (`self.token`, `$key`), for targets.
std::string_view name_chain_before(std::string_view code, std::size_t end);

}  // namespace cc::analysis
