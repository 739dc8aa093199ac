#pragma once
// Gitignore-style glob matching on '/'-separated relative paths. Pure functions.
//   *  any run of characters except '/'      ?  one character except '/'
//   [a-z], [!x]  character classes           ** any number of whole path segments
// Iterative (segment DP + single-backtrack wildcard), so pathological patterns stay polynomial.
#include <string_view>

namespace cc::analysis {

// Matches the whole `path` against `pattern` (both without leading '/').
bool glob_match_path(std::string_view pattern, std::string_view path);
// Matches one segment (no '/').
bool glob_match_segment(std::string_view pattern, std::string_view segment);

}  // namespace cc::analysis
