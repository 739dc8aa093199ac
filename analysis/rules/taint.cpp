// Taint pre-pass: which variables hold strings built from run-time data, and where.
#include <algorithm>
#include <array>
#include <cstring>

#include "analysis/rules/rules.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis {
namespace {

// Position of the identifier that ends right before `k` (skipping blanks); npos if none.
std::size_t name_before(std::string_view code, std::size_t k, std::size_t& name_end) {
  std::size_t e = k;
  while (e > 0 && (code[e - 1] == ' ' || code[e - 1] == '\t')) --e;
  std::size_t b = e;
  while (b > 0 && is_ident_char(code[b - 1])) --b;
  name_end = e;
  return b < e ? b : std::string_view::npos;
}

// C library calls that write a (possibly formatted) string into their first argument.
bool is_writer_word(std::string_view w) {
  const char f0 = w.empty() ? '\0' : w[0];
  return (f0 == 's' || f0 == 'v' || f0 == 'a') && w.size() >= 6 && w.size() <= 16 &&
         (w == "sprintf" || w == "snprintf" || w == "vsprintf" || w == "vsnprintf" || w == "strcat" || w == "strncat" ||
          w == "strcpy" || w == "strncpy" || w == "asprintf" || w == "sqlite3_snprintf");
}

bool format_has_unquoted_s(std::string_view fmt) {
  for (std::size_t i = 0; i + 1 < fmt.size(); ++i) {
    if (fmt[i] != '%') continue;
    if (fmt[i + 1] == '%') {
      ++i;
      continue;
    }
    std::size_t k = i + 1;
    while (k < fmt.size() && std::string_view("-+ #0123456789.*lh").find(fmt[k]) != std::string_view::npos) ++k;
    if (k < fmt.size() && (fmt[k] == 's' || fmt[k] == 'S')) return true;  // %Q/%q/%w quote, %d is numeric
  }
  return false;
}

}  // namespace

