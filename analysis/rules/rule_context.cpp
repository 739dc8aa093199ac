#include "analysis/rules/rule_context.h"

#include <algorithm>
#include <array>

#include "analysis/lang/text_util.h"

namespace cc::analysis {

namespace {
constexpr std::size_t kMaxArgs = 8192;  // bound on argument scans (bytes)
}

std::size_t RuleContext::skip_ws(std::size_t k, std::size_t limit) const {
  limit = std::min(limit, code.size());
  while (k < limit && is_space_or_nl(code[k])) ++k;
  return k;
}

std::size_t RuleContext::skip_ws_back(std::size_t k) const {
  while (k > 0 && is_space_or_nl(code[k - 1])) --k;
  return k;
}

std::optional<Range> RuleContext::call_args(std::size_t name_end) const {
  std::size_t k = skip_ws(name_end, name_end + 256);
  if (k < code.size() && code[k] == '<' && (lang == Language::TypeScript || lang == Language::Java ||
                                            lang == Language::CSharp || lang == Language::Cpp || lang == Language::Rust)) {
    int d = 0;
    std::size_t lim = std::min(code.size(), k + 256);
    for (; k < lim; ++k) {
      if (code[k] == '<') ++d;
      else if (code[k] == '>' && --d == 0) break;
    }
    if (k >= lim) return std::nullopt;
    k = skip_ws(k + 1, k + 256);
  }
  if (lang == Language::Rust && k < code.size() && code[k] == '!') k = skip_ws(k + 1);
  if (k >= code.size() || code[k] != '(') return std::nullopt;
  std::size_t open = k;
  int depth = 0;
  std::size_t lim = std::min(code.size(), open + kMaxArgs);
  for (std::size_t p = open; p < lim; ++p) {
    char c = code[p];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) return Range{open + 1, p};
    }
  }
  return Range{open + 1, std::min(lim, code.size())};  // unterminated: take what we have
}

std::vector<Range> RuleContext::split_args(Range r) const {
  std::vector<Range> args;
  int depth = 0;
  std::size_t b = r.begin;
  for (std::size_t p = r.begin; p < r.end; ++p) {
    char c = code[p];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
    else if (c == ',' && depth == 0) {
      args.push_back({b, p});
      b = p + 1;
    }
  }
  if (r.end > b) {
    Range last{b, r.end};
    if (!trim(code_of(last)).empty() || !args.empty()) args.push_back(last);
  }
  // Trim each.
  for (auto& a : args) {
    while (a.begin < a.end && is_space_or_nl(code[a.begin])) ++a.begin;
    while (a.end > a.begin && is_space_or_nl(code[a.end - 1])) --a.end;
  }
  return args;
}

std::string_view RuleContext::receiver(std::size_t name_begin) const {
  std::size_t k = name_begin;
  std::size_t end = k;
  // Accept `.`, `::`, `->`, `?.` separators and identifier/call chains.
  for (int guard = 0; guard < 8; ++guard) {
    std::size_t p = k;
    while (p > 0 && (code[p - 1] == ' ' || code[p - 1] == '\t')) --p;
    if (p >= 1 && code[p - 1] == '.') p -= 1;
    else if (p >= 2 && code[p - 1] == ':' && code[p - 2] == ':') p -= 2;
    else if (p >= 2 && code[p - 1] == '>' && code[p - 2] == '-') p -= 2;
    else break;
    if (p >= 1 && code[p - 1] == '?') --p;
    std::size_t q = p;
    if (q > 0 && code[q - 1] == ')') {
      int d = 0;
      while (q > 0) {
        --q;
        if (code[q] == ')') ++d;
        else if (code[q] == '(' && --d == 0) break;
      }
    }
    while (q > 0 && (is_ident_char(code[q - 1]) || code[q - 1] == '$' || code[q - 1] == '@')) --q;
    if (q == p) break;
    k = q;
  }
  return code.substr(k, end - k);
}

