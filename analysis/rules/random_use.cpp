#include "analysis/rules/random_use.h"

#include <array>
#include <string>
#include <vector>

#include "analysis/lang/text_util.h"
#include "analysis/rules/local_flow.h"

namespace cc::analysis {
namespace {

constexpr std::size_t kMaxNames = 32;         // tracked names per walk
constexpr std::size_t kMaxStatementsWalked = 2000;

// Lower-case segments of a camelCase / snake_case / dotted name.
std::vector<std::string> segments(std::string_view name) {
  std::vector<std::string> segs;
  std::string cur;
  for (std::size_t i = 0; i < name.size() && i < 128; ++i) {
    char c = name[i];
    if (!is_ident_char(c) || c == '_') {
      if (!cur.empty()) segs.push_back(cur);
      cur.clear();
      continue;
    }
    if (c >= 'A' && c <= 'Z' && !cur.empty() && i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z') {
      segs.push_back(cur);
      cur.clear();
    }
    cur.push_back(ascii_lower(c));
  }
  if (!cur.empty()) segs.push_back(cur);
  return segs;
}

std::string_view last_component(std::string_view chain) {
  std::size_t dot = chain.find_last_of('.');
  return dot == std::string_view::npos ? chain : chain.substr(dot + 1);
}

// Calls and objects whose arguments are security state: cookies, sessions, auth headers.
bool has_security_sink_word(std::string_view code) {
  static constexpr std::array<std::string_view, 14> words = {
      "Cookie",  "cookie", "cookies",   "addCookie", "set_cookie", "setcookie", "SetCookie",
      "session", "Session", "_SESSION", "setAttribute", "putValue", "HttpCookie", "SimpleCookie"};
  for (auto w : words)
    if (find_word(code, w) != std::string_view::npos) return true;
  return false;
}

bool is_identifier_like(std::string_view s) {
  if (s.empty() || s.size() > 48) return false;
  for (char c : s)
    if (!is_ident_char(c) && c != '-' && c != '.') return false;
  return true;
}

// "?id=", "&token=", f"/reset?code={v}": a literal that puts a value into a URL query.
bool is_url_parameter_literal(std::string_view s) {
  std::size_t q = s.find_first_of("?&");
  if (q == std::string_view::npos) return false;
  for (std::size_t eq = s.find('=', q); eq != std::string_view::npos; eq = s.find('=', eq + 1)) {
    if (eq + 1 == s.size()) return true;
    char next = s[eq + 1];
    if (next == '{' || next == '$' || next == '#' || next == '%') return true;  // interpolated or formatted value
  }
  return false;
}

bool is_security_statement(const RuleContext& ctx, const Statement& st) {
  if (!st.target.empty() && is_security_value_name(last_component(st.target))) return true;
  std::string_view code = ctx.code_of(st.range);
  if (has_security_sink_word(code)) return true;
  if (code.find("queryParam") != std::string_view::npos || code.find("urlencode") != std::string_view::npos ||
      code.find("searchParams") != std::string_view::npos)
    return true;
  for (auto* lit : ctx.literals_in(st.range)) {
    std::string_view s = ctx.content(*lit);
    if (is_url_parameter_literal(s)) return true;
    if (is_identifier_like(s) && is_security_value_name(s)) return true;
  }
  return false;
}

}  // namespace

bool is_security_value_name(std::string_view name) {
  static constexpr std::array<std::string_view, 16> contained = {
      "token", "secret", "password", "passwd", "nonce", "salt", "session", "csrf",
      "xsrf",  "apikey", "rememberme", "credential", "cookie", "auth", "otp", "uuid"};
  static constexpr std::array<std::string_view, 10> whole_segment = {"pin",  "code", "reset", "invite", "pass",
                                                                      "pwd",  "iv",   "guid",  "sid",    "verification"};
  static constexpr std::array<std::string_view, 2> qualified_segment = {"key", "id"};  // `sessionKey`, `userId`
  auto segs = segments(name);
  if (segs.empty()) return false;
  std::string joined;
  for (const auto& s : segs) joined += s;
  for (auto w : contained) {
    if (w == "otp" || w == "uuid") {
      for (const auto& s : segs)
        if (s == w) return true;
      continue;
    }
    if (joined.find(w) != std::string::npos) return true;
  }
  for (const auto& s : segs) {
    for (auto w : whole_segment)
      if (s == w) return true;
    if (segs.size() > 1)
      for (auto w : qualified_segment)
        if (s == w) return true;
  }
  return false;
}

bool random_reaches_security_use(const RuleContext& ctx, std::size_t begin, std::size_t end) {
  LocalFlow flow(ctx, begin);
  const auto& stmts = flow.statements();
  if (stmts.empty()) return false;
  const std::size_t first = flow.statement_at(begin);
  std::vector<std::string_view> names;
  auto track = [&](std::string_view n) {
    n = last_component(n);
    while (!n.empty() && (n.front() == '$' || n.front() == '@')) n.remove_prefix(1);
    if (n.empty() || names.size() >= kMaxNames) return;
    for (auto x : names)
      if (x == n) return;
    names.push_back(n);
  };
  // `std::mt19937 gen(seed)`, `Random rnd;`: a declaration names the generator right after its type.
  std::size_t k = ctx.skip_ws(end, end + 32);
  if (k < ctx.code.size() && is_ident_start(ctx.code[k])) track(ctx.code.substr(k, ident_end(ctx.code, k) - k));

  const std::size_t last = std::min(stmts.size(), first + kMaxStatementsWalked);
  for (std::size_t i = first; i < last; ++i) {
    const Statement& st = stmts[i];
    bool origin = i == first && st.range.begin <= begin && begin < st.range.end + 1;
    Range value{st.value_begin, st.range.end};
    bool carries = origin;
    for (std::size_t n = 0; !carries && n < names.size(); ++n) carries = flow.mentions(value, names[n]);
    if (!carries) {
      // `rng = random.SystemRandom()`: a tracked name overwritten by an unrelated value.
      const char op = st.value_begin >= 2 ? ctx.code[st.value_begin - 2] : ' ';
      const bool augmented = op == '+' || op == '-' || op == '*' || op == '/' || op == '|' || op == '&' || op == '.';
      if (!st.target.empty() && !augmented) {
        std::string_view t = last_component(st.target);
        while (!t.empty() && (t.front() == '$' || t.front() == '@')) t.remove_prefix(1);
        std::erase(names, t);
      }
      continue;
    }
    if (is_security_statement(ctx, st)) return true;
    if (!st.target.empty()) {
      track(st.target);
    } else {
      // `sb.append(x)`, `parts.push(x)`: a call on a receiver that now holds the value; and
      // `rnd.nextBytes(buf)`: a generator filling its argument.
      std::string_view code = ctx.code_of(st.range);
      // `new Random().nextBytes(buf)`: a generator made and used in one expression fills its
      // argument, which now holds the predictable bytes.
      if (origin && end > st.range.begin) {
        for (std::string_view fill : {std::string_view(".nextBytes("), std::string_view(".NextBytes(")}) {
          std::size_t at = code.find(fill, end - st.range.begin);
          if (at == std::string_view::npos) continue;
          if (auto args = ctx.call_args(st.range.begin + at + fill.size() - 1))
            for (const Range& a : ctx.split_args(*args)) {
              std::string_view arg = trim(ctx.code_of(a));
              if (!arg.empty() && ident_end(arg, 0) == arg.size()) track(arg);
            }
        }
      }
      std::size_t e = ident_end(code, 0);
      while (e > 0 && e < code.size() && code[e] == '.' && e < 64) {
        std::size_t m = ident_end(code, e + 1);
        if (m < code.size() && code[m] == '(') {
          std::string_view receiver = code.substr(0, e);
          std::string_view method = code.substr(e + 1, m - e - 1);
          bool receiver_tracked = false;
          for (auto n : names) receiver_tracked = receiver_tracked || n == last_component(receiver);
          if (method == "append" || method == "add" || method == "push" || method == "insert" || method == "put" ||
              method == "extend" || method == "update" || method == "Append" || method == "Add")
            track(receiver);
          if (receiver_tracked)
            if (auto args = ctx.call_args(st.range.begin + m))
              for (const Range& a : ctx.split_args(*args)) {
                std::string_view arg = trim(ctx.code_of(a));
                if (!arg.empty() && ident_end(arg, 0) == arg.size()) track(arg);
              }
          break;
        }
        e = m;
      }
    }
  }
  return false;
}

}  // namespace cc::analysis