void build_taint(RuleContext& ctx) {
  std::string_view code = ctx.code;
  const std::size_t n = code.size();
  auto record = [&](std::string_view name, std::size_t at, bool tainted, bool sql, bool append) {
    if (!tainted && !ctx.taint_filter_may_contain(name)) return;  // never tainted: nothing to record
    auto found = ctx.taint.find(name);
    if (found == ctx.taint.end()) {
      if (!tainted) return;  // a plain value for a name never tainted: nothing to record
      found = ctx.taint.emplace(std::string(name), std::vector<RuleContext::TaintEvent>{}).first;
      ctx.taint_filter_add(name);
    }
    auto& events = found->second;
    int fn = ctx.function_at(ctx.lx.line_of(at));
    if (append) {
      if (!tainted) {
        // Appending a constant keeps the previous state.
        if (!events.empty() && events.back().tainted && events.back().function == fn)
          events.push_back({at, fn, true, events.back().sql});
        return;
      }
      if (!events.empty() && events.back().tainted) sql = sql || events.back().sql;
    }
    events.push_back({at, fn, tainted, sql});
  };
  const bool c_like_fmt = ctx.lang == Language::C || ctx.lang == Language::Cpp;
  const bool ruby = ctx.lang == Language::Ruby;
  // C/C++ buffer writers all contain "printf" or "str": substring searches find the candidates
  // (cached until passed) instead of tokenising every identifier.
  std::size_t next_printf = c_like_fmt ? code.find("printf") : std::string_view::npos;
  std::size_t next_str = c_like_fmt ? code.find("str") : std::string_view::npos;
  auto next_writer = [&](std::size_t from) -> std::size_t {
    for (;;) {
      if (next_printf != std::string_view::npos && next_printf < from) next_printf = code.find("printf", from);
      if (next_str != std::string_view::npos && next_str < from) next_str = code.find("str", from);
      std::size_t p = std::min(next_printf, next_str);
      if (p == std::string_view::npos) return p;
      std::size_t b = p;
      while (b > 0 && is_ident_char(code[b - 1])) --b;
      std::size_t e = ident_end(code, p);
      if (b >= from && is_writer_word(code.substr(b, e - b))) return b;
      from = std::max(from, e);  // not a writer: look past this identifier
    }
  };
  std::size_t next_budget_check = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Jump to the next position this pass reacts to: '=' everywhere, '<' in Ruby (`<<`), and in
    // C/C++ the formatting calls that write into a buffer.
    if (c_like_fmt) {
      const void* eq = std::memchr(code.data() + i, '=', n - i);
      std::size_t at_eq = eq ? static_cast<std::size_t>(static_cast<const char*>(eq) - code.data()) : n;
      std::size_t at_word = next_writer(i);
      i = std::min(at_eq, at_word);
      if (i >= n) break;
    } else if (!ruby) {
      const void* eq = std::memchr(code.data() + i, '=', n - i);
      if (!eq) break;
      i = static_cast<std::size_t>(static_cast<const char*>(eq) - code.data());
    } else {
      while (i < n && code[i] != '=' && code[i] != '<') ++i;
      if (i >= n) break;
    }
    if (i >= next_budget_check) {
      next_budget_check = i + 1024;
      if (ctx.budget.expired()) return;
    }
    char c = code[i];
    if (c_like_fmt && is_ident_char(c)) {
      std::size_t e = ident_end(code, i + 1);
      std::string_view w = code.substr(i, e - i);
      if (is_writer_word(w)) {
        if (auto args = ctx.call_args(e)) {
          auto parts = ctx.split_args(*args);
          std::size_t dst_index = (w == "sqlite3_snprintf") ? 1 : 0;
          if (parts.size() > dst_index) {
            std::string_view dst = trim(ctx.code_of(parts[dst_index]));
            while (!dst.empty() && (dst.front() == '&' || dst.front() == '*')) dst.remove_prefix(1);
            bool ident = !dst.empty();
            for (char ch : dst) ident = ident && is_ident_char(ch);
            if (ident) {
              bool dynamic = false, sql = false;
              bool append = (w == "strcat" || w == "strncat");
              if (w == "strcat" || w == "strncat" || w == "strcpy" || w == "strncpy") {
                if (parts.size() > 1) dynamic = !ctx.is_constant_expr(parts[1]);
                for (auto* s : ctx.literals_in(*args)) sql = sql || looks_like_sql(ctx.content(*s));
              } else {
                // The format is the first literal argument; dynamic when it splices a %s.
                for (std::size_t k = dst_index + 1; k < parts.size(); ++k) {
                  auto lits = ctx.literals_in(parts[k]);
                  if (lits.empty()) continue;
                  std::string fmt;
                  for (auto* s : lits) fmt.append(ctx.content(*s));
                  dynamic = format_has_unquoted_s(fmt) && k + 1 < parts.size();
                  sql = looks_like_sql(fmt);
                  break;
                }
              }
              record(dst, i, dynamic, sql, append);
            }
          }
        }
      }
      i = e - 1;
      continue;
    }
    bool assign = false, append = false;
    std::size_t op_len = 1;
    if (c == '=') {
      char p = i > 0 ? code[i - 1] : ' ';
      char nx = i + 1 < n ? code[i + 1] : ' ';
      if (nx == '=' || nx == '>' || nx == '~') {
        ++i;
        continue;
      }
      if (p == '=' || p == '!' || p == '<' || p == '>') continue;
      if (p == '+' || (p == '.' && ctx.lang == Language::Php)) {
        append = true;
        assign = true;
      } else if (p == ':' ) {
        assign = true;
      } else if (std::string_view("-*/%&|^~?").find(p) != std::string_view::npos) {
        continue;
      } else {
        assign = true;
      }
    } else if (c == '<' && i + 1 < n && code[i + 1] == '<' && ctx.lang == Language::Ruby) {
      append = assign = true;
      op_len = 2;
    }
    if (!assign) continue;
    std::size_t op_begin = (append || (i > 0 && code[i - 1] == ':')) && op_len == 1 ? i - 1 : i;
    std::size_t name_end = 0;
    std::size_t nb = name_before(code, op_begin, name_end);
    if (nb == std::string_view::npos) continue;
    std::string_view name = code.substr(nb, name_end - nb);
    Range rhs = ctx.statement_rest(i + op_len);
    bool sql = false;
    bool dynamic = ctx.is_dynamic_string(rhs, &sql);
    record(name, i, dynamic, sql, append);
  }
}

}  // namespace cc::analysis
