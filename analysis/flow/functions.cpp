#include "analysis/flow/functions.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "analysis/lang/text_util.h"

namespace cc::analysis::flow {
namespace {

// Position after the bracket matching code[open] (bounded by `limit`), or npos.
std::size_t skip_bracket(std::string_view code, std::size_t open, std::size_t limit) {
  int depth = 0;
  for (std::size_t k = open; k < limit; ++k) {
    char c = code[k];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) return k + 1;
    }
  }
  return std::string_view::npos;
}

bool name_first_language(Language lang) {
  return lang == Language::Python || lang == Language::Go || lang == Language::TypeScript ||
         lang == Language::Rust || lang == Language::Ruby || lang == Language::JavaScript || lang == Language::Php;
}

std::vector<std::string> param_names(std::string_view code, std::size_t b, std::size_t e, Language lang) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t part = b;
  auto finish = [&](std::size_t pe) {
    // Default values follow '='; a type annotation follows ':' (Python/TS) or precedes (Java/C#).
    std::size_t stop = pe;
    int d = 0;
    for (std::size_t k = part; k < pe; ++k) {
      char c = code[k];
      if (c == '(' || c == '[' || c == '<' || c == '{') ++d;
      else if (c == ')' || c == ']' || c == '>' || c == '}') --d;
      else if (d == 0 && (c == '=' || (c == ':' && name_first_language(lang)))) {
        stop = k;
        break;
      }
    }
    std::vector<std::string_view> words;
    for (std::size_t k = part; k < stop;) {
      if (is_ident_char(code[k]) || code[k] == '$') {
        std::size_t s = k;
        ++k;
        while (k < stop && is_ident_char(code[k])) ++k;
        words.push_back(code.substr(s, k - s));
      } else {
        ++k;
      }
    }
    if (words.empty()) return;
    std::string_view name = name_first_language(lang) ? words.front() : words.back();
    out.emplace_back(name);
  };
  for (std::size_t k = b; k < e; ++k) {
    char c = code[k];
    if (c == '(' || c == '[' || c == '<' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '>' || c == '}') --depth;
    else if (c == ',' && depth == 0) {
      finish(k);
      part = k + 1;
    }
  }
  if (part < e) finish(e);
  return out;
}

// Cheap membership test before comparing words: which lengths the trigger words starting with each
// byte have (most identifiers are rejected by one table read).
struct TriggerFilter {
  std::array<std::uint32_t, 256> lengths{};
  explicit TriggerFilter(const LanguageTables& tables) {
    for (auto t : tables.triggers)
      if (!t.empty() && t.size() < 32) lengths[static_cast<unsigned char>(t[0])] |= std::uint32_t{1} << t.size();
  }
  bool may_contain(std::string_view w) const {
    return w.size() < 32 && (lengths[static_cast<unsigned char>(w[0])] >> w.size() & 1u) != 0;
  }
};

// Offsets of the trigger words in the code view, in one pass over the document.
std::vector<std::size_t> trigger_offsets(std::string_view code, const LanguageTables& tables,
                                         const TriggerFilter& filter) {
  std::vector<std::size_t> out;
  const std::size_t e = code.size();
  for (std::size_t k = 0; k < e;) {
    if (!is_ident_char(code[k])) {
      ++k;
      continue;
    }
    std::size_t s = k;
    while (k < e && is_ident_char(code[k])) ++k;
    std::string_view w = code.substr(s, k - s);
    if (!filter.may_contain(w)) continue;
    for (auto t : tables.triggers)
      if (t == w) {
        out.push_back(s);
        break;
      }
  }
  return out;
}

}  // namespace

