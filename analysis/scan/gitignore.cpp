#include "analysis/scan/gitignore.h"

#include "analysis/scan/glob_match.h"

namespace cc::analysis {

void IgnoreRules::add_file_contents(std::string_view contents, std::string_view base) {
  std::size_t b = 0;
  while (b <= contents.size()) {
    std::size_t e = contents.find('\n', b);
    if (e == std::string_view::npos) e = contents.size();
    add_pattern(contents.substr(b, e - b), base);
    b = e + 1;
  }
}

void IgnoreRules::add_pattern(std::string_view line, std::string_view base) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Trailing unescaped spaces are ignored.
  while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\')) line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return;
  Rule r;
  r.base = std::string(base);
  if (line.front() == '!') {
    r.negate = true;
    line.remove_prefix(1);
  } else if (line.front() == '\\' && line.size() > 1 && (line[1] == '#' || line[1] == '!')) {
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    r.dir_only = true;
    line.remove_suffix(1);
  }
  if (!line.empty() && line.front() == '/') {
    r.anchored = true;
    line.remove_prefix(1);
  }
  if (line.find('/') != std::string_view::npos) r.anchored = true;
  if (line.empty()) return;
  r.pattern = std::string(line);
  if (!r.anchored) r.pattern = "**/" + r.pattern;
  rules_.push_back(std::move(r));
}

bool IgnoreRules::ignored(std::string_view rel_path, bool is_dir, bool* matched) const {
  bool result = false;
  bool any = false;
  for (const auto& r : rules_) {
    if (r.dir_only && !is_dir) continue;
    std::string_view p = rel_path;
    if (!r.base.empty()) {
      if (p.size() <= r.base.size() || p.substr(0, r.base.size()) != r.base || p[r.base.size()] != '/') continue;
      p.remove_prefix(r.base.size() + 1);
    }
    if (glob_match_path(r.pattern, p)) {
      result = !r.negate;
      any = true;
    }
  }
  if (matched) *matched = any;
  return result;
}

}  // namespace cc::analysis
