#include "analysis/flow/syntax.h"

#include <algorithm>

#include "analysis/lang/text_util.h"

namespace cc::analysis::flow {

std::vector<Token> tokenize(const LexedSource& lx, std::size_t begin, std::size_t end, std::size_t max_tokens) {
  std::vector<Token> out;
  std::string_view code = lx.code;
  end = std::min(end, code.size());
  auto sit = std::lower_bound(lx.strings.begin(), lx.strings.end(), begin,
                              [](const StringLiteral& s, std::size_t at) { return s.begin < at; });
  bool newline = false;
  std::size_t i = begin;
  while (i < end && out.size() < max_tokens) {
    while (sit != lx.strings.end() && sit->begin < i) ++sit;
    if (sit != lx.strings.end() && sit->begin == i) {
      Token t{Token::String, newline, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(std::max(sit->end, i + 1)),
              static_cast<std::int32_t>(sit - lx.strings.begin())};
      out.push_back(t);
      newline = false;
      i = t.end;
      continue;
    }
    char c = code[i];
    if (c == '\n') {
      newline = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    Token t;
    t.newline_before = newline;
    newline = false;
    t.begin = static_cast<std::uint32_t>(i);
    if (is_ident_char(c) && !(c >= '0' && c <= '9')) {
      std::size_t e = i + 1;
      while (e < end && is_ident_char(code[e])) ++e;
      t.kind = Token::Ident;
      t.end = static_cast<std::uint32_t>(e);
    } else if ((c == '$' || c == '@') && i + 1 < end && is_ident_char(code[i + 1])) {
      std::size_t e = i + 1;
      while (e < end && is_ident_char(code[e])) ++e;
      t.kind = Token::Ident;
      t.end = static_cast<std::uint32_t>(e);
    } else if (c >= '0' && c <= '9') {
      std::size_t e = i + 1;
      while (e < end && (is_ident_char(code[e]) || code[e] == '.')) ++e;
      t.kind = Token::Number;
      t.end = static_cast<std::uint32_t>(e);
    } else {
      static constexpr std::string_view kThree[] = {"===", "!==", "...", "**=", "//=", ">>=", "<<=", "<=>"};
      static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=",
                                                  "%=", "->", "=>", "::", "**", "//", "++", "--", ":=", ".=",
                                                  "?.", "|=", "&=", "^=", "??", "<<", "<-"};
      std::size_t len = 1;
      std::string_view rest = code.substr(i, std::min<std::size_t>(3, end - i));
      // Only bytes that start an operator of two or three bytes need the lists.
      if (rest.size() >= 2 && std::string_view("=!<>&|+-*/%:.?^").find(c) != std::string_view::npos) {
        for (auto op : kThree)
          if (rest.size() == 3 && same(rest, op)) len = 3;
        if (len == 1)
          for (auto op : kTwo)
            if (same(rest.substr(0, 2), op)) len = 2;
      }
      t.kind = Token::Punct;
      t.end = static_cast<std::uint32_t>(i + len);
    }
    out.push_back(t);
    i = t.end;
  }
  return out;
}

namespace {

bool is(std::string_view code, const std::vector<Token>& toks, std::size_t i, std::string_view s) {
  return i < toks.size() && same(tok_text(code, toks[i]), s);
}

// Index of the bracket closing the one at `i` (or `end` when unbalanced).
std::size_t matching(std::string_view code, const std::vector<Token>& toks, std::size_t i, std::size_t end) {
  int depth = 0;
  for (std::size_t k = i; k < end; ++k) {
    if (toks[k].kind != Token::Punct) continue;
    char c = code[toks[k].begin];
    if (toks[k].end - toks[k].begin != 1) continue;
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) return k;
    }
  }
  return end;
}

class BraceParser {
 public:
  BraceParser(const std::vector<Token>& toks, std::string_view code, Language lang)
      : toks_(toks), code_(code), asi_(lang == Language::Go || lang == Language::JavaScript ||
                                        lang == Language::TypeScript || lang == Language::Ruby),
        go_(lang == Language::Go) {}