std::vector<FunctionModel> find_functions(std::string_view text, const LexedSource& lx,
                                          const StructureInfo& structure, Language lang,
                                          const LanguageTables& tables) {
  std::vector<FunctionModel> out;
  std::string_view code = lx.code;
  const TriggerFilter filter(tables);
  const std::vector<std::size_t> triggers = trigger_offsets(code, tables, filter);
  if (triggers.empty()) return out;  // nothing the engine would report on: leave the pattern rules in charge
  for (const auto& f : structure.functions) {
    // Anonymous functions matter in JavaScript: Express handlers are arrow functions and callbacks.
    const bool js = lang == Language::JavaScript || lang == Language::TypeScript;
    if (!js && (f.is_lambda || f.name.empty())) continue;
    if (static_cast<std::size_t>(f.name_line) >= lx.line_starts.size()) continue;
    // A lambda's anchor may be its '(' itself: search from there.
    std::size_t at = lx.line_starts[static_cast<std::size_t>(f.name_line)] +
                     static_cast<std::size_t>(f.name.empty() ? f.name_col : f.name_end_col);
    std::size_t limit = f.end_line + 1 < static_cast<int>(lx.line_starts.size())
                            ? lx.line_starts[static_cast<std::size_t>(f.end_line) + 1]
                            : code.size();
    limit = std::min(limit, code.size());
    std::size_t open = code.find('(', at);
    if (open == std::string_view::npos || open >= limit) continue;
    if (std::size_t brace = code.find('{', at); brace < open) continue;  // `x => {`: no parameter list
    std::size_t close = skip_bracket(code, open, limit);
    if (close == std::string_view::npos) continue;
    FunctionModel m;
    m.name = f.name;
    m.params_begin = open + 1;
    m.params_end = close - 1;
    if (lang == Language::Python) {
      std::size_t colon = code.find(':', close);
      if (colon == std::string_view::npos || colon >= limit) continue;
      m.body_begin = colon + 1;
      m.body_end = limit;
      // Decorators on the lines above: @app.route(...), @bp.get(...), @api_view
      bool fixed = true, rules = false;
      for (int l = f.name_line - 1; l >= 0 && l >= f.name_line - 6; --l) {
        std::string_view line = lx.code_line(static_cast<std::size_t>(l));
        std::size_t p = line.find_first_not_of(" \t");
        if (p == std::string_view::npos || line[p] != '@') break;
        if (line.find("route") != std::string_view::npos || line.find(".get") != std::string_view::npos ||
            line.find(".post") != std::string_view::npos || line.find("view") != std::string_view::npos)
          m.route = true;
        // Flask's rule string: a fixed one (no <converter:name>) matches a single path.
        if (std::size_t r = line.find(".route("); r != std::string_view::npos) {
          rules = true;
          std::size_t q = line.find_first_of("'\"", r);
          const StringLiteral* lit =
              q == std::string_view::npos ? nullptr : lx.string_at(lx.line_starts[static_cast<std::size_t>(l)] + q);
          if (!lit || text.substr(lit->content_begin, lit->content_end - lit->content_begin).find('<') !=
                          std::string_view::npos)
            fixed = false;
        }
      }
      m.fixed_route = rules && fixed;
    } else {
      std::size_t k = close;
      while (k < limit && code[k] != '{' && code[k] != ';') ++k;
      if (k >= limit || code[k] != '{') continue;
      std::size_t end = skip_bracket(code, k, limit);
      if (end == std::string_view::npos) end = limit;
      m.body_begin = k + 1;
      m.body_end = end - 1;
    }
    auto t = std::lower_bound(triggers.begin(), triggers.end(), m.body_begin);
    m.triggered = t != triggers.end() && *t < m.body_end;
    out.push_back(std::move(m));
  }
  (void)text;
  return out;
}

void ensure_parsed(FunctionModel& fn, std::string_view text, const LexedSource& lx, Language lang) {
  if (fn.parsed) return;
  fn.parsed = true;
  fn.params = param_names(lx.code, fn.params_begin, fn.params_end, lang);
  fn.toks = tokenize(lx, fn.body_begin, fn.body_end, kMaxBodyTokens);
  if (fn.toks.empty()) return;
  if (lang == Language::Python) {
    fn.toks.front().newline_before = true;
    fn.tree = parse_python_body(fn.toks, lx.code, lx, text);
  } else {
    fn.tree = parse_brace_body(fn.toks, lx.code, lang);
  }
}

}  // namespace cc::analysis::flow