Range RuleContext::statement_rest(std::size_t from) const {
  std::size_t lim = std::min(code.size(), from + kMaxArgs);
  int depth = 0;
  std::size_t p = from;
  for (; p < lim; ++p) {
    char c = code[p];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth < 0) break;
    } else if (c == ';' && depth == 0) {
      break;
    } else if (c == ',' && depth == 0 && (lang == Language::JavaScript || lang == Language::TypeScript)) {
      break;
    } else if (c == '\n' && depth == 0) {
      std::size_t last = skip_ws_back(p);
      char t = last > from ? code[last - 1] : '=';
      if (std::string_view("+.,(=&|?:%\\").find(t) == std::string_view::npos) break;
    }
  }
  Range r{from, p};
  while (r.begin < r.end && is_space_or_nl(code[r.begin])) ++r.begin;
  while (r.end > r.begin && is_space_or_nl(code[r.end - 1])) --r.end;
  return r;
}

LiteralsIn RuleContext::literals_in(Range r) const {
  auto by_begin = [](const StringLiteral& s, std::size_t off) { return s.begin < off; };
  const StringLiteral* all = lx.strings.data();
  const StringLiteral* all_end = all + lx.strings.size();
  const StringLiteral* first = std::lower_bound(all, all_end, r.begin, by_begin);
  const StringLiteral* last = r.end > r.begin ? std::lower_bound(first, all_end, r.end, by_begin) : first;
  return {first, last};
}

namespace {

bool is_constant_word(std::string_view w) {
  static constexpr std::array<std::string_view, 16> consts = {"true", "false", "null",  "None", "nil",   "undefined",
                                                              "True", "False", "NULL",  "nullptr", "f", "r", "b",
                                                              "rb",   "u",     "fr"};
  if (std::find(consts.begin(), consts.end(), w) != consts.end()) return true;
  bool upper = false;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') upper = true;
  }
  return upper;  // ALL_CAPS constants
}