  Stmt block(std::size_t& i, std::size_t end, int depth) {
    Stmt b;
    b.kind = Stmt::Block;
    while (i < end) {
      if (is(code_, toks_, i, ";")) {
        ++i;
        continue;
      }
      std::size_t before = i;
      b.kids.push_back(statement(i, end, depth));
      if (i == before) ++i;  // always progress
    }
    return b;
  }

 private:
  std::string_view text(std::size_t i) const { return i < toks_.size() ? tok_text(code_, toks_[i]) : std::string_view{}; }

  Stmt opaque(std::size_t& i, std::size_t end) {
    Stmt s;
    s.kind = Stmt::Opaque;
    i = simple_end(i, end);
    return s;
  }

  // End of a simple statement starting at i: after the `;` at depth 0, or before a closing brace.
  std::size_t simple_end(std::size_t i, std::size_t end) const {
    int depth = 0;
    for (std::size_t k = i; k < end; ++k) {
      const Token& t = toks_[k];
      if (asi_ && depth == 0 && k > i && t.newline_before && ends_statement(toks_[k - 1]) && starts_statement(t))
        return k;
      if (t.kind != Token::Punct || t.end - t.begin != 1) continue;
      char c = code_[t.begin];
      if (c == '(' || c == '[' || c == '{') ++depth;
      else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) return k;
        --depth;
      } else if (c == ';' && depth == 0) {
        return k + 1;
      }
    }
    return end;
  }

  bool ends_statement(const Token& t) const {
    if (t.kind != Token::Punct) return true;
    std::string_view s = tok_text(code_, t);
    return s == ")" || s == "]" || s == "}" || s == "++" || s == "--";
  }
  bool starts_statement(const Token& t) const {
    if (t.kind != Token::Punct) return true;
    std::string_view s = tok_text(code_, t);
    return s == "(" || s == "[" || s == "!" || s == "{";
  }

  // Range of a parenthesised header at i ("(" ... ")"), or, for Go, up to the `{` at depth 0.
  std::pair<std::size_t, std::size_t> header(std::size_t& i, std::size_t end) {
    if (is(code_, toks_, i, "(") && !go_) {  // Go headers have no parentheses: `if (a)+b > c {`
      std::size_t close = matching(code_, toks_, i, end);
      std::pair<std::size_t, std::size_t> r{i + 1, close};
      i = std::min(close + 1, end);
      return r;
    }
    std::size_t b = i;
    int depth = 0;
    while (i < end) {
      std::string_view s = text(i);
      if (toks_[i].kind == Token::Punct) {
        if (s == "(" || s == "[") ++depth;
        else if (s == ")" || s == "]") --depth;
        else if (s == "{" && depth <= 0) break;
      }
      ++i;
    }
    return {b, i};
  }

  Stmt body(std::size_t& i, std::size_t end, int depth) {
    if (depth >= kMaxNesting) return opaque(i, end);
    if (is(code_, toks_, i, "{")) {
      std::size_t close = matching(code_, toks_, i, end);
      std::size_t k = i + 1;
      Stmt b = block(k, close, depth + 1);
      i = std::min(close + 1, end);
      return b;
    }
    return statement(i, end, depth + 1);
  }

  Stmt statement(std::size_t& i, std::size_t end, int depth) {
    if (depth >= kMaxNesting) return opaque(i, end);
    std::string_view w = text(i);
    Stmt s;
    if (w == "{") return body(i, end, depth);
    if (toks_[i].kind == Token::Ident) {
      if (w == "if") {
        ++i;
        auto [hb, he] = header(i, end);
        s.kind = Stmt::If;
        s.tb = static_cast<std::uint32_t>(hb);
        s.te = static_cast<std::uint32_t>(he);
        s.kids.push_back(body(i, end, depth));
        while (is(code_, toks_, i, ";")) ++i;
        if (is(code_, toks_, i, "else")) {
          ++i;
          s.kids.push_back(body(i, end, depth));
        }
        return s;
      }
      if (w == "while" || w == "for" || w == "foreach") {
        ++i;
        auto [hb, he] = header(i, end);
        s.kind = Stmt::Loop;
        s.tb = static_cast<std::uint32_t>(hb);
        s.te = static_cast<std::uint32_t>(he);
        int d = 0;
        for (std::size_t k = hb; k < he; ++k) {
          std::string_view t = text(k);
          if (t == "(" || t == "[") ++d;
          else if (t == ")" || t == "]") --d;
          else if (d == 0 && (t == ":" || t == "of" || t == "in" || t == "as" || t == "range")) s.foreach = true;
        }
        s.kids.push_back(body(i, end, depth));
        return s;
      }
      if (w == "do") {
        ++i;
        s.kind = Stmt::Loop;
        s.kids.push_back(body(i, end, depth));
        if (is(code_, toks_, i, "while")) {
          ++i;
          auto [hb, he] = header(i, end);
          s.tb = static_cast<std::uint32_t>(hb);
          s.te = static_cast<std::uint32_t>(he);
        }
        return s;
      }
      if (w == "switch") {
        ++i;
        auto [hb, he] = header(i, end);
        s.kind = Stmt::Switch;
        s.tb = static_cast<std::uint32_t>(hb);
        s.te = static_cast<std::uint32_t>(he);
        if (!is(code_, toks_, i, "{")) return s;
        std::size_t close = matching(code_, toks_, i, end);
        std::size_t k = i + 1;
        i = std::min(close + 1, end);
        // Cases: `case X:` / `default:` labels at depth 0 separate the statement lists.
        while (k < close) {
          std::string_view t = text(k);
          if (t == "case" || t == "default") {
            std::size_t lb = k + 1, le = lb;
            while (le < close && text(le) != ":" && text(le) != "->") ++le;
            s.labels.push_back(t == "default" ? std::pair<std::uint32_t, std::uint32_t>{0, 0}
                                              : std::pair<std::uint32_t, std::uint32_t>{static_cast<std::uint32_t>(lb),
                                                                                        static_cast<std::uint32_t>(le)});
            k = le + 1;
            std::size_t stop = k;
            int d = 0;
            while (stop < close) {
              std::string_view u = text(stop);
              if (u == "(" || u == "[" || u == "{") ++d;
              else if (u == ")" || u == "]" || u == "}") --d;
              else if (d == 0 && (u == "case" || u == "default")) break;
              ++stop;
            }
            std::size_t kk = k;
            s.kids.push_back(block(kk, stop, depth + 1));
            k = stop;
          } else {
            ++k;
          }
        }
        return s;
      }
      if (w == "try") {
        ++i;
        s.kind = Stmt::Try;
        Stmt main;
        main.kind = Stmt::Block;
        if (is(code_, toks_, i, "(")) {  // try-with-resources: the declarations run first
          std::size_t close = matching(code_, toks_, i, end);
          std::size_t k = i + 1;
          Stmt res = block(k, close, depth + 1);
          for (auto& r : res.kids) main.kids.push_back(std::move(r));
          i = std::min(close + 1, end);
        }
        main.kids.push_back(body(i, end, depth));
        s.kids.push_back(std::move(main));
        while (is(code_, toks_, i, "catch") || is(code_, toks_, i, "except") || is(code_, toks_, i, "finally")) {
          ++i;
          if (is(code_, toks_, i, "(")) i = std::min(matching(code_, toks_, i, end) + 1, end);
          s.kids.push_back(body(i, end, depth));
        }
        return s;
      }
      if (w == "return" || w == "throw" || w == "raise") {
        ++i;
        std::size_t e = simple_end(i, end);
        s.kind = w == "return" ? Stmt::Return : Stmt::Throw;
        s.tb = static_cast<std::uint32_t>(i);
        s.te = static_cast<std::uint32_t>(e > i && text(e - 1) == ";" ? e - 1 : e);
        i = e;
        return s;
      }
      if (w == "break" || w == "continue") {
        s.kind = w == "break" ? Stmt::Break : Stmt::Continue;
        i = simple_end(i, end);
        return s;
      }
      if (w == "synchronized" || w == "lock" || w == "using" || w == "unsafe" || w == "checked") {
        ++i;
        if (is(code_, toks_, i, "(")) {
          std::size_t close = matching(code_, toks_, i, end);
          std::size_t k = i + 1;
          Stmt res = block(k, close, depth + 1);
          i = std::min(close + 1, end);
          Stmt b;
          b.kind = Stmt::Block;
          for (auto& r : res.kids) b.kids.push_back(std::move(r));
          b.kids.push_back(body(i, end, depth));
          return b;
        }
        return body(i, end, depth);
      }
      if (w == "class" || w == "interface" || w == "function" || w == "func" || w == "def" || w == "enum") {
        // A nested definition: analysed on its own, skipped here.
        s.kind = Stmt::Opaque;
        while (i < end && !is(code_, toks_, i, "{") && !is(code_, toks_, i, ";")) ++i;
        if (is(code_, toks_, i, "{")) i = std::min(matching(code_, toks_, i, end) + 1, end);
        else if (i < end) ++i;
        return s;
      }
      if (w == "else" || w == "finally" || w == "catch") {  // stray: run its body
        ++i;
        if (is(code_, toks_, i, "(")) i = std::min(matching(code_, toks_, i, end) + 1, end);
        return body(i, end, depth);
      }
    }
    std::size_t e = simple_end(i, end);
    s.kind = Stmt::Simple;
    s.tb = static_cast<std::uint32_t>(i);
    s.te = static_cast<std::uint32_t>(e > i && text(e - 1) == ";" ? e - 1 : e);
    i = e;
    return s;
  }

  const std::vector<Token>& toks_;
  std::string_view code_;
  bool asi_;
  bool go_;
};

