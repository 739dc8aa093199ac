#include "analysis/project_properties.h"
#include "analysis/rules/local_flow.h"

#include <algorithm>

#include "analysis/lang/text_util.h"

namespace cc::analysis {
namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;   // bound on the text one function view covers
constexpr std::size_t kMaxStatements = 8000;
constexpr int kTopLevelLines = 150;               // window around a top-level offset
constexpr int kMaxResolveDepth = 4;

bool newline_ends_statements(Language l) {
  return l == Language::Python || l == Language::Ruby || l == Language::Go || l == Language::JavaScript ||
         l == Language::TypeScript || l == Language::Shell;
}

bool is_sigil(char c) { return c == '$' || c == '@'; }

}  // namespace

std::string_view name_chain_before(std::string_view code, std::size_t end) {
  std::size_t e = end;
  while (e > 0 && (code[e - 1] == ' ' || code[e - 1] == '\t')) --e;
  if (e > 0 && code[e - 1] == ']') {  // `x[i] = ...`, `cookies[:id] = ...`: the container's name
    int depth = 0;
    std::size_t k = e;
    while (k > 0) {
      char c = code[--k];
      if (c == ']') ++depth;
      else if (c == '[' && --depth == 0) break;
      if (e - k > 512) return {};
    }
    e = k;
  }
  std::size_t s = e;
  while (s > 0 && (is_ident_char(code[s - 1]) || code[s - 1] == '.' || is_sigil(code[s - 1]))) --s;
  while (s < e && code[s] == '.') ++s;
  return code.substr(s, e - s);
}

LocalFlow::LocalFlow(const RuleContext& ctx, std::size_t offset) : ctx_(ctx) {
  const int line = ctx.lx.line_of(std::min(offset, ctx.text.size()));
  int best = -1, best_span = 0;
  const auto& fns = ctx.structure.functions;
  for (std::size_t i = 0; i < fns.size(); ++i) {
    const auto& f = fns[i];
    if (f.is_lambda || f.name_line > line || f.end_line < line) continue;
    int span = f.end_line - f.name_line;
    if (best < 0 || span < best_span) best = static_cast<int>(i), best_span = span;
  }
  const int last_line = static_cast<int>(ctx.lx.line_count()) - 1;
  int first = best >= 0 ? fns[static_cast<std::size_t>(best)].name_line : std::max(0, line - kTopLevelLines);
  int end = best >= 0 ? fns[static_cast<std::size_t>(best)].end_line : std::min(last_line, line + kTopLevelLines);
  first = std::clamp(first, 0, last_line);
  end = std::clamp(end, first, last_line);
  std::size_t b = ctx.lx.line_starts[static_cast<std::size_t>(first)];
  std::size_t e = std::min(ctx.lx.line_end(static_cast<std::size_t>(end)), ctx.code.size());
  if (e - b > kMaxBodyBytes) {  // a huge body: the part around the offset
    b = offset > kMaxBodyBytes / 2 ? std::max(b, offset - kMaxBodyBytes / 2) : b;
    e = std::min(e, b + kMaxBodyBytes);
  }
  body_ = {b, e};
  split();
}

void LocalFlow::split() {
  std::string_view code = ctx_.code;
  const Language lang = ctx_.lang;
  const bool nl_ends = newline_ends_statements(lang);
  const bool braces_are_values = lang == Language::Python || lang == Language::Ruby;
  int depth = 0;                 // ( [ and value braces
  struct Brace {
    bool block;       // a statement block (true) or a value: object, dict, initialiser (false)
    int saved_depth;  // the bracket depth outside a block, restored at its end
  };
  std::vector<Brace> braces;
  std::size_t start = body_.begin;
  std::size_t assign = std::string_view::npos;

  auto push = [&](std::size_t end) {
    std::size_t s = start, t = end;
    while (s < t && is_space_or_nl(code[s])) ++s;
    while (t > s && is_space_or_nl(code[t - 1])) --t;
    if (s < t && statements_.size() < kMaxStatements) {
      Statement st{{s, t}, {}, s};
      if (assign != std::string_view::npos && assign > s && assign < t) {
        std::size_t op = assign;
        while (op > s && (code[op - 1] == '+' || code[op - 1] == '-' || code[op - 1] == '*' || code[op - 1] == '/' ||
                          code[op - 1] == ':' || code[op - 1] == '|' || code[op - 1] == '&' || code[op - 1] == '.' ||
                          code[op - 1] == '?'))
          --op;
        st.target = name_chain_before(code, op);
        // `const token: string = ...`, `count: int = 0`: the annotated name, not its type.
        std::size_t t0 = static_cast<std::size_t>(st.target.data() - code.data());
        std::size_t before = ctx_.skip_ws_back(t0);
        if (!st.target.empty() && before > s && code[before - 1] == ':' && (before < 2 || code[before - 2] != ':'))
          st.target = name_chain_before(code, before - 1);
        st.value_begin = assign + 1;
      }
      statements_.push_back(st);
    }
    start = end + 1;
    assign = std::string_view::npos;
  };

  for (std::size_t k = body_.begin; k < body_.end; ++k) {
    char c = code[k];
    switch (c) {
      case '(':
      case '[':
        ++depth;
        break;
      case ')':
      case ']':
        if (depth > 0) --depth;
        break;
      case '{': {
        // A block (after `)`, `=>`, `else`, `try`...) starts statements even inside a call's
        // parentheses (`app.get('/', (req, res) => { ... })`); any other brace is a value.
        bool value = braces_are_values;
        if (!value) {
          std::size_t p = ctx_.skip_ws_back(k);
          char prev = p > body_.begin ? code[p - 1] : ';';
          bool arrow = prev == '>' && p >= 2 && code[p - 2] == '=';
          value = !arrow && (prev == '=' || prev == '(' || prev == ',' || prev == ':' || prev == '[' || prev == '?' ||
                             prev == '{' || (lang == Language::Go && p == k && p > 0 && is_ident_char(code[p - 1])));
        }
        if (braces.size() >= 4096) break;  // bounded nesting; deeper braces are plain text
        braces.push_back({!value, depth});
        if (value) {
          ++depth;
        } else {
          push(k);
          depth = 0;
        }
        break;
      }
      case '}': {
        if (braces.empty()) {
          push(k);
          break;
        }
        Brace top = braces.back();
        braces.pop_back();
        if (top.block) {
          push(k);
          depth = top.saved_depth;
        } else if (depth > 0) {
          --depth;
        }
        break;
      }
      case ';':
        if (depth == 0) push(k);
        break;
      case '\n':
        if (depth == 0 && nl_ends) {
          std::size_t p = ctx_.skip_ws_back(k);
          char prev = p > start ? code[p - 1] : ';';
          std::size_t nx = ctx_.skip_ws(k + 1, body_.end);
          bool cont = prev == '\\' || prev == '+' || prev == ',' || prev == '=' || prev == '.' || prev == '&' ||
                      prev == '|' || prev == '?' || prev == '-' || prev == '*' || prev == '(' ||
                      (nx < body_.end && code[nx] == '.');
          if (!cont) push(k);
        }
        break;
      case '=':
        if (depth == 0 && assign == std::string_view::npos) {
          char before = k > 0 ? code[k - 1] : ' ';
          char after = k + 1 < code.size() ? code[k + 1] : ' ';
          if (after != '=' && after != '>' && before != '=' && before != '!' && before != '<' && before != '>')
            assign = k;
        }
        break;
      default:
        break;
    }
  }
  if (start < body_.end) push(body_.end);
}

