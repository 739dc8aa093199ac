#pragma once
// A subset of .gitignore semantics: patterns, `!` negation, `dir/` suffix, anchored `/x` (and any
// pattern containing a slash), `**`, comments and escaped leading `#`/`!`. Nested .gitignore files
// apply to their own directory and below; the last matching rule wins.
// Immutable after construction: safe to share between threads for matching.
#include <string>
#include <string_view>
#include <vector>

namespace cc::analysis {

class IgnoreRules {
 public:
  // `base`: directory of the .gitignore relative to the scan root ("" for the root), '/'-separated.
  void add_file_contents(std::string_view contents, std::string_view base);
  void add_pattern(std::string_view line, std::string_view base);

  // `rel_path`: '/'-separated path relative to the scan root. Returns true when ignored.
  // `known` receives whether any rule matched (to combine with outer rule sets).
  [[nodiscard]] bool ignored(std::string_view rel_path, bool is_dir, bool* matched = nullptr) const;
  [[nodiscard]] bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    std::string pattern;  // without leading '/' and trailing '/'
    std::string base;
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;
  };
  std::vector<Rule> rules_;
};

}  // namespace cc::analysis
