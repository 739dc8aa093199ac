#include "analysis/flow/interpreter.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "analysis/lang/text_util.h"

namespace cc::analysis::flow {
namespace {

bool is_shell(std::string_view s) {
  return s == "sh" || s == "bash" || s == "/bin/sh" || s == "/bin/bash" || s == "cmd" || s == "cmd.exe" ||
         s == "/usr/bin/sh" || s == "zsh" || s == "powershell" || s == "pwsh";
}

// Path canonicalisation: what a containment check (startsWith the base) must follow to hold.
bool canonicalizing(std::string_view w) {
  return w == "getCanonicalPath" || w == "toRealPath" || w == "normalize" || w == "realpath" || w == "abspath" ||
         w == "normpath" || w == "resolve" || w == "getCanonicalFile";
}

bool is_old_family(Family f) { return f == Family::Sql || f == Family::Command || f == Family::Code; }

std::string one_line(std::string_view s, std::size_t max) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() >= max) {
      out += "...";
      break;
    }
  }
  return out;
}

struct Arg {
  std::string_view keyword;  // Python keyword argument name, else empty
  Value value;
  std::size_t tb = 0, te = 0;
};

struct Ref {
  std::string chain;  // dotted call chain so far ("request.getParameter")
  std::string var;    // environment key the current value was read from (for builder updates)
  bool global = false;  // a bare name that is not a local: a module, class or import
};

struct CondRefinement {
  std::vector<std::string> vars;
  FamilyMask mask = 0;
  bool when_true = true;
};

constexpr std::string_view kRequestView = "RequestView";  // see Interp::wraps_request
constexpr std::string_view kBacktrackingRegex = "BacktrackingRegex";  // see Interp::backtracks

class Interp {
 public:
  Interp(Shared& sh, FunctionModel& fn) : sh_(sh), fn_(fn), t_(fn.toks), code_(sh.lx.code), text_(sh.text) {
    python_ = sh.lang == Language::Python;
  }

  Value run(const std::vector<Value>& args, bool skip_self) {
    std::size_t first = 0;
    if (skip_self && !fn_.params.empty() && (fn_.params[0] == "self" || fn_.params[0] == "cls")) first = 1;
    for (std::size_t k = first; k < fn_.params.size(); ++k) {
      std::size_t a = k - first;
      set_var(fn_.params[k], a < args.size() ? args[a] : Value::unknown());
    }
    exec(fn_.tree, 0);
    return has_ret_ ? ret_ : Value::unknown();
  }

