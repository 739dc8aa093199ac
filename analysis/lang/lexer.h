#pragma once
// Comment- and string-aware lexing for every supported language family.
//
// lex() produces a "code view": a copy of the text of the same length in which comment bytes and
// the contents of string literals are replaced by spaces (newlines are kept, delimiters are kept,
// and interpolated expressions such as `${x}`, `{x}` in f-strings or `#{x}` stay as code). Rules
// then match patterns on the code view without ever seeing text inside comments or strings, and
// inspect literals through `strings`.
//
// Iterative state machine with an explicit stack for nested interpolation: linear time, memory
// proportional to the input, no recursion. Pure function; thread-safe.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/lang/language.h"
#include "protocol/cancellation.h"

namespace cc::analysis {

struct StringLiteral {
  std::size_t begin = 0;          // first byte of the token (prefix or opening delimiter)
  std::size_t end = 0;            // one past the closing delimiter (or end of text when unterminated)
  std::size_t content_begin = 0;  // first content byte
  std::size_t content_end = 0;    // one past the last content byte
  bool interpolated = false;      // contains ${..}, {..} (f-string), #{..}, $var, $(..)
  bool terminated = true;
  char kind = '"';                // '"', '\'', '`', 'h' heredoc, '/' regex, 'w' word list
};

struct Comment {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct LexedSource {
  std::string code;                     // the code view (same length as the text)
  std::vector<StringLiteral> strings;   // ordered by begin
  std::vector<Comment> comments;        // ordered by begin
  std::vector<std::size_t> line_starts; // byte offset of every line start (line_starts[0] == 0)
  bool cancelled = false;               // the cancel token fired; the view is incomplete

  [[nodiscard]] std::size_t line_count() const { return line_starts.size(); }
  // 0-based line of a byte offset.
  [[nodiscard]] int line_of(std::size_t offset) const;
  [[nodiscard]] std::size_t line_end(std::size_t line) const;  // offset of the '\n' (or text end)
  [[nodiscard]] std::string_view code_line(std::size_t line) const;
  // The string literal that starts at `offset`, or nullptr.
  [[nodiscard]] const StringLiteral* string_at(std::size_t offset) const;
  // The string literal containing `offset` (anywhere between begin and end), or nullptr.
  [[nodiscard]] const StringLiteral* string_covering(std::size_t offset) const;
};

LexedSource lex(std::string_view text, Language lang, const CancelToken& cancel = {});

}  // namespace cc::analysis
