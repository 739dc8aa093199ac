// Cookies sent without Secure (CWE-614) or HttpOnly (CWE-1004): Servlet Cookie objects added to
// a response, Flask/Django set_cookie, Express res.cookie, PHP setcookie, Go http.Cookie
// literals, ASP.NET HttpCookie/CookieOptions and Rails cookies[]. Flags set anywhere in the
// same function count; options passed through a variable are unknown and stay silent.
#include <string>

#include "analysis/lang/text_util.h"
#include "analysis/rules/local_flow.h"
#include "analysis/rules/rules.h"

namespace cc::analysis {
namespace {

struct Flags {
  bool secure_known = false;  // the code states the Secure flag (true or false)
  bool secure = false;
  bool httponly_known = false;
  bool httponly = false;
};

class CookieScanner {
 public:
  explicit CookieScanner(RuleContext& ctx) : ctx_(ctx), code_(ctx.code) {}

  void run() {
    switch (ctx_.lang) {
      case Language::Java: each_word("Cookie", [&](std::size_t b, std::size_t e) { java_cookie(b, e); }); break;
      case Language::Python: each_word("set_cookie", [&](std::size_t b, std::size_t e) { python_set_cookie(b, e); }); break;
      case Language::JavaScript:
      case Language::TypeScript: each_word("cookie", [&](std::size_t b, std::size_t e) { express_cookie(b, e); }); break;
      case Language::Php: each_word("setcookie", [&](std::size_t b, std::size_t e) { php_setcookie(b, e); }); break;
      case Language::Go: each_word("Cookie", [&](std::size_t b, std::size_t e) { go_cookie(b, e); }); break;
      case Language::CSharp:
        each_word("HttpCookie", [&](std::size_t b, std::size_t e) { csharp_cookie(b, e); });
        each_word("CookieOptions", [&](std::size_t b, std::size_t e) { csharp_cookie(b, e); });
        break;
      case Language::Ruby: each_word("cookies", [&](std::size_t b, std::size_t e) { rails_cookie(b, e); }); break;
      default: break;
    }
  }

 private:
  template <class Fn>
  void each_word(std::string_view word, Fn fn) {
    std::size_t p = 0;
    while ((p = find_word(code_, word, p)) != std::string_view::npos) {
      if (ctx_.budget.expired()) return;
      fn(p, p + word.size());
      p += word.size();
    }
  }

  std::string_view prev_word(std::size_t b) const {
    std::size_t k = ctx_.skip_ws_back(b);
    std::size_t s = k;
    while (s > 0 && is_ident_char(code_[s - 1])) --s;
    return code_.substr(s, k - s);
  }

  // `true`/`false` (any case) or 1/0 as the value after a key inside a range.
  static int bool_value(std::string_view v) {
    v = trim(v);
    if (v == "true" || v == "True" || v == "TRUE" || v == "1") return 1;
    if (v == "false" || v == "False" || v == "FALSE" || v == "0" || v == "nil" || v == "None" || v == "null") return 0;
    return -1;
  }

  // Finds `key` followed by one of `seps` and a boolean in `r` (keyword arguments, object and
  // hash literals, initialisers). Updates known/value when found.
  void read_flag(Range r, std::string_view key, bool& known, bool& value) const {
    std::string_view s = ctx_.code_of(r);
    std::size_t p = 0;
    while ((p = find_word(s, key, p)) != std::string_view::npos) {
      std::size_t k = p + key.size();
      while (k < s.size() && (s[k] == ' ' || s[k] == '"' || s[k] == '\'')) ++k;
      if (k < s.size() && (s[k] == ':' || s[k] == '=')) {
        ++k;
        if (k < s.size() && s[k] == '>') ++k;
        std::size_t v = k;
        while (v < s.size() && s[v] == ' ') ++v;
        std::size_t ve = v;
        while (ve < s.size() && is_ident_char(s[ve])) ++ve;
        int b = bool_value(s.substr(v, ve - v));
        if (b >= 0) {
          known = true;
          value = b == 1;
        } else {
          known = true;  // a computed flag: trust the author
          value = true;
        }
      }
      p += key.size();
    }
  }