bool is_format_word(std::string_view w) {
  static constexpr std::array<std::string_view, 12> words = {"format",   "formatted", "Sprintf", "sprintf",
                                                             "snprintf", "Format",    "String",  "fmt",
                                                             "str",      "asprintf",  "Errorf",  "join"};
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace

bool RuleContext::is_constant_string(Range r) const {
  auto lits = literals_in(r);
  if (lits.empty()) return false;
  for (auto* s : lits)
    if (s->interpolated) return false;
  // Everything outside the literals must be concatenation operators or whitespace.
  std::size_t p = r.begin;
  for (auto* s : lits) {
    for (std::size_t k = p; k < s->begin && k < r.end; ++k) {
      char c = code[k];
      if (!is_space_or_nl(c) && c != '+' && c != '.' && c != '(' && c != ')') return false;
    }
    p = std::max(p, s->end);
  }
  for (std::size_t k = p; k < r.end; ++k) {
    char c = code[k];
    if (!is_space_or_nl(c) && c != '+' && c != '.' && c != '(' && c != ')' && c != ';') return false;
  }
  return true;
}

bool RuleContext::is_constant_expr(Range r) const {
  for (auto* s : literals_in(r))
    if (s->interpolated) return false;
  bool ok = true;
  std::string_view c = code_of(r);
  for_each_word(c, [&](std::string_view w, std::size_t off) {
    if (!ok) return;  // decided: the rest cannot change the answer
    // Skip string prefixes like f"..." are handled by the lexer; words inside literals are blanked.
    const StringLiteral* s = lx.string_covering(r.begin + off);
    if (s != nullptr && s->begin <= r.begin + off && !s->interpolated) return;
    if (!is_constant_word(w)) ok = false;
  });
  return ok;
}

bool RuleContext::is_dynamic_string(Range r, bool* sqlish) const {
  if (r.empty()) return false;
  auto lits = literals_in(r);
  if (lits.empty() && taint.empty()) {
    if (sqlish) *sqlish = false;
    return false;
  }
  bool sql = false;
  bool dynamic = false;
  for (auto* s : lits) {
    if (looks_like_sql(content(*s))) sql = true;
    if (s->interpolated) dynamic = true;
  }
  std::string_view c = code_of(r);
  bool has_nonconst = false;
  bool has_taint = false;
  for_each_word(c, [&](std::string_view w, std::size_t off) {
    std::size_t abs = r.begin + off;
    // A word directly followed by a quote is a string prefix (f"..", r'..').
    if (abs + w.size() < code.size() && (code[abs + w.size()] == '"' || code[abs + w.size()] == '\'')) return;
    if (const TaintEvent* ev = taint_at(w, abs)) {
      has_taint = true;
      if (ev->sql) sql = true;
    }
    if (!has_nonconst && !is_constant_word(w) && !is_format_word(w)) has_nonconst = true;
  });
  if (has_taint) dynamic = true;
  if (!dynamic && !lits.empty() && has_nonconst) {
    // Concatenation or formatting around a literal.
    int depth = 0;
    for (std::size_t k = r.begin; k < r.end; ++k) {
      char ch = code[k];
      if (ch == '(' || ch == '[' || ch == '{') ++depth;
      else if (ch == ')' || ch == ']' || ch == '}') --depth;
      if (depth > 1) continue;
      if (ch == '+' && (k + 1 >= code.size() || (code[k + 1] != '+' && code[k + 1] != '='))) dynamic = true;
      if (ch == '.' && lang == Language::Php) dynamic = true;
      if (ch == '%' && (lang == Language::Python || lang == Language::Ruby)) {
        std::size_t b = skip_ws_back(k);
        if (b > 0 && (code[b - 1] == '"' || code[b - 1] == '\'')) dynamic = true;
      }
      if (ch == '<' && k + 1 < r.end && code[k + 1] == '<' && lang == Language::Ruby) dynamic = true;
    }
    if (c.find(".format(") != std::string_view::npos || c.find(".formatted(") != std::string_view::npos ||
        find_word(c, "Sprintf") != std::string_view::npos || find_word(c, "sprintf") != std::string_view::npos ||
        find_word(c, "format") != std::string_view::npos || find_word(c, "Format") != std::string_view::npos ||
        c.find("format!") != std::string_view::npos)
      dynamic = true;
  }
  if (sqlish) *sqlish = sql;
  return dynamic;
}

namespace {

// Assigns to each line the innermost of a set of properly nested line intervals.
template <class Begin, class End>
void fill_innermost(std::size_t count, std::size_t lines, Begin begin_of, End end_of, std::vector<int>& of_line,
                    std::vector<int>* parent) {
  of_line.assign(lines, -1);
  if (parent) parent->assign(count, -1);
  std::vector<int> order(count);
  for (std::size_t k = 0; k < count; ++k) order[k] = static_cast<int>(k);
  // Outer intervals first: by begin, then longer first.
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (begin_of(a) != begin_of(b)) return begin_of(a) < begin_of(b);
    return end_of(a) > end_of(b);
  });
  std::vector<int> stack;
  std::size_t next = 0;
  for (std::size_t line = 0; line < lines; ++line) {
    while (!stack.empty() && end_of(stack.back()) < static_cast<int>(line)) stack.pop_back();
    while (next < order.size() && begin_of(order[next]) <= static_cast<int>(line)) {
      int id = order[next++];
      while (!stack.empty() && end_of(stack.back()) < begin_of(id)) stack.pop_back();
      if (parent) (*parent)[static_cast<std::size_t>(id)] = stack.empty() ? -1 : stack.back();
      if (end_of(id) >= static_cast<int>(line)) stack.push_back(id);
    }
    of_line[line] = stack.empty() ? -1 : stack.back();
  }
}

}  // namespace