std::size_t LocalFlow::statement_at(std::size_t offset) const {
  auto it = std::upper_bound(statements_.begin(), statements_.end(), offset,
                             [](std::size_t off, const Statement& s) { return off < s.range.begin; });
  return it == statements_.begin() ? 0 : static_cast<std::size_t>(it - statements_.begin() - 1);
}

bool LocalFlow::mentions(Range r, std::string_view name) const {
  while (!name.empty() && is_sigil(name.front())) name.remove_prefix(1);
  if (name.empty() || r.empty()) return false;
  std::string_view s = ctx_.code.substr(r.begin, r.end - r.begin);
  return find_word(s, name) != std::string_view::npos;
}

std::string LocalFlow::string_value(Range expr, std::size_t offset) const {
  Range cur = expr;
  std::size_t at = offset;
  for (int depth = 0; depth < kMaxResolveDepth; ++depth) {
    std::string_view code = trim(ctx_.code_of(cur));
    if (code.empty()) return {};
    if (ctx_.is_constant_string(cur)) {
      std::string s;
      for (auto* l : ctx_.literals_in(cur)) s.append(ctx_.content(*l));
      return s;
    }
    if (code.back() == ')') {
      // A lookup with a literal default: the default decides when nothing else is known.
      std::size_t open = code.find('(');
      if (open == std::string_view::npos) return {};
      std::size_t name_end = static_cast<std::size_t>(code.data() - ctx_.code.data()) + open;
      auto args = ctx_.call_args(name_end);
      if (!args) return {};
      auto parts = ctx_.split_args(*args);
      // `props.getProperty("hashAlg", ...)` with the key set in the project's .properties files:
      // the configured value decides, not the fallback (System.getProperty reads no such file).
      std::string_view callee = trim(code.substr(0, open));
      if (ctx_.config.project_properties && !parts.empty() && ctx_.is_constant_string(parts.front()) &&
          (callee == "getProperty" || ends_with(callee, ".getProperty")) && !ends_with(callee, "System.getProperty")) {
        std::string key;
        for (auto* l : ctx_.literals_in(parts.front())) key.append(ctx_.content(*l));
        if (auto configured = ctx_.config.project_properties->find(key)) return *configured;
      }
      if (parts.size() < 2 || !ctx_.is_constant_string(parts.back())) return {};
      std::string s;
      for (auto* l : ctx_.literals_in(parts.back())) s.append(ctx_.content(*l));
      return s;
    }
    // A plain name: follow its latest assignment before `at`.
    std::string_view name = code;
    while (!name.empty() && is_sigil(name.front())) name.remove_prefix(1);
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return is_ident_char(c) || c == '.'; }))
      return {};
    if (statements_.empty()) return {};
    std::size_t idx = statement_at(at);
    bool found = false;
    for (std::size_t i = idx + 1; i-- > 0;) {
      const Statement& st = statements_[i];
      if (st.range.begin >= at) continue;
      std::string_view t = st.target;
      while (!t.empty() && is_sigil(t.front())) t.remove_prefix(1);
      if (t.empty() || (t != name && !ends_with(t, "." + std::string(name)))) continue;
      cur = {st.value_begin, st.range.end};
      at = st.range.begin;
      found = true;
      break;
    }
    if (!found) return {};
  }
  return {};
}

}  // namespace cc::analysis
