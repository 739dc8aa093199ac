#include "analysis/scan/glob_match.h"

#include <string>
#include <vector>

namespace cc::analysis {
namespace {

// Matches one pattern element at p against c; advances p past it. Returns false on mismatch.
bool match_class(std::string_view pat, std::size_t& p, char c) {
  // pat[p] == '['
  std::size_t k = p + 1;
  bool negate = false;
  if (k < pat.size() && (pat[k] == '!' || pat[k] == '^')) {
    negate = true;
    ++k;
  }
  bool matched = false;
  bool first = true;
  while (k < pat.size() && (pat[k] != ']' || first)) {
    first = false;
    char lo = pat[k];
    if (k + 2 < pat.size() && pat[k + 1] == '-' && pat[k + 2] != ']') {
      char hi = pat[k + 2];
      if (c >= lo && c <= hi) matched = true;
      k += 3;
    } else {
      if (c == lo) matched = true;
      ++k;
    }
  }
  if (k >= pat.size()) {
    // Unterminated class: treat '[' literally.
    ++p;
    return c == '[';
  }
  p = k + 1;
  return matched != negate;
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  for (std::size_t k = 0; k <= s.size(); ++k) {
    if (k == s.size() || s[k] == '/') {
      if (k > b) out.push_back(s.substr(b, k - b));
      b = k + 1;
    }
  }
  return out;
}

}  // namespace

bool glob_match_segment(std::string_view pat, std::string_view s) {
  std::size_t p = 0, i = 0;
  std::size_t star_p = std::string_view::npos, star_i = 0;
  while (i < s.size()) {
    if (p < pat.size() && pat[p] == '*') {
      star_p = ++p;
      star_i = i;
      continue;
    }
    if (p < pat.size()) {
      std::size_t np = p;
      bool ok;
      if (pat[p] == '?') {
        ok = true;
        np = p + 1;
      } else if (pat[p] == '[') {
        ok = match_class(pat, np, s[i]);
      } else if (pat[p] == '\\' && p + 1 < pat.size()) {
        ok = pat[p + 1] == s[i];
        np = p + 2;
      } else {
        ok = pat[p] == s[i];
        np = p + 1;
      }
      if (ok) {
        p = np;
        ++i;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    i = ++star_i;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool glob_match_path(std::string_view pattern, std::string_view path) {
  auto ps = split(pattern);
  auto ss = split(path);
  // dp[j] = pattern prefix of length i matches path prefix of length j.
  std::vector<char> dp(ss.size() + 1, 0), next(ss.size() + 1, 0);
  dp[0] = 1;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    std::fill(next.begin(), next.end(), 0);
    if (ps[i] == "**") {
      char any = 0;
      for (std::size_t j = 0; j <= ss.size(); ++j) {
        any = any || dp[j];
        next[j] = any;
      }
    } else {
      for (std::size_t j = 0; j < ss.size(); ++j)
        if (dp[j] && glob_match_segment(ps[i], ss[j])) next[j + 1] = 1;
    }
    dp.swap(next);
  }
  return dp[ss.size()] != 0;
}

}  // namespace cc::analysis