// Python: logical lines (a newline inside brackets continues the line) with their indentation.
struct Line {
  std::size_t tb, te;
  int indent;
};

class PythonParser {
 public:
  PythonParser(const std::vector<Token>& toks, std::string_view code, const LexedSource& lx, std::string_view text)
      : toks_(toks), code_(code) {
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t k = 0; k < toks.size(); ++k) {
      if (k > start && toks[k].newline_before && depth <= 0 && !continued(k)) {
        lines_.push_back({start, k, indent_of(lx, text, toks[start].begin)});
        start = k;
        depth = 0;
      }
      if (toks[k].kind == Token::Punct && toks[k].end - toks[k].begin == 1) {
        char c = code[toks[k].begin];
        if (c == '(' || c == '[' || c == '{') ++depth;
        else if (c == ')' || c == ']' || c == '}') --depth;
      }
    }
    if (start < toks.size()) lines_.push_back({start, toks.size(), indent_of(lx, text, toks[start].begin)});
  }

  Stmt parse() {
    std::size_t li = 0;
    return suite(li, lines_.empty() ? 0 : lines_[0].indent, 0);
  }

 private:
  // A backslash at the end of the previous line continues it.
  bool continued(std::size_t k) const {
    std::size_t p = toks_[k - 1].end;
    while (p < toks_[k].begin && code_[p] != '\n') {
      if (code_[p] == '\\') return true;
      ++p;
    }
    return false;
  }
  static int indent_of(const LexedSource& lx, std::string_view text, std::size_t offset) {
    std::size_t ls = lx.line_starts[static_cast<std::size_t>(lx.line_of(offset))];
    int n = 0;
    for (std::size_t p = ls; p < offset && p < text.size(); ++p) n += text[p] == '\t' ? 8 : 1;
    return n;
  }
  std::string_view first(const Line& l) const { return tok_text(code_, toks_[l.tb]); }

  // Statements at indentation `indent` from line li.
  Stmt suite(std::size_t& li, int indent, int depth) {
    Stmt b;
    b.kind = Stmt::Block;
    while (li < lines_.size() && lines_[li].indent >= indent) {
      if (lines_[li].indent > indent) {  // unexpected deeper line: treat as part of this suite
        b.kids.push_back(line_stmt(li, lines_[li].indent, depth));
        continue;
      }
      b.kids.push_back(line_stmt(li, indent, depth));
    }
    return b;
  }

  // The depth-0 ':' that ends a compound header, or te.
  std::size_t header_colon(const Line& l) const {
    int depth = 0;
    for (std::size_t k = l.tb; k < l.te; ++k) {
      std::string_view t = tok_text(code_, toks_[k]);
      if (toks_[k].kind != Token::Punct) {
        if (t == "lambda" && depth == 0) ++depth, lambda_ = true;
        continue;
      }
      if (t == "(" || t == "[" || t == "{") ++depth;
      else if (t == ")" || t == "]" || t == "}") --depth;
      else if (t == ":" && depth == 0) return k;
      else if (t == ":" && lambda_ && depth == 1) --depth, lambda_ = false;
    }
    return l.te;
  }

  // The body of a compound statement whose header ends at `colon` on line li.
  Stmt clause_body(std::size_t& li, std::size_t colon, int indent, int depth) {
    const Line l = lines_[li];
    ++li;
    if (colon + 1 < l.te) {  // `if x: return y`
      Stmt b;
      b.kind = Stmt::Block;
      b.kids.push_back(simple(l.tb + (colon + 1 - l.tb), l.te));
      return b;
    }
    if (li < lines_.size() && lines_[li].indent > indent) {
      if (depth + 1 >= kMaxNesting) {
        int inner = lines_[li].indent;
        while (li < lines_.size() && lines_[li].indent >= inner) ++li;
        Stmt o;
        o.kind = Stmt::Opaque;
        return o;
      }
      return suite(li, lines_[li].indent, depth + 1);
    }
    Stmt empty;
    empty.kind = Stmt::Block;
    return empty;
  }

  Stmt simple(std::size_t tb, std::size_t te) const {
    Stmt s;
    s.tb = static_cast<std::uint32_t>(tb);
    s.te = static_cast<std::uint32_t>(te);
    std::string_view w = tok_text(code_, toks_[tb]);
    if (w == "return") s.kind = Stmt::Return, ++s.tb;
    else if (w == "raise") s.kind = Stmt::Throw, ++s.tb;
    else if (w == "break") s.kind = Stmt::Break;
    else if (w == "continue") s.kind = Stmt::Continue;
    else if (w == "pass") s.kind = Stmt::Opaque;
    return s;
  }

  Stmt line_stmt(std::size_t& li, int indent, int depth) {
    const Line l = lines_[li];
    std::string_view w = first(l);
    Stmt s;
    if (depth >= kMaxNesting) {  // too deep to follow: skip the line and its block
      ++li;
      while (li < lines_.size() && lines_[li].indent > indent) ++li;
      s.kind = Stmt::Opaque;
      return s;
    }
    if (w == "if" || w == "elif" || w == "while") {
      std::size_t colon = header_colon(l);
      s.kind = w == "while" ? Stmt::Loop : Stmt::If;
      s.tb = static_cast<std::uint32_t>(l.tb + 1);
      s.te = static_cast<std::uint32_t>(colon);
      s.kids.push_back(clause_body(li, colon, indent, depth));
      if (s.kind == Stmt::If && li < lines_.size() && lines_[li].indent == indent) {
        std::string_view n = first(lines_[li]);
        if (n == "elif") {
          Stmt b;
          b.kind = Stmt::Block;
          b.kids.push_back(line_stmt(li, indent, depth + 1));
          s.kids.push_back(std::move(b));
        } else if (n == "else") {
          s.kids.push_back(clause_body(li, header_colon(lines_[li]), indent, depth));
        }
      } else if (s.kind == Stmt::Loop && li < lines_.size() && lines_[li].indent == indent && first(lines_[li]) == "else") {
        clause_body(li, header_colon(lines_[li]), indent, depth);
      }
      return s;
    }
    if (w == "for" || w == "async") {
      std::size_t colon = header_colon(l);
      s.kind = Stmt::Loop;
      s.foreach = true;
      s.tb = static_cast<std::uint32_t>(l.tb + (w == "async" ? 2 : 1));
      s.te = static_cast<std::uint32_t>(colon);
      s.kids.push_back(clause_body(li, colon, indent, depth));
      if (li < lines_.size() && lines_[li].indent == indent && first(lines_[li]) == "else")
        clause_body(li, header_colon(lines_[li]), indent, depth);
      return s;
    }
    if (w == "try") {
      s.kind = Stmt::Try;
      s.kids.push_back(clause_body(li, header_colon(l), indent, depth));
      while (li < lines_.size() && lines_[li].indent == indent) {
        std::string_view n = first(lines_[li]);
        if (n != "except" && n != "else" && n != "finally") break;
        s.kids.push_back(clause_body(li, header_colon(lines_[li]), indent, depth));
      }
      return s;
    }
    if (w == "with") {
      // `with open(p) as f:` binds like an assignment `f = open(p)`; the header runs first.
      std::size_t colon = header_colon(l);
      s.kind = Stmt::Block;
      Stmt h;
      h.kind = Stmt::Simple;
      h.tb = static_cast<std::uint32_t>(l.tb);
      h.te = static_cast<std::uint32_t>(colon);
      s.kids.push_back(h);
      s.kids.push_back(clause_body(li, colon, indent, depth));
      return s;
    }
    if (w == "match" && l.te > l.tb + 1) {
      // `match subject:` with `case pattern:` clauses: a switch without fall-through. A pattern
      // `_` is the default; the label is the pattern (alternatives separated by `|`).
      std::size_t colon = header_colon(l);
      if (colon + 1 == l.te && colon > l.tb + 1 && li + 1 < lines_.size() && lines_[li + 1].indent > indent &&
          first(lines_[li + 1]) == "case") {
        s.kind = Stmt::Switch;
        s.tb = static_cast<std::uint32_t>(l.tb + 1);
        s.te = static_cast<std::uint32_t>(colon);
        ++li;
        const int case_indent = lines_[li].indent;
        while (li < lines_.size() && lines_[li].indent == case_indent && first(lines_[li]) == "case") {
          const Line c = lines_[li];
          std::size_t cc = header_colon(c);
          std::size_t lb = c.tb + 1, le = cc;
          if (le == lb + 1 && tok_text(code_, toks_[lb]) == "_") le = lb;  // wildcard: the default
          s.labels.emplace_back(static_cast<std::uint32_t>(lb), static_cast<std::uint32_t>(le));
          s.kids.push_back(clause_body(li, cc, case_indent, depth + 1));
        }
        return s;
      }
    }
    if (w == "def" || w == "class" || w == "@") {
      // Nested definitions are analysed on their own.
      ++li;
      while (li < lines_.size() && lines_[li].indent > indent) ++li;
      s.kind = Stmt::Opaque;
      return s;
    }
    if (w == "else" || w == "except" || w == "finally" || w == "elif") {  // stray clause
      return clause_body(li, header_colon(l), indent, depth);
    }
    ++li;
    return simple(l.tb, l.te);
  }

  const std::vector<Token>& toks_;
  std::string_view code_;
  std::vector<Line> lines_;
  mutable bool lambda_ = false;
};

}  // namespace

Stmt parse_brace_body(const std::vector<Token>& toks, std::string_view code, Language lang) {
  BraceParser p(toks, code, lang);
  std::size_t i = 0;
  return p.block(i, toks.size(), 0);
}

Stmt parse_python_body(const std::vector<Token>& toks, std::string_view code, const LexedSource& lx,
                       std::string_view text) {
  PythonParser p(toks, code, lx, text);
  return p.parse();
}

}  // namespace cc::analysis::flow