  // Literal keys (`'secure' => true`, `"httponly": True`): the code view blanks them, so read the text.
  void read_literal_key(Range r, std::string_view key, bool& known, bool& value) const {
    for (auto* lit : ctx_.literals_in(r)) {
      std::string low;
      for (char c : ctx_.content(*lit)) low.push_back(ascii_lower(c));
      if (low != key) continue;
      std::size_t k = ctx_.skip_ws(lit->end, lit->end + 16);
      if (k + 1 < code_.size() && code_[k] == '=' && code_[k + 1] == '>') k += 2;
      else if (k < code_.size() && code_[k] == ':') k += 1;
      else continue;
      k = ctx_.skip_ws(k, k + 16);
      std::size_t ve = ident_end(code_, k);
      int b = bool_value(code_.substr(k, ve - k));
      known = true;
      value = b != 0;
    }
  }

  void report(std::size_t b, std::size_t e, const Flags& f, std::string_view what) {
    if (!f.secure_known || !f.secure)
      ctx_.emit("cookie-insecure", b, e,
                std::string(what) + (f.secure_known ? " sets Secure to false" : " is sent without the Secure flag"));
    if (!f.httponly_known || !f.httponly)
      ctx_.emit("cookie-no-httponly", b, e,
                std::string(what) + (f.httponly_known ? " sets HttpOnly to false" : " is sent without HttpOnly"));
  }

  // Flags set on a named cookie object in its function: `c.setSecure(true)`, `c.Secure = true`.
  Flags object_flags(const LocalFlow& flow, std::string_view var, std::string_view secure_setter,
                     std::string_view httponly_setter) const {
    Flags f;
    Range body = flow.body();
    std::string_view s = ctx_.code_of(body);
    auto scan = [&](std::string_view setter, bool& known, bool& value) {
      std::size_t p = 0;
      while ((p = find_word(s, setter, p)) != std::string_view::npos) {
        std::size_t abs = body.begin + p;
        std::size_t at = p + setter.size();
        p = at;
        // The receiver must be the cookie (when it has a name).
        std::string_view recv = name_chain_before(code_, abs > 0 && code_[abs - 1] == '.' ? abs - 1 : abs);
        if (!var.empty() && !recv.empty() && recv != var && !ends_with(recv, "." + std::string(var))) continue;
        std::size_t k = ctx_.skip_ws(abs + setter.size(), abs + setter.size() + 8);
        if (k < code_.size() && code_[k] == '(') {
          auto args = ctx_.call_args(abs + setter.size());
          if (!args) continue;
          int b = bool_value(ctx_.code_of(*args));
          known = true;
          value = b != 0;
        } else if (k < code_.size() && code_[k] == '=' && k + 1 < code_.size() && code_[k + 1] != '=') {
          std::size_t v = ctx_.skip_ws(k + 1, k + 32);
          int b = bool_value(code_.substr(v, ident_end(code_, v) - v));
          known = true;
          value = b != 0;
        }
      }
    };
    scan(secure_setter, f.secure_known, f.secure);
    scan(httponly_setter, f.httponly_known, f.httponly);
    return f;
  }

  // ---- Java Servlet: new Cookie(...) later passed to addCookie in the same function ----
  void java_cookie(std::size_t b, std::size_t e) {
    std::size_t nb = b;
    std::string_view r = ctx_.receiver(b);
    if (!r.empty()) nb = b - r.size();
    if (prev_word(nb) != "new" || !ctx_.call_args(e) || !take_flow()) return;
    LocalFlow flow(ctx_, b);
    const auto& stmts = flow.statements();
    if (stmts.empty()) return;
    const Statement& st = stmts[flow.statement_at(b)];
    std::string_view var = st.target;
    Range body = flow.body();
    std::string_view s = ctx_.code_of(body);
    bool added = false;
    std::size_t p = 0;
    while (!added && (p = find_word(s, "addCookie", p)) != std::string_view::npos) {
      auto args = ctx_.call_args(body.begin + p + 9);
      p += 9;
      if (!args) continue;
      added = var.empty() ? ctx_.code_of(*args).find("Cookie") != std::string_view::npos
                          : flow.mentions(*args, var) || (args->begin <= b && b < args->end);
    }
    if (!added) return;
    report(nb, e, object_flags(flow, var, "setSecure", "setHttpOnly"), "Cookie");
  }

