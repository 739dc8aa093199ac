#pragma once
// Small byte-level text helpers shared by the lexer, structure pass and rules. Pure functions.
#include <cstddef>
#include <string_view>

namespace cc::analysis {

namespace detail {
// Byte classes looked up by every pass over the text: one load instead of a chain of compares.
struct IdentTable {
  bool ident[256] = {};
  bool start[256] = {};
  constexpr IdentTable() {
    for (int c = 0; c < 256; ++c) {
      ident[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
      start[c] = ident[c] && !(c >= '0' && c <= '9');
    }
  }
};
inline constexpr IdentTable kIdentTable{};
}  // namespace detail

// Identifier bytes: ASCII letters, digits, '_' and every non-ASCII byte (UTF-8 names).
inline bool is_ident_char(char c) { return detail::kIdentTable.ident[static_cast<unsigned char>(c)]; }
inline bool is_ident_start(char c) { return detail::kIdentTable.start[static_cast<unsigned char>(c)]; }

// One past the identifier run that starts at `k` (k itself when s[k] is not an identifier byte).
inline std::size_t ident_end(std::string_view s, std::size_t k) {
  const std::size_t n = s.size();
  while (k < n && is_ident_char(s[k])) ++k;
  return k;
}
inline bool is_space_or_nl(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space_or_nl(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space_or_nl(s.back())) s.remove_suffix(1);
  return s;
}

inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The identifier at the start of `s` (after leading whitespace), or empty.
inline std::string_view first_word(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size() && is_space_or_nl(s[b])) ++b;
  std::size_t e = b;
  while (e < s.size() && is_ident_char(s[e])) ++e;
  return s.substr(b, e - b);
}

// Calls fn(word, offset) for every identifier-like word in `s`.
// A word starts at an identifier-start byte not preceded by an identifier byte, so a digit run
// such as `123abc` yields no word (as before: only whole identifiers count).
template <class Fn>
void for_each_word(std::string_view s, Fn&& fn) {
  const std::size_t n = s.size();
  std::size_t k = 0;
  while (k < n) {
    if (!is_ident_char(s[k])) {
      ++k;
      continue;
    }
    std::size_t e = ident_end(s, k + 1);
    if (is_ident_start(s[k])) fn(s.substr(k, e - k), k);
    k = e;
  }
}

// Finds `word` in `s` at identifier boundaries starting at `from`; npos if absent.
inline std::size_t find_word(std::string_view s, std::string_view word, std::size_t from = 0) {
  while (true) {
    std::size_t p = s.find(word, from);
    if (p == std::string_view::npos) return p;
    bool left = p == 0 || !is_ident_char(s[p - 1]);
    bool right = p + word.size() >= s.size() || !is_ident_char(s[p + word.size()]);
    if (left && right) return p;
    from = p + 1;
  }
}

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (hay.size() < needle.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && ascii_lower(hay[i + k]) == ascii_lower(needle[k])) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

}  // namespace cc::analysis
