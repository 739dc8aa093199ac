// Quality rules: TODO comments, debugger leftovers, empty handlers and structural metrics.
#include <algorithm>
#include <string>
#include <vector>

#include "analysis/rules/rules.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis {
namespace {

bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool is_lower_letter(char c) { return c >= 'a' && c <= 'z'; }

void todo_comments(RuleContext& ctx) {
  static constexpr std::string_view markers[] = {"TODO", "FIXME", "HACK", "XXX"};
  int last_line = -1;
  for (const auto& c : ctx.lx.comments) {
    if (ctx.budget.expired()) return;
    std::string_view body = ctx.text.substr(c.begin, c.end - c.begin);
    for (std::size_t k = 0; k < body.size(); ++k) {
      char ch = body[k];
      if (ch != 'T' && ch != 'F' && ch != 'H' && ch != 'X') continue;
      if (k > 0 && (is_upper_alnum(body[k - 1]) || is_lower_letter(body[k - 1]))) continue;
      for (auto m : markers) {
        if (body.substr(k, m.size()) != m) continue;
        std::size_t e = k + m.size();
        if (e < body.size() && (is_upper_alnum(body[e]) || is_lower_letter(body[e]))) continue;
        int line = ctx.lx.line_of(c.begin + k);
        if (line != last_line) {
          ctx.emit("todo", c.begin + k, c.begin + e, std::string(m) + " comment");
          last_line = line;
        }
        k = e;
        break;
      }
    }
  }
}

// A fix that deletes the whole line when it holds nothing but the statement.
std::optional<QuickFix> delete_line_fix(const RuleContext& ctx, std::size_t at, std::string_view statement_words) {
  int line = ctx.lx.line_of(at);
  std::string_view code_line = trim(ctx.lx.code_line(static_cast<std::size_t>(line)));
  (void)statement_words;
  std::size_t comment_free = code_line.find_first_not_of(" \t");
  if (comment_free == std::string_view::npos) return std::nullopt;
  return QuickFix{"Remove the debugger statement", {{line, 0, line + 1, 0, ""}}};
}

void debug_leftovers(RuleContext& ctx) {
  std::string_view code = ctx.code;
  const Language lang = ctx.lang;
  auto statement_alone = [&](std::size_t b, std::size_t e) {
    // Only whitespace, ';' or a trailing modifier around the statement on its line.
    int line = ctx.lx.line_of(b);
    std::string_view l = ctx.lx.code_line(static_cast<std::size_t>(line));
    std::size_t ls = ctx.lx.line_starts[static_cast<std::size_t>(line)];
    std::string_view before = trim(l.substr(0, b - ls));
    std::string_view after = trim(l.substr(e - ls));
    if (!after.empty() && after.front() == ';') after = trim(after.substr(1));
    return (before.empty() || before == "import pdb;" || before == "import ipdb;") && after.empty();
  };
  auto report = [&](std::size_t b, std::size_t e, std::string detail) {
    std::optional<QuickFix> fix;
    if (statement_alone(b, e)) fix = delete_line_fix(ctx, b, {});
    ctx.emit("debug-leftover", b, e, std::move(detail), std::move(fix));
  };
  const std::size_t n = code.size();
  // Find candidate words with substring search (fast) instead of tokenising every identifier.
  std::vector<std::string_view> words;
  switch (lang) {
    case Language::JavaScript:
    case Language::TypeScript: words = {"debugger"}; break;
    case Language::Python: words = {"breakpoint", "set_trace"}; break;
    case Language::Ruby: words = {"pry", "irb", "byebug", "debugger"}; break;
    case Language::Php: words = {"xdebug_break"}; break;
    case Language::Go: words = {"Breakpoint"}; break;
    case Language::CSharp: words = {"Break"}; break;
    default: break;
  }
  std::vector<std::size_t> starts;
  for (auto word : words)
    for (std::size_t p = find_word(code, word); p != std::string_view::npos; p = find_word(code, word, p + word.size()))
      starts.push_back(p);
  std::sort(starts.begin(), starts.end());
  for (std::size_t i : starts) {
    std::size_t e = i;
    while (e < n && is_ident_char(code[e])) ++e;
    std::string_view w = code.substr(i, e - i);
    std::size_t next = ctx.skip_ws(e, e + 16);
    char nc = next < n ? code[next] : '\0';
    char pc = i > 0 ? code[i - 1] : '\0';
    switch (lang) {
      case Language::JavaScript:
      case Language::TypeScript:
        if (w == "debugger" && pc != '.' && (nc == ';' || nc == '\n' || nc == '}' || nc == '\0'))
          report(i, nc == ';' ? next + 1 : e, "debugger statement");
        break;
      case Language::Python:
        if (w == "breakpoint" && nc == '(' && pc != '.') {
          report(i, e + 2, "breakpoint() call");
        } else if (w == "set_trace" && nc == '(' && pc == '.') {
          std::string_view r = ctx.receiver(i);
          if (r == "pdb." || r == "ipdb." || r == "pudb." || r == "pdbpp.") report(i - r.size(), e + 2, std::string(r) + "set_trace() call");
        }
        break;
      case Language::Ruby:
        if ((w == "pry" || w == "irb") && pc == '.' && ctx.receiver(i) == "binding.") {
          report(i - 8, e, "binding." + std::string(w));
        } else if ((w == "byebug" || w == "debugger") && pc != '.' && pc != ':' && (nc == '\n' || nc == '\0' || nc == ';' || nc == 'i')) {
          report(i, e, std::string(w) + " call");
        }
        break;
      case Language::Php:
        if (w == "xdebug_break" && nc == '(') report(i, e, "xdebug_break()");
        break;
      case Language::Go:
        if (w == "Breakpoint" && nc == '(' && ctx.receiver(i) == "runtime.") report(i - 8, e, "runtime.Breakpoint()");
        break;
      case Language::CSharp:
        if (w == "Break" && nc == '(' && ctx.receiver(i) == "Debugger.") report(i - 9, e, "Debugger.Break()");
        break;
      default:
        break;
    }
  }
}

void structural(RuleContext& ctx) {
  const auto& t = ctx.config.thresholds;
  auto at_line = [&](std::string_view rule, int line, int col, int end_col, std::string detail) {
    if (ctx.out.size() >= RuleContext::kMaxFindings) {
      ctx.overflow = true;
      return;
    }
    RawFinding f{rule, 0, 0, std::move(detail), std::nullopt};
    f.line_override = line;
    f.col = col;
    f.end_col = std::max(end_col, col + 1);
    ctx.out.push_back(std::move(f));
  };
  for (const auto& f : ctx.structure.functions) {
    std::string name = f.name.empty() ? std::string("anonymous function") : "'" + f.name + "'";
    if (f.complexity > t.complexity)
      at_line("complexity", f.name_line, f.name_col, f.name_end_col,
              name + " has cyclomatic complexity " + std::to_string(f.complexity) + " (limit " +
                  std::to_string(t.complexity) + ")");
    int length = f.end_line - f.name_line + 1;
    if (length > t.function_lines)
      at_line("long-function", f.name_line, f.name_col, f.name_end_col,
              name + " is " + std::to_string(length) + " lines long (limit " + std::to_string(t.function_lines) + ")");
    if (f.params > t.parameters)
      at_line("too-many-params", f.name_line, f.name_col, f.name_end_col,
              name + " takes " + std::to_string(f.params) + " parameters (limit " + std::to_string(t.parameters) + ")");
    if (f.deep_line >= 0)
      at_line("deep-nesting", f.deep_line, f.deep_col, f.deep_col + 1,
              "statement nested more than " + std::to_string(t.nesting) + " blocks deep in " + name);
  }
  for (const auto& h : ctx.structure.handlers) {
    if (!h.empty) continue;
    at_line("empty-catch", h.line, h.col, h.end_col, "exception handler with an empty body");
  }
}

}  // namespace

void run_quality_rules(RuleContext& ctx) {
  todo_comments(ctx);
  debug_leftovers(ctx);
  structural(ctx);
}

}  // namespace cc::analysis