  // ---- Flask / Django: response.set_cookie(name, value, secure=True, httponly=True) ----
  void python_set_cookie(std::size_t b, std::size_t e) {
    if (ctx_.receiver(b).empty()) return;
    auto args = ctx_.call_args(e);
    if (!args) return;
    std::string_view a = ctx_.code_of(*args);
    if (a.find("**") != std::string_view::npos) return;  // options from a dict: unknown
    if (ctx_.split_args(*args).size() < 2) return;      // CookieJar.set_cookie(cookie): not a response
    Flags f;
    read_flag(*args, "secure", f.secure_known, f.secure);
    read_flag(*args, "httponly", f.httponly_known, f.httponly);
    report(b, e, f, "set_cookie()");
  }

  // ---- Express: res.cookie(name, value[, options]) ----
  void express_cookie(std::size_t b, std::size_t e) {
    std::string_view r = ctx_.receiver(b);
    std::string_view rl = trim(r);
    while (!rl.empty() && (rl.back() == '.' || rl.back() == '?')) rl.remove_suffix(1);
    std::size_t dot = rl.find_last_of('.');
    if (dot != std::string_view::npos) rl = rl.substr(dot + 1);
    if (rl != "res" && rl != "response" && rl != "resp" && rl != "reply") return;
    auto args = ctx_.call_args(e);
    if (!args) return;
    auto parts = ctx_.split_args(*args);
    if (parts.size() < 2) return;
    Flags f;
    if (parts.size() >= 3) {
      std::string_view opt = trim(ctx_.code_of(parts[2]));
      if (opt.empty() || opt.front() != '{' || opt.find("...") != std::string_view::npos) return;  // unknown options
      read_flag(parts[2], "secure", f.secure_known, f.secure);
      read_flag(parts[2], "httpOnly", f.httponly_known, f.httponly);
    }
    report(b, e, f, "res.cookie()");
  }

  // ---- PHP: setcookie($n, $v, $expires, $path, $domain, $secure, $httponly) or an options array ----
  void php_setcookie(std::size_t b, std::size_t e) {
    if (!ctx_.receiver(b).empty()) return;
    auto args = ctx_.call_args(e);
    if (!args) return;
    auto parts = ctx_.split_args(*args);
    if (parts.size() < 2) return;
    Flags f;
    if (parts.size() == 3 && trim(ctx_.code_of(parts[2])).substr(0, 1) == "[") {
      read_literal_key(parts[2], "secure", f.secure_known, f.secure);
      read_literal_key(parts[2], "httponly", f.httponly_known, f.httponly);
    } else if (parts.size() == 3 && trim(ctx_.code_of(parts[2])).substr(0, 5) != "time(" &&
               trim(ctx_.code_of(parts[2])).substr(0, 1) == "$") {
      return;  // an options array in a variable: unknown
    } else {
      if (parts.size() > 5) {
        int v = bool_value(ctx_.code_of(parts[5]));
        f.secure_known = true;
        f.secure = v != 0;
      }
      if (parts.size() > 6) {
        int v = bool_value(ctx_.code_of(parts[6]));
        f.httponly_known = true;
        f.httponly = v != 0;
      }
    }
    report(b, e, f, "setcookie()");
  }