void RuleContext::build_index() const {
  if (index_.built) return;
  index_.built = true;
  const auto& fns = structure.functions;
  const auto& scs = structure.scopes;
  std::size_t lines = lx.line_count();
  fill_innermost(
      fns.size(), lines, [&](int k) { return fns[static_cast<std::size_t>(k)].name_line; },
      [&](int k) { return fns[static_cast<std::size_t>(k)].end_line; }, index_.function_of_line, nullptr);
  fill_innermost(
      scs.size(), lines, [&](int k) { return scs[static_cast<std::size_t>(k)].begin_line; },
      [&](int k) { return scs[static_cast<std::size_t>(k)].end_line; }, index_.scope_of_line, &index_.scope_parent);
}

int RuleContext::function_at(int line) const {
  build_index();
  if (line < 0 || static_cast<std::size_t>(line) >= index_.function_of_line.size()) return -1;
  return index_.function_of_line[static_cast<std::size_t>(line)];
}

const RuleContext::TaintEvent* RuleContext::taint_at(std::string_view name, std::size_t offset) const {
  if (taint.empty() || !taint_filter_may_contain(name)) return nullptr;
  auto it = taint.find(name);
  if (it == taint.end()) return nullptr;
  const auto& events = it->second;  // appended in document order
  auto pos = std::lower_bound(events.begin(), events.end(), offset,
                              [](const TaintEvent& ev, std::size_t off) { return ev.offset < off; });
  if (pos == events.begin()) return nullptr;
  const TaintEvent* last = &*(pos - 1);
  if (!last->tainted) return nullptr;
  if (last->function != function_at(lx.line_of(offset))) return nullptr;
  return last;
}

std::vector<std::string_view> RuleContext::scopes_at(int line) const {
  build_index();
  std::vector<std::string_view> out;
  if (line < 0 || static_cast<std::size_t>(line) >= index_.scope_of_line.size()) return out;
  for (int s = index_.scope_of_line[static_cast<std::size_t>(line)]; s >= 0 && out.size() < 64;
       s = index_.scope_parent[static_cast<std::size_t>(s)])
    out.push_back(structure.scopes[static_cast<std::size_t>(s)].name);
  return out;
}

bool looks_like_sql(std::string_view s) {
  // One pass over the words of (at most) the first 4 KiB, case-insensitively.
  s = s.substr(0, 4096);
  enum : unsigned { Select = 1, From = 2, Insert = 4, Into = 8, Update = 16, Set = 32, Delete = 64, Where = 128,
                    Drop = 256, Table = 512, Create = 1024, Order = 2048, By = 4096, Values = 8192 };
  unsigned seen = 0;
  char word[8];
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_ident_char(s[i])) {
      ++i;
      continue;
    }
    std::size_t b = i;
    while (i < s.size() && is_ident_char(s[i])) ++i;
    std::size_t len = i - b;
    if (len < 2 || len > 6) continue;
    for (std::size_t k = 0; k < len; ++k) word[k] = ascii_lower(s[b + k]);
    std::string_view w(word, len);
    if (w == "select") seen |= Select;
    else if (w == "from") seen |= From;
    else if (w == "insert") seen |= Insert;
    else if (w == "into") seen |= Into;
    else if (w == "update") seen |= Update;
    else if (w == "set") seen |= Set;
    else if (w == "delete") seen |= Delete;
    else if (w == "where") seen |= Where;
    else if (w == "drop") seen |= Drop;
    else if (w == "table") seen |= Table;
    else if (w == "create") seen |= Create;
    else if (w == "order") seen |= Order;
    else if (w == "by") seen |= By;
    else if (w == "values") seen |= Values;
  }
  auto both = [&](unsigned a, unsigned b) { return (seen & a) && (seen & b); };
  return both(Select, From) || both(Insert, Into) || both(Update, Set) || both(Delete, From) || (seen & Where) ||
         both(Drop, Table) || both(Create, Table) || both(Order, By) || (seen & Values);
}

}  // namespace cc::analysis