 private:
  // ---------- tokens ----------
  std::string_view sv(std::size_t i) const { return i < t_.size() ? tok_text(code_, t_[i]) : std::string_view{}; }
  bool is(std::size_t i, std::string_view s) const { return i < t_.size() && same(sv(i), s); }
  bool ident(std::size_t i) const { return i < t_.size() && t_[i].kind == Token::Ident; }
  std::size_t match(std::size_t i, std::size_t end) const {
    int depth = 0;
    for (std::size_t k = i; k < end; ++k) {
      if (t_[k].kind != Token::Punct || t_[k].end - t_[k].begin != 1) continue;
      char c = code_[t_[k].begin];
      if (c == '(' || c == '[' || c == '{') ++depth;
      else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) return k;
      }
    }
    return end;
  }
  // Top-level token positions of `sep` in [b, e).
  std::vector<std::size_t> split(std::size_t b, std::size_t e, std::string_view sep) const {
    std::vector<std::size_t> out;
    int depth = 0;
    for (std::size_t k = b; k < e; ++k) {
      std::string_view s = sv(k);
      if (t_[k].kind == Token::Punct && s.size() == 1) {
        if (s == "(" || s == "[" || s == "{") ++depth;
        else if (s == ")" || s == "]" || s == "}") --depth;
      }
      if (depth == 0 && s == sep && t_[k].kind == Token::Punct) out.push_back(k);
    }
    return out;
  }
  std::string_view source_text(std::size_t tb, std::size_t te) const {
    if (tb >= te || te > t_.size()) return {};
    return text_.substr(t_[tb].begin, t_[te - 1].end - t_[tb].begin);
  }

  // ---------- environment ----------
  void set_var(const std::string& name, Value v) {
    auto it = env_.vars.find(name);
    if (it != env_.vars.end()) it->second = std::move(v);
    else if (env_.vars.size() < kMaxVars) env_.vars.emplace(name, std::move(v));
  }
  const Value* get_var(std::string_view name) const {
    auto it = env_.vars.find(std::string(name));
    return it == env_.vars.end() ? nullptr : &it->second;
  }

  static Env join_env(const Env& a, const Env& b) {
    if (a.dead) return b;
    if (b.dead) return a;
    Env out = a;
    for (auto& [k, v] : out.vars) {
      auto it = b.vars.find(k);
      if (it != b.vars.end()) v = join(v, it->second);
    }
    for (const auto& [k, v] : b.vars)
      if (!out.vars.count(k) && out.vars.size() < kMaxVars) out.vars.emplace(k, v);
    return out;
  }

  bool out_of_budget() {
    if (--sh_.statements_left < 0) return true;
    return sh_.budget.expired();
  }

  // ---------- statements ----------
  void exec(const Stmt& s, int depth) {
    if (env_.dead) {
      unreachable(s, depth);
      return;
    }
    if (out_of_budget()) return;
    switch (s.kind) {
      case Stmt::Simple: statement(s.tb, s.te, 0); break;
      case Stmt::Block:
        for (const auto& k : s.kids) {
          if (env_.dead) {
            unreachable(k, depth + 1);
            continue;
          }
          exec(k, depth + 1);
        }
        break;
      case Stmt::If: exec_if(s, depth); break;
      case Stmt::Loop: exec_loop(s, depth); break;
      case Stmt::Switch: exec_switch(s, depth); break;
      case Stmt::Try: exec_try(s, depth); break;
      case Stmt::Return: {
        Value v = s.tb < s.te ? statement(s.tb, s.te, 0) : Value::clean();
        if (fn_.route && sh_.tables.route_returns_are_responses && s.tb < s.te && returns_markup(s.tb, s.te))
          check_sink(v, Family::Xss, default_rule(Family::Xss), t_[s.tb - 1].begin, t_[s.tb - 1].end, false);
        ret_ = has_ret_ ? join(ret_, v) : v;
        has_ret_ = true;
        env_.dead = true;
        break;
      }
      case Stmt::Throw:
        if (s.tb < s.te) statement(s.tb, s.te, 0);
        env_.dead = true;
        break;
      case Stmt::Break:
        if (break_target_) break_target_->push_back(env_);
        env_.dead = true;
        break;
      case Stmt::Continue:
        if (continue_target_) continue_target_->push_back(env_);
        env_.dead = true;
        break;
      case Stmt::Opaque: break;
    }
  }

  // Code that cannot run on any path (after a return the folded conditions make certain, or in a
  // branch whose condition folds the other way) is judged too: the pattern rules' findings for the
  // injection families on its lines are dropped, as for a sink the engine found clean. Not when the
  // budget ran out (nothing was proven then); nested definitions (opaque) are analysed on their own.
  void unreachable(const Stmt& s, int depth) {
    if (depth > kMaxNesting || sh_.statements_left < 0 || sh_.budget.expired()) return;
    auto mark = [&](std::size_t tb, std::size_t te) {
      if (tb >= te || te > t_.size()) return;
      int first = sh_.lx.line_of(t_[tb].begin), last = sh_.lx.line_of(t_[te - 1].begin);
      for (int line = first; line <= last && line - first < 200; ++line)
        for (Family f : {Family::Sql, Family::Command, Family::Code, Family::Deserialization})
          sh_.visited.emplace_back(line, f);
    };
    switch (s.kind) {
      case Stmt::Opaque: return;
      case Stmt::Simple:
      case Stmt::Return:
      case Stmt::Throw: mark(s.tb, s.te); return;
      default:
        mark(s.tb, s.te);
        for (const auto& k : s.kids) unreachable(k, depth + 1);
    }
  }

  // A handler's return value that is a body built here (not a call to a response helper, which
  // is judged as a sink of its own).
  bool returns_markup(std::size_t b, std::size_t e) const {
    if (t_[b].kind == Token::String) return true;
    if (!ident(b)) return false;
    std::size_t k = b;
    while (k + 1 < e && (ident(k) || is(k, "."))) ++k;
    if (is(k, "(")) {
      std::size_t close = match(k, e);
      if (close + 1 >= e) return false;  // the whole expression is one call
    }
    return true;
  }

  void apply_refinement(const CondRefinement& r, bool branch_true) {
    if (r.vars.empty() || r.when_true != branch_true) return;
    for (const auto& name : r.vars) {
      auto it = env_.vars.find(name);
      if (it == env_.vars.end()) continue;
      Value& v = it->second;
      if (r.mask == kAllFamilies) {
        Value c = Value::clean();
        c.str = v.str;
        c.num = v.num;
        v = c;
      } else {
        v.sanitized |= r.mask;
      }
    }
  }

  void exec_if(const Stmt& s, int depth) {
    CondRefinement ref = refinement(s.tb, s.te);
    Value c = cond_value(s.tb, s.te);
    auto known = truthy(c);
    const Stmt* then_s = s.kids.empty() ? nullptr : &s.kids[0];
    const Stmt* else_s = s.kids.size() > 1 ? &s.kids[1] : nullptr;
    if (known) {
      apply_refinement(ref, *known);
      if (*known && then_s) exec(*then_s, depth + 1);
      if (!*known && else_s) exec(*else_s, depth + 1);
      if (const Stmt* skipped = *known ? else_s : then_s) unreachable(*skipped, depth + 1);
      return;
    }
    Env before = env_;
    apply_refinement(ref, true);
    if (then_s) exec(*then_s, depth + 1);
    Env after_then = std::move(env_);
    env_ = std::move(before);
    apply_refinement(ref, false);
    if (else_s) exec(*else_s, depth + 1);
    env_ = join_env(after_then, env_);
  }

  Value cond_value(std::size_t b, std::size_t e) {
    if (b >= e) return Value::unknown();
    return statement(b, e, 0);
  }

  void exec_loop(const Stmt& s, int depth) {
    std::size_t hb = s.tb, he = s.te;
    std::size_t cond_b = hb, cond_e = he, step_b = he, step_e = he;
    bool has_cond = hb < he;
    std::string bind;
    Value element = Value::unknown();
    if (s.foreach && hb < he) {
      // `Type x : expr`, `x in expr`, `x of expr`, `k, v in expr`, `$a as $x`, Go `k, v := range expr`
      std::size_t sep = he;
      for (std::size_t k = hb; k < he; ++k) {
        std::string_view w = sv(k);
        if (w == ":" || w == "in" || w == "of" || w == "as" || w == "range") {
          sep = k;
          break;
        }
      }
      if (sep < he) {
        Value coll = statement(sep + 1, he, 0);
        element = element_join(coll);
        element.obj.reset();
        for (std::size_t k = sep; k > hb; --k)
          if (ident(k - 1) && sv(k - 1) != "range") {
            bind = std::string(sv(k - 1));
            break;
          }
      }
      has_cond = false;
    } else if (hb < he) {
      auto semis = split(hb, he, ";");
      if (semis.size() == 2) {
        statement(hb, semis[0], 0);
        cond_b = semis[0] + 1;
        cond_e = semis[1];
        step_b = semis[1] + 1;
        step_e = he;
        has_cond = cond_b < cond_e;
      }
    }
    if (has_cond) {
      Value c = cond_value(cond_b, cond_e);
      if (auto k = truthy(c); k && !*k) return;  // never entered
    }
    std::vector<Env> breaks, continues;
    auto* saved_break = break_target_;
    auto* saved_continue = continue_target_;
    break_target_ = &breaks;
    continue_target_ = &continues;
    Env before = env_;
    for (int iter = 0; iter < 2 && !s.kids.empty(); ++iter) {
      if (!bind.empty()) set_var(bind, element);
      exec(s.kids[0], depth + 1);
      for (auto& c : continues) env_ = join_env(env_, c);
      continues.clear();
      if (step_b < step_e && !env_.dead) statement(step_b, step_e, 0);
      env_ = join_env(before, env_);
      before = env_;
    }
    for (auto& b : breaks) env_ = join_env(env_, b);
    break_target_ = saved_break;
    continue_target_ = saved_continue;
  }

  void exec_switch(const Stmt& s, int depth) {
    Value sel = s.tb < s.te ? statement(s.tb, s.te, 0) : Value::unknown();
    auto sel_text = as_text(sel);
    std::vector<Env> breaks;
    auto* saved = break_target_;
    break_target_ = &breaks;
    // The case to start from when the selector is a known constant.
    std::optional<std::size_t> start;
    std::optional<std::size_t> default_case;
    for (std::size_t c = 0; c < s.labels.size() && c < s.kids.size(); ++c) {
      auto [lb, le] = s.labels[c];
      if (lb == le) {
        default_case = c;
        continue;
      }
      // Python patterns other than literals (captures, classes, guards) may match anything.
      if (python_ && sel_text && !start) {
        for (std::size_t k = lb; k < le; ++k)
          if (t_[k].kind != Token::String && t_[k].kind != Token::Number && !is(k, "|") && !is(k, "-")) sel_text.reset();
      }
      if (sel_text && !start) {
        for (std::size_t part_b = lb; part_b < le;) {
          auto commas = split(part_b, le, python_ ? "|" : ",");
          std::size_t part_e = commas.empty() ? le : commas.front();
          Value label = statement(part_b, part_e, 0);
          if (auto lt = as_text(label); lt && *lt == *sel_text) start = c;
          part_b = part_e + 1;
        }
      }
    }
    // Cases fall through to the next one, except in Go (which says `fallthrough` when it wants it).
    const bool falls_through = sh_.lang != Language::Go && !python_;  // nor Python's match
    auto run_from = [&](std::size_t c) {
      for (std::size_t k = c; k < s.kids.size() && !env_.dead; ++k) {
        exec(s.kids[k], depth + 1);
        if (!falls_through) break;
      }
    };
    if (sel_text) {
      if (!start) start = default_case;
      if (start) run_from(*start);
      for (auto& b : breaks) env_ = join_env(env_, b);
    } else {
      Env before = env_;
      Env result;
      result.dead = true;
      for (std::size_t c = 0; c < s.kids.size(); ++c) {
        env_ = before;
        run_from(c);
        result = join_env(result, env_);
      }
      for (auto& b : breaks) result = join_env(result, b);
      if (!default_case) result = join_env(result, before);
      env_ = std::move(result);
    }
    break_target_ = saved;
  }

  void exec_try(const Stmt& s, int depth) {
    if (s.kids.empty()) return;
    Env before = env_;
    exec(s.kids[0], depth + 1);
    Env after = env_;
    Env result = after;
    for (std::size_t k = 1; k < s.kids.size(); ++k) {
      env_ = join_env(before, after);
      env_.dead = false;
      exec(s.kids[k], depth + 1);
      result = join_env(result, env_);
    }
    env_ = std::move(result);
  }

  // ---------- refinement by guards ----------
  CondRefinement refinement(std::size_t b, std::size_t e) const {
    CondRefinement r;
    if (python_) {
      if (auto var = quoted_literal_test(b, e)) {
        // Where the test fails, x is one quoted string literal with no quote inside: evaluating it
        // yields that string, nothing else.
        r.vars.push_back(*var);
        r.mask = bit(Family::Code);
        r.when_true = false;
        return r;
      }
    }
    bool negated = false;
    while (b < e && (is(b, "!") || is(b, "not") || (is(b, "(") && match(b, e) == e - 1))) {
      if (is(b, "(")) {
        ++b;
        --e;
      } else {
        negated = !negated;
        ++b;
      }
    }
    if (b >= e) return r;
    // `"'" in x` / `"../" not in x`: a test for a metacharacter of some language; where it is absent,
    // x cannot break out of that context.
    if (python_ && t_[b].kind == Token::String && t_[b].literal >= 0) {
      const bool not_in = is(b + 1, "not") && is(b + 2, "in");
      std::size_t var = not_in ? b + 3 : b + 2;
      if ((not_in || is(b + 1, "in")) && var + 1 == e && ident(var)) {
        const StringLiteral& lit = sh_.lx.strings[static_cast<std::size_t>(t_[b].literal)];
        std::string_view chars = text_.substr(lit.content_begin, lit.content_end - lit.content_begin);
        FamilyMask m = 0;
        if (chars.find('\'') != std::string_view::npos || chars.find('"') != std::string_view::npos)
          m |= bit(Family::Sql) | bit(Family::Xpath);
        if (chars.find("..") != std::string_view::npos) m |= bit(Family::Path);
        if (chars.find('<') != std::string_view::npos) m |= bit(Family::Xss);
        if (m && !lit.interpolated) {
          r.vars.emplace_back(sv(var));
          r.mask = m;
          r.when_true = not_in != negated;
        }
        return r;
      }
    }
    if (python_) {
      if (auto var = quoted_literal_test(b, e)) {  // not (...): the same test, inverted
        r.vars.push_back(*var);
        r.mask = bit(Family::Code);
        r.when_true = negated;
        return r;
      }
    }
    bool check = false, canonical = false, startswith = false, literal = false, equality = false, in_op = false;
    bool bad = false;
    for (std::size_t k = b; k < e; ++k) {
      std::string_view w = sv(k);
      if (w == "&&" || w == "||" || w == "and" || w == "or" || w == "null" || w == "None" || w == "!=" ||
          w == "!==")
        bad = true;
      if (w == "not" && k > b) {
        if (is(k + 1, "in")) negated = !negated;
        else bad = true;
      }
      if (t_[k].kind == Token::String || t_[k].kind == Token::Number) literal = true;
      if (w == "equals" || w == "equalsIgnoreCase" || w == "==" || w == "===") equality = true;
      if (w == "contains" || w == "containsKey" || w == "has" || w == "includes" || w == "in_array" ||
          w == "matches" || w == "fullmatch" || w == "isdigit" || w == "isalnum" || w == "isnumeric" ||
          w == "isalpha" || w == "isDigit" || w == "isLetterOrDigit")
        check = true;
      if (w == "in" && python_) in_op = true;
      // canonicalised here, or a variable holding a canonicalised path (p = (base / name).resolve())
      if (canonicalizing(w) || (ident(k) && !(k > b && is(k - 1, ".")) && get_var(w) && get_var(w)->canonical))
        canonical = true;
      if (w == "startsWith" || w == "startswith" || w == "is_relative_to") startswith = true;
    }
    if (bad) return r;
    if (canonical && startswith) r.mask = bit(Family::Path);
    else if (check || in_op || (equality && literal)) r.mask = kAllFamilies;
    else return r;
    r.when_true = !negated;
    auto check_method = [](std::string_view w) {
      return w == "equals" || w == "equalsIgnoreCase" || w == "matches" || w == "isdigit" || w == "isalnum" ||
             w == "isnumeric" || w == "isalpha" || w == "fullmatch";
    };
    for (std::size_t k = b; k < e; ++k) {
      if (!ident(k) || (k > b && (is(k - 1, ".") || is(k - 1, "->")))) continue;
      const Value* v = get_var(sv(k));
      if (!v || v->taint == Taint::Clean || v->obj) continue;
      bool checked = r.mask == bit(Family::Path) ||
                     (is(k + 1, ".") && check_method(sv(k + 2)) && is(k + 3, "(")) ||
                     (literal && (is(k + 1, "==") || is(k + 1, "===") || (k > b && (is(k - 1, "==") || is(k - 1, "===") ||
                                                                                    (is(k - 1, "(") && checked_by_call(b, k)))))) ||
                     (is(k + 1, ")") && k > b && (is(k - 1, "(") || is(k - 1, ",")) && checked_by_call(b, k)) ||
                     (python_ && (is(k + 1, "in") || (is(k + 1, "not") && is(k + 2, "in"))));
      if (checked) r.vars.emplace_back(sv(k));
    }
    return r;
  }

  // `not x.startswith(q) or not x.endswith(q) or q in x[1:-1]` (q a quote, in any order): true
  // unless x is exactly one q-quoted literal. Returns x.
  std::optional<std::string> quoted_literal_test(std::size_t b, std::size_t e) const {
    auto quote_of = [&](std::size_t k) -> char {
      if (k >= e || t_[k].kind != Token::String || t_[k].literal < 0) return 0;
      const StringLiteral& lit = sh_.lx.strings[static_cast<std::size_t>(t_[k].literal)];
      std::string_view c = text_.substr(lit.content_begin, lit.content_end - lit.content_begin);
      if (c.size() == 2 && c[0] == '\\') c.remove_prefix(1);
      return c.size() == 1 && (c[0] == '\'' || c[0] == '"') ? c[0] : 0;
    };
    std::vector<std::size_t> clauses;
    int depth = 0;
    for (std::size_t k = b; k < e; ++k) {
      if (is(k, "(") || is(k, "[") || is(k, "{")) ++depth;
      else if (is(k, ")") || is(k, "]") || is(k, "}")) --depth;
      else if (depth == 0 && ident(k) && is(k, "or")) clauses.push_back(k);
    }
    clauses.push_back(e);
    if (clauses.size() != 3) return std::nullopt;
    std::string var;
    char quote = 0;
    bool starts = false, ends = false, inner = false;
    std::size_t cb = b;
    for (std::size_t ce : clauses) {
      std::string_view v;
      char q = 0;
      if (ce - cb == 7 && is(cb, "not") && ident(cb + 1) && is(cb + 2, ".") && is(cb + 4, "(") && is(cb + 6, ")") &&
          (is(cb + 3, "startswith") || is(cb + 3, "endswith"))) {
        v = sv(cb + 1);
        q = quote_of(cb + 5);
        (is(cb + 3, "startswith") ? starts : ends) = true;
      } else if (ce - cb == 9 && is(cb + 1, "in") && ident(cb + 2) && is(cb + 3, "[") && is(cb + 4, "1") &&
                 is(cb + 5, ":") && is(cb + 6, "-") && is(cb + 7, "1") && is(cb + 8, "]")) {
        v = sv(cb + 2);
        q = quote_of(cb);
        inner = true;
      } else {
        return std::nullopt;
      }
      if (!q || (quote && q != quote) || (!var.empty() && v != var)) return std::nullopt;
      quote = q;
      var = std::string(v);
      cb = ce + 1;
    }
    if (!(starts && ends && inner)) return std::nullopt;
    return var;
  }

  // The last argument `x` of a call in a condition is checked only when that call is a membership
  // or format test (allowed.contains(x), in_array($x, $ok), re.fullmatch(p, x)); an argument of
  // any other call (`"k" in form.getlist(x)`, `len(x) > 0`) is used, not vetted.
  bool checked_by_call(std::size_t b, std::size_t k) const {
    int d = 0;
    for (std::size_t j = k; j > b; --j) {
      std::string_view w = sv(j - 1);
      if (w == ")" || w == "]") ++d;
      else if (w == "(" || w == "[") {
        if (d == 0) {
          if (w != "(" || j - 1 == b || !ident(j - 2)) return false;
          std::string_view callee = sv(j - 2);
          return callee == "contains" || callee == "containsKey" || callee == "has" || callee == "includes" ||
                 callee == "in_array" || callee == "matches" || callee == "fullmatch" || callee == "match" ||
                 callee == "isdigit" || callee == "isalnum" || callee == "isnumeric" || callee == "isalpha" ||
                 callee == "isDigit" || callee == "isLetterOrDigit" || callee == "containsValue" ||
                 callee == "equals" || callee == "equalsIgnoreCase" || callee == "array_key_exists" ||
                 callee == "isValid" || callee == "is_valid";
        }
        --d;
      }
    }
    return false;
  }

  // ---------- statements: assignment or expression ----------
  Value statement(std::size_t b, std::size_t e, int depth) {
    if (b >= e) return Value::unknown();
    if (depth > kMaxExprDepth) return Value::unknown();
    // Python `with x as y` header: bind y.
    if (python_ && is(b, "with")) {
      auto as_pos = split(b + 1, e, "as");
      for (std::size_t k = b + 1; k < e; ++k)
        if (is(k, "as") && ident(k + 1)) {
          std::size_t stop = k + 2;
          Value v = expr_range(b + 1, k, depth);
          set_var(std::string(sv(k + 1)), v);
          (void)stop;
          return v;
        }
      (void)as_pos;
      return expr_range(b + 1, e, depth);
    }
    // Find the assignment operator at depth 0.
    int d = 0;
    std::size_t op = e;
    for (std::size_t k = b; k < e; ++k) {
      std::string_view s = sv(k);
      if (t_[k].kind != Token::Punct) continue;
      if (s == "(" || s == "[" || s == "{") ++d;
      else if (s == ")" || s == "]" || s == "}") --d;
      else if (d == 0 && (s == "=" || s == "+=" || s == ".=" || s == ":=" || s == "-=" || s == "*=" ||
                          s == "/=" || s == "|=" || s == "&=" || s == "%=" || s == "//=" || s == "??")) {
        if (s == "??") continue;
        op = k;
        break;
      } else if (d == 0 && (s == "?" || s == "=>" || s == "->" || s == "lambda")) {
        break;  // a ternary or lambda before any '=': an expression
      }
    }
    if (op == e) return expr_range(b, e, depth);
    Value rhs = statement(op + 1, e, depth + 1);  // chained `a = b = c`
    assign(b, op, sv(op), std::move(rhs));
    return get_target_value(b, op);
  }

  Value get_target_value(std::size_t b, std::size_t op) {
    if (op > b && ident(op - 1)) {
      if (const Value* v = get_var(sv(op - 1))) return *v;
    }
    return Value::unknown();
  }

  static std::string_view kind_of_type(const LanguageTables& tables, std::string_view type) {
    for (const auto& k : tables.kinds)
      if (k.pattern == type) return k.kind;
    return {};
  }

  void assign(std::size_t b, std::size_t op, std::string_view op_text, Value v) {
    // Subscript target: x[k] = v
    if (op > b && is(op - 1, "]")) {
      std::size_t open = op - 1;
      int depth = 0;
      for (std::size_t k = op; k-- > b;) {
        std::string_view s = sv(k);
        if (s == "]") ++depth;
        else if (s == "[" && --depth == 0) {
          open = k;
          break;
        }
      }
      if (open > b) {
        Value key = expr_range(open + 1, op - 1, 1);
        std::string root;
        for (std::size_t k = b; k < open; ++k) root += sv(k);
        for (const auto& s : sh_.tables.assign_sinks) {
          if (chain_matches(root, s.root)) {
            check_sink(v, s.family, default_rule(s.family), t_[b].begin, t_[open].begin, false);
            check_sink(key, s.family, default_rule(s.family), t_[b].begin, t_[open].begin, false);
          }
        }
        Value* base = nullptr;
        if (open == b + 1 && ident(b)) {
          auto it = env_.vars.find(std::string(sv(b)));
          if (it != env_.vars.end()) base = &it->second;
        }
        if (base) {
          if (!base->obj) base->obj = std::make_shared<Container>();
          store(*base->obj, key, v, op_text);
        }
        return;
      }
    }
    // Several targets: a, b = ... (each gets the whole value's taint). In C-family declarations a
    // comma belongs to generic arguments (Map<String, Object> m) or declarators (int a, b = 1).
    auto commas = python_ || sh_.lang == Language::Go ? split(b, op, ",") : std::vector<std::size_t>{};
    if (!commas.empty()) {
      std::size_t part = b;
      commas.push_back(op);
      for (std::size_t c : commas) {
        if (c > part && ident(c - 1)) set_var(std::string(sv(c - 1)), flatten(v));
        part = c + 1;
      }
      return;
    }
    if (op == b) return;
    // Dotted target: this.x / self.x / obj.attr
    std::string name;
    std::size_t last = op - 1;
    if (!ident(last)) {
      // Python annotation `x: int = ...`
      if (python_) {
        auto colon = split(b, op, ":");
        if (!colon.empty() && colon.front() > b && ident(colon.front() - 1)) last = colon.front() - 1;
        else return;
      } else {
        return;
      }
    }
    if (last >= b + 2 && is(last - 1, ".")) {
      std::size_t k = last;
      while (k >= b + 2 && is(k - 1, ".") && ident(k - 2)) k -= 2;
      for (std::size_t j = k; j <= last; ++j) name += sv(j);
      // req.session.user = v: a store into a sink object
      std::string owner = name.substr(0, name.rfind('.'));
      for (const auto& s : sh_.tables.assign_sinks)
        if (chain_matches(owner, s.root)) check_sink(v, s.family, default_rule(s.family), t_[k].begin, t_[last].end, false);
      if (name.rfind("self.", 0) == 0) name = "this." + name.substr(5);
    } else {
      name = std::string(sv(last));
    }
    if (op_text != "=" && op_text != ":=") {
      const Value* old = get_var(name);
      Value prev = old ? *old : Value::unknown();
      if (op_text == "+=" || op_text == ".=") v = concat(prev, v);
      else if (op_text == "-=" && prev.num && v.num) v = Value::of_num(*prev.num - *v.num);
      else if (op_text == "*=" && prev.num && v.num) v = Value::of_num(*prev.num * *v.num);
      else v = combine(prev, v), v.dynamic = prev.dynamic;
    } else if (last > b && (ident(last - 1) || is(last - 1, ">") || is(last - 1, "]"))) {
      // A declaration `Type name = ...`: the declared type may give the object a kind.
      for (std::size_t k = b; k < last; ++k)
        if (ident(k)) {
          if (auto kind = kind_of_type(sh_.tables, sv(k)); !kind.empty()) v.kind = kind;
        }
    }
    add_step(v, t_[last].begin, "assigned to " + name);
    set_var(name, std::move(v));
  }

  void store(Container& c, const Value& key, const Value& v, std::string_view op_text) {
    Value item = flatten(v);
    if (key.num && *key.num >= 0 && static_cast<std::size_t>(*key.num) < c.items.size()) {
      c.items[static_cast<std::size_t>(*key.num)] = op_text == "=" ? item : concat(c.items[*key.num], item);
      return;
    }
    if (auto k = as_text(key); k && c.keyed.size() < kMaxVars) {
      if (op_text == "=") c.keyed[*k] = item;
      else c.keyed[*k] = concat(c.keyed.count(*k) ? c.keyed[*k] : Value::unknown(), item);
      return;
    }
    c.any = std::make_shared<Value>(c.any ? join(*c.any, item) : item);
  }

  // ---------- expressions ----------
  Value expr_range(std::size_t b, std::size_t e, int depth) {
    if (b >= e) return Value::unknown();
    std::size_t i = b;
    Value v = expr(i, e, 0, depth);
    return v;
  }

  int binary_prec(std::size_t i) const {
    if (i >= t_.size()) return -1;
    std::string_view s = sv(i);
    if (python_) {
      if (s == "or") return 1;
      if (s == "and") return 2;
      if (s == "in" || s == "is" || s == "==" || s == "!=" || s == "<" || s == ">" || s == "<=" || s == ">=")
        return 4;
      if (s == "not" && is(i + 1, "in")) return 4;
      if (s == "|") return 5;
      if (s == "^") return 6;
      if (s == "&") return 7;
      if (s == "<<" || s == ">>") return 8;
      if (s == "+" || s == "-") return 9;
      if (s == "*" || s == "/" || s == "//" || s == "%" || s == "@") return 10;
      if (s == "**") return 12;
      return -1;
    }
    if (s == "||" || s == "??") return 1;
    if (s == "&&") return 2;
    if (s == "|") return 3;
    if (s == "^") return 4;
    if (s == "&") return 5;
    if (s == "==" || s == "!=" || s == "===" || s == "!==") return 6;
    if (s == "<" || s == ">" || s == "<=" || s == ">=" || s == "instanceof") return 7;
    if (s == "<<" || s == ">>") return 8;
    if (s == "+" || s == "-") return 9;
    if (s == "*" || s == "/" || s == "%") return 10;
    return -1;
  }

  Value expr(std::size_t& i, std::size_t end, int min_prec, int depth) {
    if (depth > kMaxExprDepth) {
      i = end;
      return Value::unknown();
    }
    Value left = unary(i, end, depth + 1);
    for (;;) {
      if (i >= end) break;
      int p = binary_prec(i);
      if (p < 0 || p < min_prec) break;
      std::string op(sv(i));
      ++i;
      if (op == "not" || (op == "is" && is(i, "not"))) ++i;
      // `a or b` / `a && b`: evaluate the right side as its own expression.
      Value right = expr(i, end, p + 1, depth + 1);
      left = binary(op, left, right);
    }
    if (min_prec == 0 && i < end) {
      if (!python_ && is(i, "?")) {
        ++i;
        Value a = expr(i, end, 0, depth + 1);
        if (is(i, ":")) ++i;
        Value b = expr(i, end, 0, depth + 1);
        auto c = truthy(left);
        return c ? (*c ? a : b) : join(a, b);
      }
      if (python_ && is(i, "if")) {
        ++i;
        Value c = expr(i, end, 1, depth + 1);
        if (is(i, "else")) ++i;
        Value other = expr(i, end, 0, depth + 1);
        auto k = truthy(c);
        return k ? (*k ? left : other) : join(left, other);
      }
    }
    return left;
  }

  Value concat(const Value& a, const Value& b) {
    auto ta = as_text(a), tb = as_text(b);
    if (ta && tb && (a.str || b.str)) {
      Value v = Value::of_string(*ta + *tb);
      return v;
    }
    Value v = combine(a, b);
    v.kind = a.kind;  // a builder stays a builder
    return v;
  }

  Value binary(const std::string& op, const Value& a, const Value& b) {
    if (op == "+" || op == ".") {
      if (a.num && b.num && op == "+") return Value::of_num(*a.num + *b.num);
      return concat(a, b);
    }
    if (op == "-" || op == "*" || op == "/" || op == "//" || op == "%" || op == "<<" || op == ">>" || op == "&" ||
        op == "|" || op == "^" || op == "**") {
      if (a.num && b.num) {
        long long x = *a.num, y = *b.num;
        if (op == "-") return Value::of_num(x - y);
        if (op == "*") return Value::of_num(x * y);
        if ((op == "/" || op == "//") && y != 0) return Value::of_num(x / y);
        if (op == "%" && y != 0) return Value::of_num(x % y);
        if (op == "&") return Value::of_num(x & y);
        if (op == "|") return Value::of_num(x | y);
        if (op == "^") return Value::of_num(x ^ y);
        return Value::clean();
      }
      // pathlib: base / name joins paths, so the name's taint reaches the result
      if (op == "/" && python_ && !a.num && !b.num && (a.taint != Taint::Clean || b.taint != Taint::Clean ||
                                                      a.kind == "Path")) {
        Value v = combine(a, b);
        v.kind = "Path";  // str / str is a TypeError: a division of text is a pathlib join
        return v;
      }
      if (op == "%" && (a.str || a.taint != Taint::Clean) && !a.num) {
        Value v = combine(a, element_join(b));  // "..." % (x, y) formats
        return v;
      }
      if (op == "|" && (a.obj || b.obj)) return join(a, b);  // dict union
      if (op == "*" && a.obj) return a;                        // list repetition
      return Value::clean();                                   // arithmetic: a number
    }
    // Python, JavaScript and Ruby `a || b` / `a or b` yield an operand; C-family ones a boolean.
    const bool operand_logic = python_ || sh_.lang == Language::JavaScript || sh_.lang == Language::TypeScript ||
                               sh_.lang == Language::Ruby;
    if (op == "&&" || op == "and") {
      auto x = truthy(a), y = truthy(b);
      if (x && !*x) return operand_logic ? a : Value::of_bool(false);
      if (x && *x) return operand_logic ? b : (y ? Value::of_bool(*y) : Value::clean());
      if (!operand_logic) return (y && !*y) ? Value::of_bool(false) : Value::clean();
      return join(a, b);
    }
    if (op == "||" || op == "or" || op == "??") {
      auto x = truthy(a), y = truthy(b);
      if (op == "??") return a.taint == Taint::Clean && a.constant() ? a : join(a, b);
      if (x && *x) return operand_logic ? a : Value::of_bool(true);
      if (x && !*x) return operand_logic ? b : (y ? Value::of_bool(*y) : Value::clean());
      if (!operand_logic) return (y && *y) ? Value::of_bool(true) : Value::clean();
      return join(a, b);
    }
    // comparisons
    auto ta = as_text(a), tb = as_text(b);
    if (ta && tb) {
      if (op == "==" || op == "===" || op == "is") return Value::of_bool(*ta == *tb);
      if (op == "!=" || op == "!==") return Value::of_bool(*ta != *tb);
      if (a.num && b.num) {
        if (op == "<") return Value::of_bool(*a.num < *b.num);
        if (op == ">") return Value::of_bool(*a.num > *b.num);
        if (op == "<=") return Value::of_bool(*a.num <= *b.num);
        if (op == ">=") return Value::of_bool(*a.num >= *b.num);
      }
      if (op == "in" && a.str && b.str) return Value::of_bool(b.str->find(*a.str) != std::string::npos);
    }
    return Value::clean();
  }

  Value unary(std::size_t& i, std::size_t end, int depth) {
    if (i >= end) return Value::unknown();
    std::string_view s = sv(i);
    if (t_[i].kind == Token::Punct && (s == "!" || s == "-" || s == "+" || s == "~" || s == "++" || s == "--" ||
                                       s == "*" || s == "**" || s == "&" || s == "...")) {
      ++i;
      Value v = unary(i, end, depth + 1);
      if (s == "!") {
        auto k = truthy(v);
        return k ? Value::of_bool(!*k) : Value::clean();
      }
      if (s == "-") return v.num ? Value::of_num(-*v.num) : Value::clean();
      if (s == "+" || s == "~" || s == "++" || s == "--") return v.num ? v : Value::clean();
      return v;  // splats and address-of keep the value
    }
    if (python_ && s == "not") {
      ++i;
      Value v = expr(i, end, 3, depth + 1);
      auto k = truthy(v);
      return k ? Value::of_bool(!*k) : Value::clean();
    }
    if (s == "await" || s == "yield" || s == "typeof" || s == "void" || s == "delete" || s == "final") {
      ++i;
      if (s == "typeof") {
        unary(i, end, depth + 1);
        return Value::clean();
      }
      return unary(i, end, depth + 1);
    }
    if (s == "lambda") {  // a function value: nothing flows until it is called
      skip_to_expression_end(i, end);
      return Value::unknown();
    }
    return postfix(i, end, depth);
  }

  void skip_to_expression_end(std::size_t& i, std::size_t end) {
    int d = 0;
    while (i < end) {
      std::string_view s = sv(i);
      if (s == "(" || s == "[" || s == "{") ++d;
      else if (s == ")" || s == "]" || s == "}") {
        if (d == 0) return;
        --d;
      } else if (d == 0 && (s == "," || s == ";")) {
        return;
      }
      ++i;
    }
  }

  static std::optional<long long> parse_int(std::string_view s) {
    while (!s.empty() && (s.back() == 'L' || s.back() == 'l' || s.back() == 'u' || s.back() == 'U')) s.remove_suffix(1);
    std::string digits;
    for (char c : s)
      if (c != '_') digits.push_back(c);
    long long v = 0;
    int base = 10;
    std::string_view d = digits;
    if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) base = 16, d.remove_prefix(2);
    auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), v, base);
    if (ec != std::errc() || p != d.data() + d.size()) return std::nullopt;
    return v;
  }

  Value string_literal(std::size_t& i, std::size_t end) {
    Value v = Value::of_string("");
    bool first = true;
    while (i < end && t_[i].kind == Token::String) {
      const StringLiteral& lit = sh_.lx.strings[static_cast<std::size_t>(t_[i].literal)];
      Value part;
      if (lit.interpolated && python_ && fstring_depth_ < 4) {
        part = fstring(lit);
      } else if (lit.interpolated) {
        part = Value::clean();
        bool any_part = false;
        for (std::size_t k = lit.content_begin; k < lit.content_end && k < code_.size();) {
          char c = code_[k];
          if (!(is_ident_char(c) || c == '$') || (c >= '0' && c <= '9')) {
            ++k;
            continue;
          }
          std::size_t s = k;
          ++k;
          while (k < lit.content_end && is_ident_char(code_[k])) ++k;
          if (s > 0 && code_[s - 1] == '.') continue;
          std::string_view name = code_.substr(s, k - s);
          if (const Value* var = get_var(name)) {
            part = any_part ? combine(part, *var) : combine(Value::clean(), *var);
            any_part = true;
          } else if (name == "request" || name == "params") {
            part = combine(part, Value::unknown());
            any_part = true;
          }
        }
        if (any_part) part.dynamic = part.taint != Taint::Clean;
      } else if (lit.kind == '/') {
        part = Value::clean();
      } else {
        part = Value::of_string(std::string(text_.substr(lit.content_begin, lit.content_end - lit.content_begin)));
      }
      v = first ? part : concat(v, part);
      first = false;
      ++i;
      if (!python_) break;  // adjacent literals concatenate only in Python (and C, handled as one view)
    }
    return v;
  }

  // A Python f-string: each replacement field is an expression of its own (calls, subscripts,
  // escapers), evaluated in this environment; the result combines them.
  Value fstring(const StringLiteral& lit) {
    Value part = Value::clean();
    bool any = false;
    const std::size_t end = std::min(lit.content_end, code_.size());
    for (std::size_t k = lit.content_begin; k < end;) {
      if (text_[k] != '{') {
        ++k;
        continue;
      }
      if (k + 1 < end && text_[k + 1] == '{') {  // {{ is a literal brace
        k += 2;
        continue;
      }
      std::size_t b = k + 1, j = b, stop = 0;
      int d = 0;
      for (; j < end; ++j) {
        char x = code_[j];
        if (x == '(' || x == '[' || x == '{') ++d;
        else if (x == ')' || x == ']') --d;
        else if (x == '}') {
          if (d == 0) break;
          --d;
        } else if (d == 0 && !stop && ((x == ':' && (j + 1 >= end || code_[j + 1] != '=')) ||
                                       (x == '!' && j + 1 < end && code_[j + 1] != '=')))
          stop = j;  // conversion (!r) or format spec (:>10)
      }
      if (j >= end) break;
      std::size_t e = stop ? stop : j;
      while (e > b && (code_[e - 1] == ' ' || code_[e - 1] == '=')) --e;  // f'{x=}' debugging form
      k = j + 1;
      FunctionModel sub;
      sub.toks = tokenize(sh_.lx, b, e, 4096);
      sub.parsed = true;
      if (sub.toks.empty()) continue;
      Interp child(sh_, sub);
      child.fstring_depth_ = fstring_depth_ + 1;
      child.env_ = std::move(env_);
      Value v = child.expr_range(0, sub.toks.size(), 1);
      env_ = std::move(child.env_);
      part = any ? combine(part, v) : combine(Value::clean(), v);
      any = true;
    }
    if (any) part.dynamic = part.taint != Taint::Clean;
    return part;
  }

  bool looks_like_cast(std::size_t i, std::size_t end) const {
    if (python_ || !(sh_.lang == Language::Java || sh_.lang == Language::CSharp || sh_.lang == Language::C ||
                     sh_.lang == Language::Cpp))
      return false;
    std::size_t k = i + 1;
    if (!ident(k)) return false;
    while (ident(k) || is(k, ".") || is(k, "[") || is(k, "]") || is(k, "<") || is(k, ">") || is(k, "*") ||
           is(k, ","))
      ++k;
    if (!is(k, ")") || k + 1 >= end) return false;
    const Token& n = t_[k + 1];
    if (n.kind == Token::Ident) {
      std::string_view w = sv(k + 1);
      return w != "instanceof";
    }
    return n.kind == Token::String || n.kind == Token::Number || is(k + 1, "(");
  }

  // A container literal: [a, b], {k: v}, {a, b} (Java array initializer).
  Value container_literal(std::size_t& i, std::size_t end, int depth) {
    std::size_t close = match(i, end);
    std::size_t b = i + 1;
    i = std::min(close + 1, end);
    auto c = std::make_shared<Container>();
    Value v = Value::clean();
    // Comprehension: [expr for x in coll if ...]
    for (std::size_t k = b; k < close; ++k) {
      if (is(k, "for") && python_) {
        std::size_t in = k;
        while (in < close && !is(in, "in")) ++in;
        std::size_t stop = in + 1;
        int d = 0;
        while (stop < close) {
          std::string_view s = sv(stop);
          if (s == "(" || s == "[" || s == "{") ++d;
          else if (s == ")" || s == "]" || s == "}") --d;
          else if (d == 0 && (s == "if" || s == "for")) break;
          ++stop;
        }
        Value coll = expr_range(in + 1, stop, depth + 1);
        Value e = element_join(coll);
        e.obj.reset();
        e.str.reset();
        c->any = std::make_shared<Value>(e);
        v.obj = c;
        return v;
      }
    }
    auto commas = split(b, close, ",");
    commas.push_back(close);
    std::size_t part = b;
    for (std::size_t cpos : commas) {
      if (cpos > part) {
        auto colon = split(part, cpos, ":");
        if (!colon.empty()) {
          Value key = expr_range(part, colon.front(), depth + 1);
          Value val = expr_range(colon.front() + 1, cpos, depth + 1);
          store(*c, key, val, "=");
        } else if (c->items.size() < kMaxVars) {
          c->items.push_back(flatten(expr_range(part, cpos, depth + 1)));
        }
      }
      part = cpos + 1;
    }
    v.obj = c;
    return v;
  }

  Value primary(std::size_t& i, std::size_t end, int depth, Ref& ref) {
    const Token& t = t_[i];
    std::string_view s = sv(i);
    if (t.kind == Token::Number) {
      ++i;
      if (auto n = parse_int(s)) return Value::of_num(*n);
      return Value::clean();
    }
    if (t.kind == Token::String) return string_literal(i, end);
    if (t.kind == Token::Punct) {
      if (s == "(") {
        if (looks_like_cast(i, end)) {
          i = match(i, end) + 1;
          return unary(i, end, depth + 1);
        }
        std::size_t close = match(i, end);
        std::size_t b = i + 1;
        i = std::min(close + 1, end);
        if (is(i, "->") || is(i, "=>")) {  // a lambda
          skip_to_expression_end(i, end);
          return Value::unknown();
        }
        auto commas = split(b, close, ",");
        if (python_ && !commas.empty()) {  // a tuple
          std::size_t save = i;
          i = b - 1;
          Value tuple = container_literal(i, end, depth);
          i = save;
          return tuple;
        }
        return statement(b, close, depth + 1);
      }
      if (s == "[" && sh_.lang == Language::Go && is(i + 1, "]") && ident(i + 2)) {
        i += 2;  // []byte(x), []string{...}: a conversion or a composite literal of that type
        if (is(i + 1, "{")) {
          ++i;
          return container_literal(i, end, depth);
        }
        return postfix(i, end, depth);
      }
      if (s == "[" || s == "{") return container_literal(i, end, depth);
      ++i;
      return Value::unknown();
    }
    // identifiers
    if (s == "true" || s == "True") return ++i, Value::of_bool(true);
    if (s == "false" || s == "False") return ++i, Value::of_bool(false);
    if (s == "null" || s == "None" || s == "nil" || s == "undefined" || s == "NULL" || s == "nullptr")
      return ++i, Value::clean();
    if (s == "new") return construct(i, end, depth, ref);
    ++i;
    if (s == "this" || s == "self") {
      ref.chain = "this";
      ref.global = true;
      return Value::unknown();
    }
    ref.chain = std::string(s);
    if (const Value* v = get_var(s)) {
      ref.var = std::string(s);
      return *v;
    }
    ref.global = true;
    if (auto v = attribute_source(ref.chain, t.begin, t.end)) return *v;
    // A class or module name is not data; other unknown names are globals of unknown value.
    bool capital = !s.empty() && s[0] >= 'A' && s[0] <= 'Z';
    return capital ? Value::clean() : Value::unknown();
  }

  template <class Entry>
  static const std::vector<const Entry*>& candidates(
      const std::unordered_map<std::string_view, std::vector<const Entry*>>& index, std::string_view chain) {
    static const std::vector<const Entry*> kNone;
    auto it = index.find(TableIndex::last_segment(chain));
    return it == index.end() ? kNone : it->second;
  }

  std::optional<Value> attribute_source(const std::string& chain, std::size_t b, std::size_t e) {
    // In a handler bound only to fixed Flask rules the path is one the server chose, not the client.
    if (python_ && fn_.fixed_route && chain_matches(chain, "request.path")) return Value::clean();
    for (const SourceEntry* p : candidates(sh_.index.sources, chain)) {
      const SourceEntry& src = *p;
      if (!src.attribute || !chain_matches(chain, src.pattern)) continue;
      Value v = Value::unknown();
      v.taint = Taint::Tainted;
      v.dynamic = true;
      v.remote = !src.local;
      add_step(v, b, "comes from " + one_line(text_.substr(b, e - b), 60));
      return v;
    }
    return std::nullopt;
  }

  Value construct(std::size_t& i, std::size_t end, int depth, Ref& ref) {
    std::size_t start = i;
    ++i;  // new
    std::string type;
    while (i < end && (ident(i) || is(i, "."))) {
      if (ident(i)) type = std::string(sv(i));
      ++i;
    }
    if (is(i, "<")) {  // generic arguments
      int d = 0;
      while (i < end) {
        if (is(i, "<")) ++d;
        else if (is(i, ">")) {
          if (--d == 0) {
            ++i;
            break;
          }
        } else if (is(i, ">>")) {
          d -= 2;
          if (d <= 0) {
            ++i;
            break;
          }
        }
        ++i;
      }
    }
    ref.chain = "new " + type;
    ref.global = false;
    if (is(i, "[")) {  // new T[n] or new T[]{...}
      while (is(i, "[")) i = std::min(match(i, end) + 1, end);
      if (is(i, "{")) return container_literal(i, end, depth);
      Value v = Value::clean();
      v.obj = std::make_shared<Container>();
      return v;
    }
    if (!is(i, "(")) return Value::unknown();
    Value receiver = Value::clean();
    Value v = call(ref, receiver, "", start, i, end, depth);
    // An anonymous class body follows: skip it.
    if (is(i, "{")) i = std::min(match(i, end) + 1, end);
    return v;
  }

  Value postfix(std::size_t& i, std::size_t end, int depth) {
    Ref ref;
    std::size_t start = i;
    Value cur = primary(i, end, depth, ref);
    // A bare name called: foo(...)
    while (i < end) {
      std::string_view s = sv(i);
      if ((s == "." || s == "?." || s == "->" || s == "::") && ident(i + 1) && !(s == "->" && python_)) {
        std::string_view name = sv(i + 1);
        std::size_t name_tok = i + 1;
        i += 2;
        if (is(i, "(")) {
          cur = call(ref, cur, name, start, i, end, depth);
          if (canonicalizing(name)) cur.canonical = true;
          (void)name_tok;
          continue;
        }
        std::string chain = ref.chain.empty() ? std::string(name) : ref.chain + "." + std::string(name);
        bool was_global = ref.global;
        ref.chain = chain;
        std::string key = chain.rfind("self.", 0) == 0 ? "this." + chain.substr(5) : chain;
        if (const Value* v = get_var(key)) {
          cur = *v;
          ref.var = key;
          ref.global = false;
          continue;
        }
        ref.var.clear();
        if (auto src = attribute_source(chain, t_[start].begin, t_[name_tok].end)) {
          cur = *src;
          ref.global = false;
          continue;
        }
        if (was_global) {
          bool capital = name[0] >= 'A' && name[0] <= 'Z';
          cur = capital ? Value::clean() : Value::unknown();
          for (const KindEntry* k : candidates(sh_.index.kinds, chain))
            if (chain_matches(chain, k->pattern)) cur.kind = k->kind;
        } else {
          Value field = flatten(cur);
          field.str.reset();
          field.num.reset();
          field.boolean.reset();
          field.kind = {};
          if (field.taint == Taint::Clean) field.taint = Taint::Unknown;
          cur = field;
        }
        continue;
      }
      if (s == "(" && i > start && ref.var.empty()) {
        // Called by bare name (or a member without a dot before the paren).
        std::string chain = ref.chain;
        std::string name;
        auto dot = chain.rfind('.');
        if (dot == std::string::npos) {
          name = chain;
          ref.chain.clear();
        } else {
          name = chain.substr(dot + 1);
          ref.chain = chain.substr(0, dot);
        }
        Value receiver = Value::clean();
        std::string owned = name;
        cur = call(ref, receiver, owned, start, i, end, depth);
        if (canonicalizing(owned)) cur.canonical = true;
        continue;
      }
      if (s == "(") {  // calling a value (a function variable)
        std::size_t close = match(i, end);
        for (std::size_t k = i + 1; k < close;) {
          std::size_t save = k;
          expr(k, close, 0, depth + 1);
          if (k == save) ++k;
          if (is(k, ",")) ++k;
        }
        i = std::min(close + 1, end);
        cur = Value::unknown();
        continue;
      }
      if (s == "[") {
        std::size_t close = match(i, end);
        Value idx = expr_range(i + 1, close, depth + 1);
        bool slice = !split(i + 1, close, ":").empty();
        i = std::min(close + 1, end);
        cur = subscript(cur, idx, slice);
        ref.var.clear();
        ref.global = false;
        continue;
      }
      if (s == "++" || s == "--" || s == "!") {  // postfix increment, Kotlin/TS non-null
        ++i;
        continue;
      }
      break;
    }
    return cur;
  }

  Value subscript(const Value& base, const Value& idx, bool slice) {
    if (base.obj && !slice) {
      const Container& c = *base.obj;
      if (idx.num && *idx.num >= 0 && static_cast<std::size_t>(*idx.num) < c.items.size())
        return c.items[static_cast<std::size_t>(*idx.num)];
      if (idx.num && *idx.num < 0 && static_cast<std::size_t>(-*idx.num) <= c.items.size())
        return c.items[c.items.size() - static_cast<std::size_t>(-*idx.num)];
      if (auto k = as_text(idx); k && !c.items.empty() == false) {
        auto it = c.keyed.find(*k);
        if (it != c.keyed.end()) return it->second;
        if (c.any) return *c.any;
        return Value::clean();
      }
      return element_join(base);
    }
    if (base.str && idx.num && !slice) {
      long long n = *idx.num;
      long long len = static_cast<long long>(base.str->size());
      if (n < 0) n += len;
      if (n >= 0 && n < len) return Value::of_string(base.str->substr(static_cast<std::size_t>(n), 1));
    }
    Value v = flatten(base);
    v.str.reset();
    v.num.reset();
    v.boolean.reset();
    v.kind = {};
    return v;
  }

  std::vector<Arg> arguments(std::size_t& i, std::size_t end, int depth) {
    std::vector<Arg> out;
    std::size_t close = match(i, end);
    std::size_t b = i + 1;
    auto commas = split(b, close, ",");
    commas.push_back(close);
    std::size_t part = b;
    for (std::size_t c : commas) {
      if (c > part) {
        Arg a;
        std::size_t vb = part;
        if (ident(part) && is(part + 1, "=") && python_) {
          a.keyword = sv(part);
          vb = part + 2;
        }
        while (vb < c && (is(vb, "*") || is(vb, "**"))) ++vb;
        a.tb = vb;
        a.te = c;
        a.value = statement(vb, c, depth + 1);
        out.push_back(std::move(a));
      }
      part = c + 1;
    }
    i = std::min(close + 1, end);
    return out;
  }

  bool matches(const std::string& full, std::string_view kind_chain, std::string_view pattern) const {
    return chain_matches(full, pattern) || (!kind_chain.empty() && chain_matches(kind_chain, pattern));
  }

  int find_function(std::string_view name) const {
    auto it = sh_.function_index.find(name);
    return it == sh_.function_index.end() ? -1 : it->second;
  }

  Value call(Ref& ref, Value& receiver, std::string_view name_in, std::size_t start, std::size_t& i, std::size_t end,
             int depth) {
    std::string name(name_in);
    std::size_t name_begin = i > 0 ? t_[i - 1].begin : t_[start].begin;
    std::size_t name_end = i > 0 ? t_[i - 1].end : t_[start].end;
    std::vector<Arg> args = arguments(i, end, depth);
    const std::string full = name.empty() ? ref.chain : (ref.chain.empty() ? name : ref.chain + "." + name);
    std::string kind_chain;
    if (!receiver.kind.empty() && !name.empty()) kind_chain = std::string(receiver.kind) + "." + name;
    const bool receiver_is_value = !ref.global && !name.empty();
    ref.chain = full;
    std::string var = ref.var;
    ref.var.clear();
    ref.global = false;

    // Sources
    for (const SourceEntry* p : candidates(sh_.index.sources, full)) {
      const SourceEntry& src = *p;
      if (!matches(full, kind_chain, src.pattern)) continue;
      Value v = Value::unknown();
      v.taint = Taint::Tainted;
      v.dynamic = true;
      v.remote = !src.local;
      add_step(v, t_[start].begin, "comes from " + one_line(source_text(start, i), 60));
      return v;
    }
    // A view of the request made by a helper whose body is not in this file (see `wraps_request`):
    // whatever its methods hand back was read from the request.
    if (receiver_is_value && receiver.kind == kRequestView) {
      // ...except what a method that says so (get_safe_value, safe_param) hands back.
      std::string low = name;
      for (auto& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (low.find("safe") != std::string::npos && low.find("unsafe") == std::string::npos) return Value::clean();
      Value v = Value::unknown();
      v.taint = Taint::Tainted;
      v.dynamic = true;
      v.remote = true;
      add_step(v, t_[start].begin, "comes from " + one_line(source_text(start, i), 60));
      return v;
    }
    // Sanitizers (the most specific pattern wins: mysql.escape over escape)
    const SanitizerEntry* best_san = nullptr;
    for (const SanitizerEntry* san : candidates(sh_.index.sanitizers, full))
      if (matches(full, kind_chain, san->pattern) && (!best_san || san->pattern.size() > best_san->pattern.size()))
        best_san = san;
    // A helper whose body is not here, named for HTML escaping (escape_html, html_escape,
    // escape_for_html): taken at its word for markup, as the library escapers are.
    static constexpr SanitizerEntry kHtmlEscaper{"", bit(Family::Xss)};
    if (!best_san && python_ && escapes_html_by_name(name.empty() ? std::string_view(full) : std::string_view(name)))
      best_san = &kHtmlEscaper;
    if (best_san) {
      const SanitizerEntry& san = *best_san;
      if (san.families == kAllFamilies) return Value::clean();
      // The data is whichever argument carries it (ESAPI takes a codec first).
      Value v = args.empty() ? flatten(receiver) : Value::clean();
      for (const auto& a : args)
        if (a.keyword.empty()) v = combine(v, flatten(a.value));
      v.sanitized |= san.families;
      v.str.reset();
      return v;
    }
    // Sinks (the most specific pattern wins)
    const SinkEntry* best_sink = nullptr;
    for (const SinkEntry* sink : candidates(sh_.index.sinks, full))
      if (matches(full, kind_chain, sink->pattern) && (!best_sink || sink->pattern.size() > best_sink->pattern.size()))
        best_sink = sink;
    // ldap3's Connection.search(base, filter, ...) on a connection the tables cannot type (one
    // returned by a helper): a `search` method with a base and a filter in a module that uses ldap3,
    // or with ldap3's own keywords.
    static constexpr SinkEntry kLdapSearch{"search", Family::Ldap, 1};
    if (!best_sink && python_ && name == "search" && receiver_is_value && ldap_search_call(args)) best_sink = &kLdapSearch;
    if (python_) check_regex_use(name, full, receiver, receiver_is_value, args, name_begin, name_end);
    if (best_sink) {
      std::string_view rule = best_sink->rule.empty() ? default_rule(best_sink->family) : best_sink->rule;
      check_call_sink(*best_sink, rule, receiver, args, name_begin, name_end);
    }
    // Functions of this file
    if (!name.empty() || ref.chain.find('.') == std::string::npos) {
      std::string_view callee = name.empty() ? std::string_view(full) : std::string_view(name);
      // Methods of containers and typed objects are library methods even when a local function shares the name.
      bool self_call = !receiver_is_value || (receiver.kind.empty() && !receiver.obj);
      // Followed only when tainted data goes in: the callee is analysed on its own for everything else.
      bool tainted_in = false;
      for (const auto& a : args) tainted_in = tainted_in || a.value.taint == Taint::Tainted;
      int index = self_call && tainted_in ? find_function(callee) : -1;
      if (index >= 0 && tainted_in && !name.empty() && sh_.stack.size() < kMaxInlineDepth &&
          std::find(sh_.stack.begin(), sh_.stack.end(), index) == sh_.stack.end()) {
        std::vector<Value> values;
        for (auto& a : args) values.push_back(a.value);
        Value v = interpret(sh_, index, values, full.find('.') != std::string::npos);
        add_step(v, name_begin, "returned by " + std::string(callee) + "()");
        return v;
      }
    }
    // Kinds given by the call (getWriter() -> PrintWriter)
    std::string_view result_kind;
    if (wraps_request(name.empty() ? std::string_view(full) : std::string_view(name), args)) result_kind = kRequestView;
    if (python_ && chain_matches(full, "re.compile") && !args.empty() && args[0].value.str &&
        backtracks(*args[0].value.str))
      result_kind = kBacktrackingRegex;
    for (const KindEntry* k : candidates(sh_.index.kinds, full))
      if (matches(full, kind_chain, k->pattern)) result_kind = k->kind;
    const bool builder = receiver.kind == "StringBuilder";
    Value v = semantics(name, full, receiver, receiver_is_value, var, args, depth);
    if (!result_kind.empty()) v.kind = result_kind;
    if (builder && v.kind == "StringBuilder") ref.var = var;  // sb.append(a).append(b) keeps updating sb
    return v;
  }

  // The request object itself (the root the remote sources are read from, `request` in
  // request.args) handed to a function whose body is not in this file: the result is taken to be a
  // wrapper around the request (a helper that reads parameters for the caller), not clean data.
  // Python `re`: a pattern with nested unbounded repetition matched against untrusted text, either
  // as re.match(pattern, text) or through a compiled pattern (see backtracks).
  void check_regex_use(std::string_view name, const std::string& full, const Value& receiver, bool receiver_is_value,
                       const std::vector<Arg>& args, std::size_t b, std::size_t e) {
    static constexpr std::string_view kUses[] = {"match", "search", "fullmatch", "findall", "finditer", "split", "sub", "subn"};
    if (std::find(std::begin(kUses), std::end(kUses), name) == std::end(kUses)) return;
    std::size_t data = name == "sub" || name == "subn" ? 1 : 0;
    if (receiver_is_value && receiver.kind == kBacktrackingRegex) {
      // compiled.match(text)
    } else if (chain_matches(full, "re." + std::string(name)) && !args.empty() && args[0].value.str &&
               backtracks(*args[0].value.str)) {
      ++data;  // re.match(pattern, text)
    } else {
      return;
    }
    if (data < args.size() && args[data].keyword.empty())
      check_sink(flatten(args[data].value), Family::Redos, default_rule(Family::Redos), b, e, false);
  }

  // A group that contains an unbounded quantifier and is itself repeated without bound - (a+)+,
  // ((x)*y)*, (\w+\s?){2,} - backtracks exponentially on a near-match.
  static bool backtracks(std::string_view re) {
    std::vector<bool> inner;  // per open group: it contains an unbounded repetition
    bool last_group_inner = false, last_was_group = false;
    for (std::size_t i = 0; i < re.size(); ++i) {
      char c = re[i];
      bool group_closed = false;
      if (c == '\\') {
        ++i;
      } else if (c == '[') {
        for (++i; i < re.size() && re[i] != ']'; ++i)
          if (re[i] == '\\') ++i;
      } else if (c == '(') {
        inner.push_back(false);
      } else if (c == ')') {
        if (!inner.empty()) {
          last_group_inner = inner.back();
          inner.pop_back();
          group_closed = true;
        }
      } else if (c == '*' || c == '+' || c == '{') {
        bool unbounded = c != '{';
        if (c == '{') {
          std::size_t close = re.find('}', i);
          if (close == std::string_view::npos) continue;
          std::string_view q = re.substr(i + 1, close - i - 1);
          unbounded = q.find(',') != std::string_view::npos && q.back() == ',';
          i = close;
        }
        if (unbounded) {
          if (last_was_group && last_group_inner) return true;
          if (!inner.empty()) inner.back() = true;
          // a repeated group marks its own enclosing group as repeating
        }
      }
      last_was_group = group_closed;
      if (group_closed && !inner.empty() && last_group_inner) inner.back() = true;
    }
    return false;
  }

  bool escapes_html_by_name(std::string_view callee) const {
    if (callee.empty() || find_function(callee) >= 0) return false;
    std::string low(callee);
    for (auto& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return low.find("escape") != std::string::npos && low.find("html") != std::string::npos &&
           low.find("unescape") == std::string::npos;
  }

  bool ldap_search_call(const std::vector<Arg>& args) const {
    int positional = 0;
    bool ldap_keyword = false;
    for (const auto& a : args) {
      if (a.keyword.empty()) ++positional;
      else if (a.keyword == "search_filter" || a.keyword == "search_scope" || a.keyword == "attributes" ||
               a.keyword == "paged_size" || a.keyword == "dereference_aliases")
        ldap_keyword = true;
    }
    if (positional < 2) return false;
    return ldap_keyword || sh_.text.find("ldap3") != std::string_view::npos;
  }

  bool wraps_request(std::string_view callee, const std::vector<Arg>& args) const {
    if (!python_ || find_function(callee) >= 0) return false;
    for (const auto& a : args) {
      if (a.te != a.tb + 1 || !ident(a.tb) || get_var(sv(a.tb))) continue;
      std::string_view root = sv(a.tb);
      for (const auto& src : sh_.tables.sources)
        if (!src.local && src.pattern.size() > root.size() && src.pattern.substr(0, root.size()) == root &&
            src.pattern[root.size()] == '.')
          return true;
    }
    return false;
  }

  void check_call_sink(const SinkEntry& sink, std::string_view rule, const Value& receiver, const std::vector<Arg>& args,
                       std::size_t b, std::size_t e) {
    auto kw = [&](std::string_view name) -> const Arg* {
      for (const auto& a : args)
        if (a.keyword == name) return &a;
      return nullptr;
    };
    std::vector<Arg> positional;
    for (const auto& a : args)
      if (a.keyword.empty()) positional.push_back(a);
    switch (sink.mode) {
      case SinkMode::Receiver: check_sink(receiver, sink.family, rule, b, e, unknown_counts(sink.family)); return;
      case SinkMode::UnsafeYaml: {
        const Arg* loader = kw("Loader");
        std::string_view lt = loader ? source_text(loader->tb, loader->te)
                                     : (positional.size() > 1 ? source_text(positional[1].tb, positional[1].te) : "");
        if (lt.find("Safe") != std::string_view::npos || lt.find("BaseLoader") != std::string_view::npos) {
          sh_.visited.emplace_back(sh_.lx.line_of(b), sink.family);
          return;
        }
        if (!positional.empty()) check_sink(positional[0].value, sink.family, rule, b, e, true);
        return;
      }
      case SinkMode::ShellFlag:
      case SinkMode::ShellArgs: {
        if (positional.empty()) return;
        const Arg* shell = kw("shell");
        bool shell_on = shell && truthy(shell->value).value_or(false);
        const Value& cmd = positional[0].value;
        if (sink.mode == SinkMode::ShellFlag && shell_on) {
          check_sink(flatten(cmd), sink.family, rule, b, e, true);
          return;
        }
        // ["sh", "-c", x] (or the same as separate arguments)
        std::vector<Value> items;
        if (sink.mode == SinkMode::ShellArgs) {
          // exec.Command("sh", "-c", x) or spawn("sh", ["-c", x])
          for (const auto& a : positional) {
            if (a.value.obj) items.insert(items.end(), a.value.obj->items.begin(), a.value.obj->items.end());
            else items.push_back(a.value);
          }
        } else if (cmd.obj) {
          items = cmd.obj->items;
        }
        if (items.size() >= 3 && items[0].str && is_shell(*items[0].str) && items[1].str &&
            (*items[1].str == "-c" || *items[1].str == "/c" || *items[1].str == "/C")) {
          Value rest = Value::clean();
          for (std::size_t k = 2; k < items.size(); ++k) rest = combine(rest, items[k]);
          check_sink(rest, sink.family, rule, b, e, true);
        } else {
          sh_.visited.emplace_back(sh_.lx.line_of(b), sink.family);
        }
        return;
      }
      case SinkMode::Args: break;
    }
    if (sink.arg < 0) {
      Value all = Value::clean();
      for (const auto& a : positional) all = combine(all, flatten(a.value));
      if (positional.empty()) all = Value::clean();
      // combine marks anything non-constant as dynamic; keep the parts' own flag instead
      bool dynamic = false;
      for (const auto& a : positional) dynamic = dynamic || a.value.dynamic;
      all.dynamic = dynamic;
      check_sink(all, sink.family, rule, b, e, sink.family == Family::Command && false);
      return;
    }
    if (static_cast<std::size_t>(sink.arg) < positional.size()) {
      Value v = flatten(positional[static_cast<std::size_t>(sink.arg)].value);
      v.dynamic = positional[static_cast<std::size_t>(sink.arg)].value.dynamic || v.dynamic;
      check_sink(v, sink.family, rule, b, e, unknown_counts(sink.family));
    } else {
      sh_.visited.emplace_back(sh_.lx.line_of(b), sink.family);
    }
  }

  // Deserializing or evaluating anything not known to be constant is worth a warning; a query or
  // command only when built at run time.
  static bool unknown_counts(Family f) { return f == Family::Deserialization || f == Family::Code; }

  // `unknown_counts`: a value of unknown origin is worth a warning even when not built here.
  void check_sink(const Value& v, Family family, std::string_view rule, std::size_t b, std::size_t e,
                  bool unknown_counts) {
    sh_.visited.emplace_back(sh_.lx.line_of(b), family);
    // Remote data (a request) in any sink is an error. Local data (argv, environment, stdin) comes
    // from whoever runs the program: a warning for the injection families, nothing for the web ones.
    const bool injection = is_old_family(family) || family == Family::Deserialization;
    Severity sev;
    if (v.remote_for(family)) {
      sev = Severity::Error;
    } else if (injection && (v.tainted_for(family) || (v.unknown_for(family) && (v.dynamic || unknown_counts)))) {
      sev = Severity::Warning;
    } else {
      return;
    }
    FlowFinding f;
    f.begin = b;
    f.end = e;
    f.family = family;
    f.rule = rule;
    f.severity = sev;
    if (v.taint == Taint::Tainted) {
      const bool has_source = v.path && !v.path->empty() && v.path->front().note.rfind("comes from ", 0) == 0;
      std::string from = has_source ? v.path->front().note.substr(11) : std::string("untrusted input");
      f.detail = (v.remote ? "Untrusted data from " : "Data from ") + from + " reaches this " + std::string(family_name(family));
      if (v.path) f.path = *v.path;
    } else {
      f.detail = std::string(family_name(family)) + " built from a value that is not known to be safe";
    }
    merge_finding(sh_.findings, std::move(f));
  }

  // What a call not named in the tables does: containers, builders, strings, or unknown.
  Value semantics(const std::string& name, const std::string& full, Value& receiver, bool receiver_is_value,
                  const std::string& var, const std::vector<Arg>& args, int depth) {
    (void)depth;
    auto arg = [&](std::size_t k) -> Value {
      return k < args.size() ? args[k].value : Value::unknown();
    };
    auto update_var = [&](const Value& v) {
      if (!var.empty()) set_var(var, v);
    };
    const bool is_builder = receiver.kind == "StringBuilder";
    // Constructors of containers and builders
    if (full.rfind("new ", 0) == 0) {
      std::string_view type = std::string_view(full).substr(4);
      if (type == "StringBuilder" || type == "StringBuffer" || type == "StringWriter") {
        Value v = args.empty() || args[0].value.num ? Value::of_string("") : flatten(args[0].value);
        v.kind = "StringBuilder";
        return v;
      }
      if (type.find("List") != std::string_view::npos || type.find("Map") != std::string_view::npos ||
          type.find("Set") != std::string_view::npos || type.find("Vector") != std::string_view::npos ||
          type.find("Deque") != std::string_view::npos || type.find("Queue") != std::string_view::npos ||
          type == "Properties" || type == "Stack" || type == "Hashtable") {
        Value v = Value::clean();
        v.obj = std::make_shared<Container>();
        if (!args.empty() && args[0].value.obj) *v.obj = *args[0].value.obj;
        return v;
      }
      if (type == "String") return args.empty() ? Value::of_string("") : keep_taint(args[0].value);
      Value v = Value::clean();
      for (const auto& a : args) v = combine(v, flatten(a.value));
      v.dynamic = false;  // a new object carries what it was built from, nothing more
      return v;
    }
    // Builders: append/insert mutate the builder held by the variable.
    if (is_builder) {
      if (name == "append" || name == "insert" || name == "replace" || name == "write" || name == "print") {
        Value add = name == "append" || name == "write" || name == "print" ? arg(0) : arg(args.size() - 1);
        Value v;
        if (name == "insert" && receiver.str && add.str && arg(0).num &&
            *arg(0).num >= 0 && static_cast<std::size_t>(*arg(0).num) <= receiver.str->size()) {
          v = Value::of_string(*receiver.str);
          v.str->insert(static_cast<std::size_t>(*arg(0).num), *add.str);
        } else {
          v = concat(receiver, flatten(add));
        }
        v.kind = "StringBuilder";
        receiver = v;
        update_var(v);
        return v;
      }
      if (name == "toString" || name == "getBuffer") {
        Value v = receiver;
        v.kind = {};
        return v;
      }
      if (name == "length") return receiver.str ? Value::of_num(static_cast<long long>(receiver.str->size())) : Value::clean();
      Value v = receiver;
      v.str.reset();
      return v;
    }
    // Python's configparser: options stored with set(section, option, value) and read back with
    // get(section, option) - a map keyed by the pair.
    if (python_ && !receiver_is_value &&
        (name == "ConfigParser" || name == "RawConfigParser" || name == "SafeConfigParser")) {
      Value v = Value::clean();
      v.obj = std::make_shared<Container>();
      v.kind = "ConfigParser";
      return v;
    }
    if (receiver.kind == "ConfigParser" && receiver.obj && receiver_is_value) {
      Container& c = *receiver.obj;
      auto key = [&]() -> Value {
        auto s = as_text(arg(0)), o = as_text(arg(1));
        return s && o ? Value::of_string(*s + "\x1f" + *o) : Value::unknown();
      };
      if (name == "set" && args.size() >= 3) {
        store(c, key(), arg(2), "=");
        return Value::clean();
      }
      if ((name == "get" || name == "getint" || name == "getfloat" || name == "getboolean") && args.size() >= 2) {
        if (name != "get") return Value::clean();
        Value k = key();
        if (auto t = as_text(k)) {
          auto it = c.keyed.find(*t);
          if (it != c.keyed.end()) return it->second;
          if (c.any) return *c.any;
          return Value::unknown();  // read from a file: text of unknown origin
        }
        return element_join(receiver);
      }
      if (name == "add_section" || name == "has_section" || name == "has_option" || name == "sections" ||
          name == "remove_section")
        return Value::clean();
      return element_join(receiver);
    }
    // Containers
    if (receiver.obj && receiver_is_value) {
      Container& c = *receiver.obj;
      if ((name == "put" || name == "setdefault" || name == "setProperty" || name == "putIfAbsent" ||
           name == "__setitem__") && args.size() >= 2) {
        if (name == "setdefault" || name == "putIfAbsent") {
          if (auto k = as_text(arg(0)); k && c.keyed.count(*k)) return c.keyed[*k];
        }
        store(c, arg(0), arg(1), "=");
        return name == "setdefault" ? flatten(arg(1)) : Value::clean();
      }
      if (name == "add" || name == "append" || name == "push" || name == "addLast" || name == "offer" ||
          name == "addElement" || name == "offerLast" || name == "push_back") {
        if (args.size() >= 2 && arg(0).num && *arg(0).num >= 0 &&
            static_cast<std::size_t>(*arg(0).num) <= c.items.size()) {
          c.items.insert(c.items.begin() + *arg(0).num, flatten(arg(1)));
        } else if (c.items.size() < kMaxVars) {
          c.items.push_back(flatten(arg(0)));
        }
        return Value::clean();
      }
      if (name == "addFirst" || name == "offerFirst" || name == "appendleft") {
        c.items.insert(c.items.begin(), flatten(arg(0)));
        return Value::clean();
      }
      if (name == "insert" && args.size() >= 2) {
        std::size_t at = arg(0).num ? static_cast<std::size_t>(std::clamp<long long>(*arg(0).num, 0, c.items.size()))
                                    : c.items.size();
        c.items.insert(c.items.begin() + static_cast<long>(at), flatten(arg(1)));
        return Value::clean();
      }
      if (name == "extend" || name == "addAll" || name == "putAll" || name == "update") {
        const Value& other = arg(args.size() >= 2 ? 1 : 0);
        if (other.obj) {
          for (const auto& it : other.obj->items) c.items.push_back(it);
          for (const auto& [k, it] : other.obj->keyed) c.keyed[k] = it;
          if (other.obj->any) c.any = std::make_shared<Value>(c.any ? join(*c.any, *other.obj->any) : *other.obj->any);
        } else {
          Value e = flatten(other);
          c.any = std::make_shared<Value>(c.any ? join(*c.any, e) : e);
        }
        return Value::clean();
      }
      if (name == "get" || name == "getOrDefault" || name == "getProperty" || name == "elementAt" ||
          name == "getFirst" || name == "getLast" || name == "peek" || name == "firstElement" ||
          name == "lastElement") {
        if (name == "getFirst" || name == "peek" || name == "firstElement") return subscript(receiver, Value::of_num(0), false);
        if (name == "getLast" || name == "lastElement") return subscript(receiver, Value::of_num(-1), false);
        const Value& key = arg(0);
        if (key.num && !c.items.empty()) return subscript(receiver, key, false);
        if (auto k = as_text(key)) {
          auto it = c.keyed.find(*k);
          if (it != c.keyed.end()) return it->second;
          if (c.any) return args.size() >= 2 ? join(*c.any, arg(1)) : *c.any;
          return args.size() >= 2 ? arg(1) : Value::clean();
        }
        return element_join(receiver);
      }
      if (name == "remove" || name == "pop" || name == "poll" || name == "removeFirst" || name == "removeLast" ||
          name == "pollFirst" || name == "pollLast" || name == "popleft" || name == "shift") {
        bool last = name == "removeLast" || name == "pollLast" || (name == "pop" && python_ && args.empty());
        if (args.empty()) {
          if (c.items.empty()) return element_join(receiver);
          Value v = last ? c.items.back() : c.items.front();
          if (last) c.items.pop_back();
          else c.items.erase(c.items.begin());
          return v;
        }
        const Value& key = arg(0);
        if (key.num && !c.items.empty()) {
          long long n = *key.num;
          if (n < 0) n += static_cast<long long>(c.items.size());
          if (n >= 0 && static_cast<std::size_t>(n) < c.items.size()) {
            Value v = c.items[static_cast<std::size_t>(n)];
            c.items.erase(c.items.begin() + n);
            return v;
          }
        }
        if (auto k = as_text(key)) {
          if (!c.items.empty() && !key.num) {  // list.remove(object): drop the equal constant
            for (std::size_t n = 0; n < c.items.size(); ++n)
              if (auto t = as_text(c.items[n]); t && *t == *k) {
                c.items.erase(c.items.begin() + static_cast<long>(n));
                return Value::of_bool(true);
              }
          }
          auto it = c.keyed.find(*k);
          if (it != c.keyed.end()) {
            Value v = it->second;
            c.keyed.erase(it);
            return v;
          }
          if (c.any) return *c.any;
          return args.size() >= 2 ? arg(1) : Value::clean();
        }
        return element_join(receiver);
      }
      if (name == "clear") {
        c.items.clear();
        c.keyed.clear();
        c.any.reset();
        return Value::clean();
      }
      if (name == "size" || name == "length" || name == "isEmpty" || name == "contains" ||
          name == "containsKey" || name == "containsValue" || name == "indexOf" || name == "count" ||
          name == "index" || name == "has")
        return Value::clean();
      if (name == "keys" || name == "keySet") {
        Value v = Value::clean();
        v.obj = std::make_shared<Container>();
        for (const auto& [k, it] : c.keyed) v.obj->items.push_back(Value::of_string(k));
        if (c.any) v.obj->any = std::make_shared<Value>(flatten(*c.any));
        return v;
      }
      // values, items, entrySet, iterator, stream, copy, toArray, subList...: the same elements
      Value v = element_join(receiver);
      Value out = Value::clean();
      out.obj = std::make_shared<Container>();
      out.obj->any = std::make_shared<Value>(v);
      out.taint = v.taint;
      out.sanitized = v.sanitized;
      out.path = v.path;
      return out;
    }
    // Constant strings fold.
    if (receiver.str && receiver_is_value) {
      const std::string& s = *receiver.str;
      auto ta = as_text(arg(0));
      if ((name == "equals" || name == "__eq__") && ta) return Value::of_bool(s == *ta);
      if (name == "equalsIgnoreCase" && ta) {
        std::string x = s, y = *ta;
        for (auto& ch : x) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        for (auto& ch : y) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return Value::of_bool(x == y);
      }
      if (name == "charAt" && arg(0).num && *arg(0).num >= 0 && static_cast<std::size_t>(*arg(0).num) < s.size())
        return Value::of_string(s.substr(static_cast<std::size_t>(*arg(0).num), 1));
      if ((name == "substring" || name == "substr") && arg(0).num) {
        long long a = *arg(0).num;
        long long b = args.size() > 1 && arg(1).num ? *arg(1).num : static_cast<long long>(s.size());
        if (name == "substr" && args.size() > 1 && arg(1).num) b = a + *arg(1).num;
        if (a >= 0 && b >= a && static_cast<std::size_t>(b) <= s.size())
          return Value::of_string(s.substr(static_cast<std::size_t>(a), static_cast<std::size_t>(b - a)));
      }
      if (name == "length" || name == "__len__") return Value::of_num(static_cast<long long>(s.size()));
      if (name == "toUpperCase" || name == "upper" || name == "toLowerCase" || name == "lower") {
        std::string x = s;
        bool up = name == "toUpperCase" || name == "upper";
        for (auto& ch : x)
          ch = static_cast<char>(up ? std::toupper(static_cast<unsigned char>(ch)) : std::tolower(static_cast<unsigned char>(ch)));
        return Value::of_string(x);
      }
      if (name == "trim" || name == "strip" || name == "toString" || name == "intern") {
        std::size_t a = s.find_first_not_of(" \t\r\n"), z = s.find_last_not_of(" \t\r\n");
        return Value::of_string(a == std::string::npos ? "" : s.substr(a, z - a + 1));
      }
      if ((name == "startsWith" || name == "startswith") && ta) return Value::of_bool(s.rfind(*ta, 0) == 0);
      if ((name == "endsWith" || name == "endswith") && ta)
        return Value::of_bool(s.size() >= ta->size() && s.compare(s.size() - ta->size(), ta->size(), *ta) == 0);
      if ((name == "contains" || name == "includes") && ta) return Value::of_bool(s.find(*ta) != std::string::npos);
      if (name == "indexOf" && ta) {
        auto p = s.find(*ta);
        return Value::of_num(p == std::string::npos ? -1 : static_cast<long long>(p));
      }
      if ((name == "replace" || name == "replaceAll") && ta && args.size() >= 2 && !ta->empty()) {
        if (auto tb = as_text(arg(1))) {
          std::string x = s;
          for (std::size_t p = x.find(*ta); p != std::string::npos; p = x.find(*ta, p + tb->size()))
            x.replace(p, ta->size(), *tb);
          return Value::of_string(x);
        }
      }
    }
    for (auto m : sh_.tables.clean_methods)
      if (m == name) return Value::clean();
    // x.replace("'", "&apos;"): with the apostrophe replaced by text without one, x cannot close a
    // single-quoted SQL or XPath literal (the usual quoting; a double-quoted one is not covered).
    if ((name == "replace" || name == "replaceAll") && receiver_is_value && args.size() >= 2 &&
        receiver.taint != Taint::Clean) {
      auto from = as_text(arg(0)), to = as_text(arg(1));
      if (from && from->size() == 2 && (*from)[0] == '\\') from = from->substr(1);  // literal text: '\''
      if (from && to && from->size() == 1 && (*from)[0] == '\'' &&
          to->find((*from)[0]) == std::string::npos) {
        Value v = flatten(receiver);
        v.str.reset();
        v.kind = {};
        v.sanitized |= bit(Family::Xpath) | bit(Family::Sql);
        return v;
      }
    }
    // Formatting and joining build strings from their arguments.
    if (name == "format" || name == "join" || name == "concat" || name == "formatted" || name == "sprintf" ||
        name == "Sprintf" || name == "Sprint" || name == "Sprintln" || name == "Join" || name == "Format" ||
        name == "replace" || name == "replaceAll" || name == "replaceFirst" || name == "printf") {
      Value v = receiver_is_value ? flatten(receiver) : Value::clean();
      for (const auto& a : args) v = combine(v, element_join(a.value));
      v.obj.reset();
      v.kind = {};
      if (v.taint == Taint::Clean) {
        // Every part constant: the result is a constant string (unknown text)
        return Value::clean();
      }
      return v;
    }
    // Any other call: its result carries whatever flowed in, never constants.
    Value v = Value::clean();
    if (receiver_is_value) v = flatten(receiver);
    for (const auto& a : args) v = combine(v, flatten(a.value));
    v.str.reset();
    v.num.reset();
    v.boolean.reset();
    v.obj.reset();
    v.kind = {};
    v.dynamic = receiver_is_value && receiver.dynamic;
    // A library call on constants gives a constant-derived value; with nothing known, an unknown one.
    // (A qualified static call with no arguments - Base64.getEncoder(), Runtime.getRuntime() - yields an
    // object, not data; a bare call may be anything.)
    if (v.taint == Taint::Clean && args.empty() && !receiver_is_value && full.find('.') == std::string::npos)
      v.taint = Taint::Unknown;
    // Reads from files, sockets, databases and matches are data of unknown origin.
    if (v.taint == Taint::Clean && receiver_is_value && !receiver.str && is_read_method(name)) v.taint = Taint::Unknown;
    return v;
  }

  static bool is_read_method(std::string_view m) {
    static constexpr std::string_view kReads[] = {"read", "readline", "readlines", "recv", "recvfrom", "fetchone",
                                                  "fetchall", "fetchmany", "group", "groups", "groupdict",
                                                  "readAllBytes", "readLine", "nextLine", "getvalue", "read_text",
                                                  "read_bytes", "readNBytes", "getString"};
    return std::find(std::begin(kReads), std::end(kReads), m) != std::end(kReads);
  }

  static Value keep_taint(const Value& v) {
    Value out = flatten(v);
    out.kind = {};
    return out;
  }

  Shared& sh_;
  FunctionModel& fn_;
  const std::vector<Token>& t_;
  std::string_view code_;
  std::string_view text_;
  bool python_ = false;
  int fstring_depth_ = 0;  // f-strings inside f-string fields
  Env env_;
  std::vector<Env>* break_target_ = nullptr;
  std::vector<Env>* continue_target_ = nullptr;
  Value ret_;
  bool has_ret_ = false;
};

}  // namespace

std::string_view TableIndex::last_segment(std::string_view pattern) {
  std::size_t cut = pattern.find_last_of(". ");
  return cut == std::string_view::npos ? pattern : pattern.substr(cut + 1);
}

TableIndex::TableIndex(const LanguageTables& t) {
  for (const auto& e : t.sources) sources[last_segment(e.pattern)].push_back(&e);
  for (const auto& e : t.sanitizers) sanitizers[last_segment(e.pattern)].push_back(&e);
  for (const auto& e : t.sinks) sinks[last_segment(e.pattern)].push_back(&e);
  for (const auto& e : t.kinds) kinds[last_segment(e.pattern)].push_back(&e);
}

Value interpret(Shared& shared, int index, const std::vector<Value>& args, bool skip_self) {
  FunctionModel& fn = shared.functions[static_cast<std::size_t>(index)];
  ensure_parsed(fn, shared.text, shared.lx, shared.lang);
  if (fn.toks.empty()) return Value::unknown();
  if (!shared.stack.empty()) ++shared.inlined;
  shared.stack.push_back(index);
  Interp interp(shared, fn);
  Value v = interp.run(args, skip_self);
  shared.stack.pop_back();
  return v;
}

}  // namespace cc::analysis::flow