  // ---- Go: http.Cookie{...} composite literals ----
  void go_cookie(std::size_t b, std::size_t e) {
    std::string_view r = ctx_.receiver(b);
    if (r != "http.") return;
    if (e >= code_.size() || code_[e] != '{') return;
    std::size_t close = e;
    int depth = 0;
    std::size_t lim = std::min(code_.size(), e + 8192);
    for (; close < lim; ++close) {
      if (code_[close] == '{') ++depth;
      else if (code_[close] == '}' && --depth == 0) break;
    }
    if (close >= lim) return;
    Range lit{e + 1, close};
    Flags f;
    read_flag(lit, "Secure", f.secure_known, f.secure);
    read_flag(lit, "HttpOnly", f.httponly_known, f.httponly);
    if ((!f.secure_known || !f.httponly_known) && take_flow()) {
      // Fields set after the literal: `c.Secure = true`.
      LocalFlow flow(ctx_, b);
      const auto& stmts = flow.statements();
      std::string_view var = stmts.empty() ? std::string_view{} : stmts[flow.statement_at(b)].target;
      if (!var.empty()) {
        Flags later = object_flags(flow, var, "Secure", "HttpOnly");
        if (!f.secure_known) f.secure_known = later.secure_known, f.secure = later.secure;
        if (!f.httponly_known) f.httponly_known = later.httponly_known, f.httponly = later.httponly;
      }
    }
    report(b - r.size(), e, f, "http.Cookie");
  }

  // ---- ASP.NET: new HttpCookie(...) / new CookieOptions { Secure = true } ----
  void csharp_cookie(std::size_t b, std::size_t e) {
    if (prev_word(b) != "new" || !take_flow()) return;
    LocalFlow flow(ctx_, b);
    const auto& stmts = flow.statements();
    std::string_view var = stmts.empty() ? std::string_view{} : stmts[flow.statement_at(b)].target;
    Flags f;
    // An object initialiser right after the constructor.
    std::size_t k = e;
    if (auto args = ctx_.call_args(e)) k = args->end + 1;
    k = ctx_.skip_ws(k, k + 16);
    if (k < code_.size() && code_[k] == '{') {
      std::size_t close = code_.find('}', k);
      if (close != std::string_view::npos && close - k < 4096) {
        read_flag({k + 1, close}, "Secure", f.secure_known, f.secure);
        read_flag({k + 1, close}, "HttpOnly", f.httponly_known, f.httponly);
      }
    }
    if (!var.empty()) {
      Flags later = object_flags(flow, var, "Secure", "HttpOnly");
      if (later.secure_known) f.secure_known = true, f.secure = later.secure;
      if (later.httponly_known) f.httponly_known = true, f.httponly = later.httponly;
    }
    report(b, e, f, code_.substr(b, e - b));
  }

  // ---- Rails: cookies[:name] = value or { value: v, secure: true, httponly: true } ----
  void rails_cookie(std::size_t b, std::size_t e) {
    if (!ctx_.receiver(b).empty()) return;
    if (e >= code_.size() || code_[e] != '[') return;
    std::size_t close = code_.find(']', e);
    if (close == std::string_view::npos || close - e > 256) return;
    std::size_t k = ctx_.skip_ws(close + 1, close + 16);
    if (k >= code_.size() || code_[k] != '=' || (k + 1 < code_.size() && code_[k + 1] == '=')) return;
    Range v = ctx_.statement_rest(k + 1);
    Flags f;
    std::string_view value = trim(ctx_.code_of(v));
    if (!value.empty() && value.front() == '{') {
      read_flag(v, "secure", f.secure_known, f.secure);
      read_flag(v, "httponly", f.httponly_known, f.httponly);
    }
    report(b, close + 1, f, "cookies[]");
  }

  bool take_flow() { return flows_ < kMaxLocalFlowsPerDocument && ++flows_ > 0; }

  RuleContext& ctx_;
  std::string_view code_;
  int flows_ = 0;  // function views built for this document (bounded)
};

}  // namespace

void run_cookie_rules(RuleContext& ctx) {
  if (ctx.code.find("ookie") == std::string_view::npos) return;  // cheap prefilter: no cookie API here
  CookieScanner(ctx).run();
}

}  // namespace cc::analysis
