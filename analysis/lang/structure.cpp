#include "analysis/lang/structure.h"

#include <algorithm>
#include <array>
#include <optional>

#include "analysis/lang/text_util.h"

namespace cc::analysis {
namespace {

enum class BlockKind { Function, Control, Other };

// Bytes the structure passes react to; everything else (operators, quotes left in the code view,
// digits handled as identifiers) is skipped without further tests.
enum StructByte : unsigned char { kPlain = 0, kRole = 1, kOpenBracket = 2, kCloseBracket = 3 };
struct StructByteTable {
  StructByte cls[256] = {};
  constexpr StructByteTable() {
    for (char c : std::string_view("\n \t\r;,:&|#")) cls[static_cast<unsigned char>(c)] = kRole;
    for (char c : std::string_view("([{")) cls[static_cast<unsigned char>(c)] = kOpenBracket;
    for (char c : std::string_view(")]}")) cls[static_cast<unsigned char>(c)] = kCloseBracket;
    for (int c = 0; c < 256; ++c)
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80)
        cls[c] = kRole;
  }
};
inline constexpr StructByteTable kStructBytes{};

// ---------------------------------------------------------------------------------------------
// Parameter counting: top-level commas of the text between a function's parentheses.
int count_params(std::string_view group, Language lang) {
  int count = 0;
  int depth = 0;
  std::size_t seg_begin = 0;
  auto flush = [&](std::size_t end) {
    std::string_view seg = trim(group.substr(seg_begin, end - seg_begin));
    if (seg.empty()) return;
    if (seg == "void" && (lang == Language::C || lang == Language::Cpp)) return;
    std::string_view first = first_word(seg);
    if (seg == "self" || seg == "cls" || seg == "this" || seg == "&self" || seg == "&mut self" || seg == "mut self" ||
        seg == "*" || seg == "/")
      return;
    if ((first == "self" || first == "this") && seg.size() > first.size() &&
        (seg[first.size()] == ':' || seg[first.size()] == ' '))
      return;
    if (seg.rfind("&self", 0) == 0 || seg.rfind("&mut self", 0) == 0 || seg.rfind("&'", 0) == 0) {
      if (seg.find("self") != std::string_view::npos && seg.find(':') == std::string_view::npos) return;
    }
    ++count;
  };
  for (std::size_t k = 0; k < group.size(); ++k) {
    char c = group[k];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') depth = std::max(0, depth - 1);
    else if (c == '<' && k > 0 && (is_ident_char(group[k - 1]) || group[k - 1] == '>') &&
             lang != Language::Python && lang != Language::Php && lang != Language::Ruby && lang != Language::C)
      ++depth;
    else if (c == '>' && depth > 0 && k > 0 && group[k - 1] != '=' && group[k - 1] != '-') --depth;
    else if (c == ',' && depth == 0) {
      flush(k);
      seg_begin = k + 1;
    }
  }
  flush(group.size());
  return count;
}

// Finds the ')' matching the '(' at `open` in `code` within [open, limit); npos if none.
std::size_t match_paren(std::string_view code, std::size_t open, std::size_t limit) {
  int depth = 0;
  for (std::size_t k = open; k < limit && k < code.size(); ++k) {
    char c = code[k];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) return k;
    }
  }
  return std::string_view::npos;
}

// Finds the '(' matching the ')' at `close`, not before `floor`.
std::size_t match_paren_back(std::string_view code, std::size_t close, std::size_t floor) {
  int depth = 0;
  for (std::size_t k = close + 1; k-- > floor;) {
    char c = code[k];
    if (c == ')' || c == ']' || c == '}') ++depth;
    else if (c == '(' || c == '[' || c == '{') {
      if (--depth == 0) return k;
    }
  }
  return std::string_view::npos;
}

bool is_control_word(std::string_view w) {
  static constexpr std::array<std::string_view, 22> words = {
      "if",   "else",   "for",   "foreach", "while",  "do",    "switch", "try",    "catch",   "finally", "synchronized",
      "lock", "loop",   "match", "select",  "unless", "until", "elseif", "except", "with",    "fixed",   "elif"};
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool is_decision_word(std::string_view w, Language lang) {
  if (w.size() < 2 || w.size() > 7) return false;
  switch (w[0]) {
    case 'i': case 'f': case 'w': case 'c': case 'e': case 'u': case 'a': case 'o': case 'r': break;
    default: return false;
  }
  if (w == "if" || w == "for" || w == "while" || w == "case" || w == "catch") return true;
  switch (lang) {
    case Language::Php: return w == "elseif" || w == "foreach";
    case Language::CSharp: return w == "foreach";
    case Language::Python: return w == "elif" || w == "except" || w == "and" || w == "or";
    case Language::Ruby:
      return w == "elsif" || w == "unless" || w == "until" || w == "when" || w == "rescue" || w == "and" || w == "or";
    case Language::Shell: return w == "elif" || w == "until";
    default: return false;
  }
}

bool is_non_name_word(std::string_view w) {
  static constexpr std::array<std::string_view, 14> words = {"return", "sizeof", "new",    "typeof", "await",
                                                             "throw",  "delete", "alignof", "decltype", "assert",
                                                             "yield",  "in",     "of",     "defined"};
  return is_control_word(w) || std::find(words.begin(), words.end(), w) != words.end();
}

struct Header {
  BlockKind kind = BlockKind::Other;
  bool is_catch = false;
  bool lambda = false;
  std::size_t name_begin = std::string_view::npos, name_end = 0;  // offsets in the code view
  std::size_t params_open = std::string_view::npos, params_close = 0;
  std::size_t anchor = 0;  // where the header starts (line for anonymous functions)
  std::string scope_name;  // class/struct name for Other blocks
};

// Index of the identifier ending right before `pos` (skipping spaces); npos if none.
std::size_t ident_before(std::string_view code, std::size_t pos, std::size_t floor) {
  std::size_t e = pos;
  while (e > floor && (code[e - 1] == ' ' || code[e - 1] == '\t' || code[e - 1] == '\n' || code[e - 1] == '\r')) --e;
  std::size_t b = e;
  while (b > floor && is_ident_char(code[b - 1])) --b;
  return b < e ? b : std::string_view::npos;
}

Header classify(std::string_view code, std::size_t hb, std::size_t he, Language lang) {
  Header h;
  // Trim.
  while (hb < he && is_space_or_nl(code[hb])) ++hb;
  while (he > hb && is_space_or_nl(code[he - 1])) --he;
  // Strip annotations, attributes and case labels.
  for (int guard = 0; guard < 16 && hb < he; ++guard) {
    if (code[hb] == '@' && lang != Language::CSharp) {
      std::size_t k = hb + 1;
      while (k < he && (is_ident_char(code[k]) || code[k] == '.')) ++k;
      while (k < he && is_space_or_nl(code[k])) ++k;
      if (k < he && code[k] == '(') {
        std::size_t m = match_paren(code, k, he);
        if (m == std::string_view::npos) break;
        k = m + 1;
      }
      hb = k;
    } else if (code[hb] == '[' && (lang == Language::CSharp || (hb + 1 < he && code[hb + 1] == '['))) {
      std::size_t m = match_paren(code, hb, he);
      if (m == std::string_view::npos) break;
      hb = m + 1;
    } else {
      std::string_view w = first_word(code.substr(hb, he - hb));
      if (w == "case" || w == "default") {
        std::size_t k = hb + w.size();
        while (k < he && !(code[k] == ':' && (k + 1 >= he || code[k + 1] != ':') && code[k - 1] != ':')) ++k;
        if (k >= he) break;
        hb = k + 1;
      } else {
        break;
      }
    }
    while (hb < he && is_space_or_nl(code[hb])) ++hb;
  }
  h.anchor = hb;
  if (hb >= he) return h;
  std::string_view hdr = code.substr(hb, he - hb);
  std::string_view w = first_word(hdr);
  if (is_control_word(w)) {
    h.kind = BlockKind::Control;
    h.is_catch = (w == "catch" || w == "except");
    return h;
  }
  // Arrow functions and lambdas.
  bool js_like = lang == Language::JavaScript || lang == Language::TypeScript || lang == Language::CSharp;
  if ((js_like && ends_with(hdr, "=>")) || (lang == Language::Java && ends_with(hdr, "->"))) {
    h.kind = BlockKind::Function;
    h.lambda = true;
    std::size_t arrow = he - 2;
    std::size_t e = arrow;
    while (e > hb && is_space_or_nl(code[e - 1])) --e;
    // Return type annotation: `(a): T =>` — find the parameter group.
    std::size_t close = std::string_view::npos;
    if (e > hb && code[e - 1] == ')') close = e - 1;
    else {
      // `(a: number): string =>`: look for the last ')' followed by ':'.
      std::size_t colon_paren = code.substr(hb, e - hb).rfind("):");
      if (colon_paren != std::string_view::npos) close = hb + colon_paren;
    }
    std::size_t before;
    if (close != std::string_view::npos) {
      std::size_t open = match_paren_back(code, close, hb);
      if (open != std::string_view::npos) {
        h.params_open = open;
        h.params_close = close;
        before = open;
      } else {
        before = close;
      }
    } else {
      std::size_t b = ident_before(code, e, hb);
      if (b != std::string_view::npos) {
        h.params_open = b;  // single bare parameter
        h.params_close = e;
      }
      before = b == std::string_view::npos ? e : b;
    }
    // Named through `name = (...) =>` or `name: (...) =>`.
    std::size_t k = before;
    while (k > hb && is_space_or_nl(code[k - 1])) --k;
    std::size_t ab = ident_before(code, k, hb);
    if (ab != std::string_view::npos && code.substr(ab, k - ab) == "async") k = ab;
    while (k > hb && is_space_or_nl(code[k - 1])) --k;
    if (k > hb && (code[k - 1] == '=' || code[k - 1] == ':') && !(k > hb + 1 && code[k - 2] == '=')) {
      std::size_t nb = ident_before(code, k - 1, hb);
      if (nb != std::string_view::npos) {
        std::size_t ne = nb;
        while (ne < k && is_ident_char(code[ne])) ++ne;
        h.name_begin = nb;
        h.name_end = ne;
      }
    }
    return h;
  }
  if (lang == Language::Rust && ends_with(hdr, "|")) {
    h.kind = BlockKind::Function;
    h.lambda = true;
    return h;
  }
  // Go: func [recv] Name(params) results {   |   func(params) results {
  if (lang == Language::Go && w == "func") {
    h.kind = BlockKind::Function;
    std::size_t k = hb + 4;
    while (k < he && is_space_or_nl(code[k])) ++k;
    if (k < he && code[k] == '(') {
      std::size_t m = match_paren(code, k, he);
      if (m == std::string_view::npos) return h;
      std::size_t n = m + 1;
      while (n < he && is_space_or_nl(code[n])) ++n;
      std::size_t ne = n;
      while (ne < he && is_ident_char(code[ne])) ++ne;
      std::size_t p = ne;
      while (p < he && is_space_or_nl(code[p])) ++p;
      if (ne > n && p < he && (code[p] == '(' || code[p] == '[')) {
        if (code[p] == '[') {
          std::size_t g = match_paren(code, p, he);
          if (g == std::string_view::npos) return h;
          p = g + 1;
        }
        h.name_begin = n;
        h.name_end = ne;
        h.params_open = p;
        h.params_close = match_paren(code, p, he);
      } else {
        h.lambda = true;
        h.params_open = k;
        h.params_close = m;
      }
    } else {
      std::size_t ne = k;
      while (ne < he && is_ident_char(code[ne])) ++ne;
      std::size_t p = ne;
      if (p < he && code[p] == '[') {
        std::size_t g = match_paren(code, p, he);
        if (g != std::string_view::npos) p = g + 1;
      }
      h.name_begin = k;
      h.name_end = ne;
      if (p < he && code[p] == '(') {
        h.params_open = p;
        h.params_close = match_paren(code, p, he);
      }
    }
    if (h.params_close == std::string_view::npos) h.params_open = std::string_view::npos;
    return h;
  }
  // Scan the header at top level for keywords, the first parenthesised group and '='.
  std::size_t first_paren = std::string_view::npos;
  std::size_t function_kw = std::string_view::npos;
  std::size_t fn_kw = std::string_view::npos;
  bool top_assign = false;
  std::string_view type_kw;
  std::size_t type_kw_pos = std::string_view::npos;
  int depth = 0;
  for (std::size_t k = hb; k < he; ++k) {
    char c = code[k];
    if (c == '(' || c == '[' || c == '{') {
      if (depth == 0 && c == '(' && first_paren == std::string_view::npos) first_paren = k;
      ++depth;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (depth != 0) continue;
    if (c == '=' && first_paren == std::string_view::npos) {
      char p = k > hb ? code[k - 1] : ' ';
      char n = k + 1 < he ? code[k + 1] : ' ';
      if (n != '=' && n != '>' && p != '=' && p != '!' && p != '<' && p != '>') {
        // `operator=` is a name, not an assignment.
        std::size_t ob = ident_before(code, k, hb);
        if (!(ob != std::string_view::npos && code.substr(ob, k - ob).find("operator") != std::string_view::npos))
          top_assign = true;
      }
    }
    if (is_ident_start(c) && (k == hb || !is_ident_char(code[k - 1]))) {
      std::size_t e = k;
      while (e < he && is_ident_char(code[e])) ++e;
      std::string_view word = code.substr(k, e - k);
      if (word == "function" && function_kw == std::string_view::npos) function_kw = e;
      else if (word == "fn" && lang == Language::Rust && fn_kw == std::string_view::npos) fn_kw = e;
      else if (type_kw.empty() && first_paren == std::string_view::npos &&
               (word == "class" || word == "struct" || word == "interface" || word == "enum" || word == "union" ||
                word == "namespace" || word == "impl" || word == "trait" || word == "mod" || word == "record" ||
                word == "object" || word == "new" || word == "module")) {
        type_kw = word;
        type_kw_pos = e;
      }
      k = e - 1;
    }
  }
  auto set_params_after = [&](std::size_t from) {
    std::size_t p = from;
    while (p < he && code[p] != '(' && code[p] != '{') ++p;
    if (p < he && code[p] == '(') {
      std::size_t m = match_paren(code, p, he);
      if (m != std::string_view::npos) {
        h.params_open = p;
        h.params_close = m;
      }
    }
  };
  if (function_kw != std::string_view::npos || fn_kw != std::string_view::npos) {
    std::size_t after = function_kw != std::string_view::npos ? function_kw : fn_kw;
    h.kind = BlockKind::Function;
    std::size_t k = after;
    while (k < he && (is_space_or_nl(code[k]) || code[k] == '*' || code[k] == '&')) ++k;
    std::size_t ne = k;
    while (ne < he && is_ident_char(code[ne])) ++ne;
    if (ne > k) {
      h.name_begin = k;
      h.name_end = ne;
    } else {
      h.lambda = true;
      // `name = function (...)` / `name: function (...)`; the keyword ends at `after` (`fn` is
      // two bytes, not eight: the fuzzer found the underflow).
      const std::size_t kw_len = function_kw != std::string_view::npos ? 8 : 2;
      std::size_t kw_begin = after >= hb + kw_len ? after - kw_len : hb;
      std::size_t q = kw_begin;
      while (q > hb && is_space_or_nl(code[q - 1])) --q;
      if (q > hb && (code[q - 1] == '=' || code[q - 1] == ':')) {
        std::size_t nb = ident_before(code, q - 1, hb);
        if (nb != std::string_view::npos) {
          h.name_begin = nb;
          h.name_end = nb;
          while (h.name_end < he && is_ident_char(code[h.name_end])) ++h.name_end;
          h.lambda = false;
        }
      }
    }
    set_params_after(ne);
    return h;
  }
  // C++ lambda: `[..](..) ... {` or `[..] {`.
  if ((lang == Language::Cpp || lang == Language::CSharp) && hdr.find("](") != std::string_view::npos && top_assign) {
    std::size_t lb = hdr.find("](");
    h.kind = BlockKind::Function;
    h.lambda = true;
    std::size_t open = hb + lb + 1;
    std::size_t m = match_paren(code, open, he);
    if (m != std::string_view::npos) {
      h.params_open = open;
      h.params_close = m;
    }
    std::size_t eq = hdr.find('=');
    if (eq != std::string_view::npos) {
      std::size_t nb = ident_before(code, hb + eq, hb);
      if (nb != std::string_view::npos) {
        h.name_begin = nb;
        h.name_end = nb;
        while (h.name_end < he && is_ident_char(code[h.name_end])) ++h.name_end;
      }
    }
    return h;
  }
  if (first_paren != std::string_view::npos && !top_assign && type_kw != "new") {
    // Name right before the group, skipping generic arguments `foo<T>(`.
    std::size_t p = first_paren;
    while (p > hb && is_space_or_nl(code[p - 1])) --p;
    if (p > hb && code[p - 1] == '>' && lang != Language::C) {
      int d = 0;
      std::size_t q = p;
      while (q > hb) {
        --q;
        if (code[q] == '>') ++d;
        else if (code[q] == '<' && --d == 0) break;
      }
      p = q;
      while (p > hb && is_space_or_nl(code[p - 1])) --p;
    }
    std::size_t nb = ident_before(code, p, hb);
    if (nb != std::string_view::npos) {
      std::size_t ne = nb;
      while (ne < he && is_ident_char(code[ne])) ++ne;
      std::string_view name = code.substr(nb, ne - nb);
      // The word before the name: `new Foo() {` is an anonymous class.
      std::size_t pb = ident_before(code, nb, hb);
      std::string_view prev = pb == std::string_view::npos ? std::string_view() : code.substr(pb, nb - pb);
      while (!prev.empty() && !is_ident_char(prev.back())) prev.remove_suffix(1);
      bool dotted = nb > hb && code[nb - 1] == '.';
      if (!is_non_name_word(name) && prev != "new" && !dotted && !(name[0] >= '0' && name[0] <= '9')) {
        std::size_t m = match_paren(code, first_paren, he);
        // After the parameters: no further call chain (`foo(x).bar {`).
        std::size_t after = m == std::string_view::npos ? he : m + 1;
        while (after < he && is_space_or_nl(code[after])) ++after;
        if (m != std::string_view::npos && !(after < he && code[after] == '.')) {
          h.kind = BlockKind::Function;
          h.name_begin = nb;
          h.name_end = ne;
          h.params_open = first_paren;
          h.params_close = m;
          return h;
        }
      }
    }
  }
  if (!type_kw.empty() && type_kw != "new") {
    std::size_t k = type_kw_pos;
    while (k < he && is_space_or_nl(code[k])) ++k;
    if (type_kw == "enum" || type_kw == "struct" || type_kw == "class") {
      // `enum class X`, `struct alignas(8) X` — take the next identifier.
      std::string_view nw = first_word(code.substr(k, he - k));
      if (nw == "class" || nw == "struct") k += nw.size();
      while (k < he && is_space_or_nl(code[k])) ++k;
    }
    std::size_t e = k;
    while (e < he && is_ident_char(code[e])) ++e;
    h.scope_name = std::string(code.substr(k, e - k));
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
class BraceScanner {
 public:
  BraceScanner(std::string_view text, const LexedSource& lx, Language lang, int max_depth, const CancelToken& cancel)
      : text_(text), lx_(lx), code_(lx.code), lang_(lang), max_depth_(max_depth), cancel_(cancel) {}

  StructureInfo run() {
    const bool preproc = lang_ == Language::C || lang_ == Language::Cpp || lang_ == Language::CSharp;
    stack_.push_back(Open{'R', 0});
    int line = 0;
    const std::size_t n = code_.size();
    bool at_line_start = true;
    for (std::size_t i = 0; i < n; ++i) {
      char c = code_[i];
      if (kStructBytes.cls[static_cast<unsigned char>(c)] == kPlain && !at_line_start && pending_deep_ < 0) continue;
      if (c == '\n' || (c == '\r' && (i + 1 >= n || code_[i + 1] != '\n'))) {  // a lone \r ends a line too
        ++line;
        at_line_start = true;
        if ((line & 4095) == 0 && cancel_.cancelled()) break;
        continue;
      }
      if (at_line_start && (c == ' ' || c == '\t' || c == '\r')) continue;
      if (at_line_start) {
        at_line_start = false;
        if (preproc && c == '#') {
          // Skip the directive (with backslash continuations) and treat it as a boundary.
          std::size_t k = i;
          while (k < n) {
            std::size_t eol = code_.find('\n', k);
            if (eol == std::string_view::npos) {
              k = n;
              break;
            }
            std::size_t last = eol;
            while (last > k && (code_[last - 1] == ' ' || code_[last - 1] == '\r')) --last;
            if (last > k && code_[last - 1] == '\\') {
              k = eol + 1;
              ++line;
              continue;
            }
            k = eol;
            break;
          }
          i = k - 1;
          line = lx_.line_of(i);  // the directive may hold lone \r line ends
          stack_.back().stmt_start = k;
          continue;
        }
      }
      if (c == ' ' || c == '\t' || c == '\r') continue;
      if (pending_deep_ >= 0) {
        if (c != '}' && c != '{') {
          auto& f = out_.functions[static_cast<std::size_t>(pending_deep_)];
          if (f.deep_line < 0) {
            f.deep_line = line;
            f.deep_col = static_cast<int>(i - lx_.line_starts[static_cast<std::size_t>(line)]);
          }
        }
        if (c != '{') pending_deep_ = -1;
      }
      Open& top = stack_.back();
      if (is_ident_char(c)) {
        std::size_t e = ident_end(code_, i + 1);
        if (top.func >= 0 && is_ident_start(c) && is_decision_word(code_.substr(i, e - i), lang_))
          ++out_.functions[static_cast<std::size_t>(top.func)].complexity;
        i = e - 1;
        continue;
      }
      switch (c) {
        case ';': {
          // Go headers carry init statements: `for i := 0; i < n; i++ {`, `if x := f(); x {`.
          std::string_view w;
          if (lang_ == Language::Go) {
            std::string_view seg = code_.substr(top.stmt_start, i - top.stmt_start);
            if (auto nl = seg.rfind('\n'); nl != std::string_view::npos) seg.remove_prefix(nl + 1);
            w = first_word(seg);
          }
          if (w != "for" && w != "if" && w != "switch") top.stmt_start = i + 1;
          break;
        }
        case ',':
          // Commas separate elements in literals and argument lists, not statements in bodies
          // (Go: `if v, ok := m[k]; ok {`).
          // A Java `throws A, B` list continues the method header.
          if (lang_ == Language::Java &&
              code_.substr(top.stmt_start, i - top.stmt_start).find("throws") != std::string_view::npos)
            break;
          if (!(top.type == '{' && (top.kind == BlockKind::Function || top.kind == BlockKind::Control)))
            top.stmt_start = i + 1;
          break;
        case ':':
          if (i + 1 < n && code_[i + 1] != ':' && i > 0 && code_[i - 1] != ':') {
            std::string_view w = first_word(trim(code_.substr(top.stmt_start, i - top.stmt_start)));
            if (w == "case" || w == "default") top.stmt_start = i + 1;
          }
          break;
        case '&':
        case '|':
          if (i + 1 < n && code_[i + 1] == c) {
            if (top.func >= 0) ++out_.functions[static_cast<std::size_t>(top.func)].complexity;
            ++i;
          }
          break;
        case '(':
        case '[':
          stack_.push_back(Open{c, i + 1, BlockKind::Other, top.func, top.depth});
          break;
        case ')':
        case ']':
          close_group(c == ')' ? '(' : '[');
          break;
        case '{':
          open_brace(i, line);
          break;
        case '}':
          close_brace(i, line);
          break;
        default:
          break;
      }
    }
    // Unclosed functions end at the last line.
    int last_line = static_cast<int>(lx_.line_count()) - 1;
    for (auto& o : stack_) {
      if (o.kind == BlockKind::Function && o.own_func >= 0) {
        auto& f = out_.functions[static_cast<std::size_t>(o.own_func)];
        f.end_line = last_line;
      }
      if (o.scope >= 0) out_.scopes[static_cast<std::size_t>(o.scope)].end_line = last_line;
    }
    return std::move(out_);
  }

 private:
  struct Open {
    char type;
    std::size_t stmt_start;
    BlockKind kind = BlockKind::Other;
    int func = -1;       // innermost function
    int depth = 0;       // control depth inside that function
    int own_func = -1;   // function opened by this brace
    int scope = -1;
    bool is_catch = false;
    std::size_t open_pos = 0;
    int handler = -1;
  };

  void close_group(char open) {
    for (std::size_t k = stack_.size(); k-- > 1;) {
      if (stack_[k].type == open) {
        stack_.resize(k);
        return;
      }
      if (stack_[k].type == '{') return;  // unbalanced: keep the brace structure intact
    }
  }

  int line_of(std::size_t off) const { return lx_.line_of(off); }
  int col_of(std::size_t off, int line) const {
    return static_cast<int>(off - lx_.line_starts[static_cast<std::size_t>(line)]);
  }

  void open_brace(std::size_t i, int line) {
    Open& top = stack_.back();
    std::size_t hb = top.stmt_start;
    if (lang_ == Language::Go || lang_ == Language::JavaScript || lang_ == Language::TypeScript) {
      // Newlines end statements here: the header starts after the last line break that is not
      // inside brackets and does not follow a continuation operator.
      int depth = 0;
      std::size_t candidate = std::string_view::npos;
      for (std::size_t k = hb; k < i; ++k) {
        char c = code_[k];
        if (c == '(' || c == '[' || c == '{') ++depth;
        else if (c == ')' || c == ']' || c == '}') depth = std::max(0, depth - 1);
        else if (c == '\n' && depth == 0) {
          std::size_t p = k;
          while (p > hb && is_space_or_nl(code_[p - 1])) --p;
          char prev = p > hb ? code_[p - 1] : ';';
          if (std::string_view("=,(&|+-*/?:.>!<").find(prev) == std::string_view::npos) candidate = k + 1;
        }
      }
      if (candidate != std::string_view::npos && !trim(code_.substr(candidate, i - candidate)).empty()) hb = candidate;
    }
    Header h = classify(code_, hb, i, lang_);
    Open o{'{', i + 1, h.kind, top.func, top.depth};
    o.open_pos = i;
    if (h.kind == BlockKind::Function) {
      FunctionInfo f;
      std::size_t anchor = h.name_begin != std::string_view::npos ? h.name_begin : h.anchor;
      f.name_line = line_of(anchor);
      f.name_col = col_of(anchor, f.name_line);
      if (h.name_begin != std::string_view::npos) {
        f.name = std::string(code_.substr(h.name_begin, h.name_end - h.name_begin));
        f.name_end_col = f.name_col + static_cast<int>(h.name_end - h.name_begin);
      } else {
        f.name_end_col = f.name_col + 1;
      }
      f.is_lambda = h.lambda;
      if (h.params_open != std::string_view::npos && h.params_close != std::string_view::npos &&
          h.params_close >= h.params_open) {
        std::string_view group = code_[h.params_open] == '(' ? code_.substr(h.params_open + 1, h.params_close - h.params_open - 1)
                                                             : code_.substr(h.params_open, h.params_close - h.params_open);
        f.params = count_params(group, lang_);
      }
      out_.functions.push_back(std::move(f));
      o.func = o.own_func = static_cast<int>(out_.functions.size()) - 1;
      o.depth = 0;
      if (!out_.functions.back().name.empty()) {
        out_.scopes.push_back({out_.functions.back().name, out_.functions.back().name_line, line});
        o.scope = static_cast<int>(out_.scopes.size()) - 1;
      }
    } else if (h.kind == BlockKind::Control) {
      o.depth = top.depth + 1;
      if (o.func >= 0 && o.depth > max_depth_ && out_.functions[static_cast<std::size_t>(o.func)].deep_line < 0)
        pending_deep_ = o.func;
      if (h.is_catch) {
        o.is_catch = true;
        std::size_t kw = h.anchor;
        int l = line_of(kw);
        out_.handlers.push_back({l, col_of(kw, l), col_of(kw, l) + 5, false});
        o.handler = static_cast<int>(out_.handlers.size()) - 1;
      }
    } else if (!h.scope_name.empty()) {
      out_.scopes.push_back({h.scope_name, line_of(h.anchor), line});
      o.scope = static_cast<int>(out_.scopes.size()) - 1;
    }
    stack_.push_back(o);
  }

  void close_brace(std::size_t i, int line) {
    std::size_t k = stack_.size();
    while (k > 1 && stack_[k - 1].type != '{') --k;
    if (k <= 1) {
      stack_.resize(1);
      stack_.back().stmt_start = i + 1;
      return;
    }
    Open o = stack_[k - 1];
    stack_.resize(k - 1);
    if (o.own_func >= 0) out_.functions[static_cast<std::size_t>(o.own_func)].end_line = line;
    if (o.scope >= 0) out_.scopes[static_cast<std::size_t>(o.scope)].end_line = line;
    if (o.handler >= 0) {
      bool empty = true;
      for (std::size_t p = o.open_pos + 1; p < i; ++p)
        if (!is_space_or_nl(code_[p])) {
          empty = false;
          break;
        }
      out_.handlers[static_cast<std::size_t>(o.handler)].empty = empty;
    }
    if (pending_deep_ >= 0 && o.kind == BlockKind::Control) pending_deep_ = -1;
    stack_.back().stmt_start = i + 1;
  }

  std::string_view text_;
  const LexedSource& lx_;
  std::string_view code_;
  Language lang_;
  int max_depth_;
  const CancelToken& cancel_;
  std::vector<Open> stack_;
  StructureInfo out_;
  int pending_deep_ = -1;
};

// ---------------------------------------------------------------------------------------------
// Logical lines for indentation/keyword languages: physical lines joined while brackets are
// open, a line ends with a backslash, or a string literal spans the break.
struct LogicalLine {
  int first = 0;        // first physical line
  int last = 0;         // last physical line
  std::size_t begin = 0, end = 0;  // code-view range
  int indent = 0;
};

template <class Fn>
void for_each_logical_line(const LexedSource& lx, Language lang, const CancelToken& cancel, Fn&& fn) {
  std::string_view code = lx.code;
  int depth = 0;
  const int lines = static_cast<int>(lx.line_count());
  int l = 0;
  while (l < lines) {
    if ((l & 4095) == 0 && cancel.cancelled()) return;
    LogicalLine ll;
    ll.first = l;
    ll.begin = lx.line_starts[static_cast<std::size_t>(l)];
    int indent = 0;
    for (std::size_t k = ll.begin; k < code.size(); ++k) {
      char c = code[k];
      if (c == ' ') ++indent;
      else if (c == '\t') indent = (indent / 8 + 1) * 8;
      else break;
    }
    ll.indent = indent;
    int cur = l;
    for (;;) {
      std::string_view line = lx.code_line(static_cast<std::size_t>(cur));
      // Shell braces delimit bodies and Ruby braces delimit blocks: only Python joins on them.
      const bool braces = lang == Language::Python;
      for (char c : line) {
        const StructByte cls = kStructBytes.cls[static_cast<unsigned char>(c)];
        if (cls < kOpenBracket || (!braces && (c == '{' || c == '}'))) continue;
        if (cls == kOpenBracket) ++depth;
        else depth = std::max(0, depth - 1);
      }
      std::string_view t = trim(line);
      bool backslash = !t.empty() && t.back() == '\\';
      bool ruby_cont = lang == Language::Ruby && !t.empty() && (t.back() == ',' || ends_with(t, "&&") || ends_with(t, "||"));
      std::size_t eol = lx.line_end(static_cast<std::size_t>(cur));
      // A literal spanning the line break leaves blanks or a quote before it in the code view;
      // only then is the (binary-search) lookup needed.
      char before_eol = eol > 0 && eol <= code.size() ? code[eol - 1] : '\n';
      bool may_span = before_eol == ' ' || before_eol == '"' || before_eol == '\'' || before_eol == '`' ||
                      before_eol == '\r' || before_eol == '\t';
      const StringLiteral* s = (may_span && eol < code.size()) ? lx.string_covering(eol) : nullptr;
      bool in_string = s != nullptr && s->kind != 'h' && s->begin < eol && s->end > eol + 1;
      if (cur + 1 < lines && (depth > 0 || backslash || in_string || ruby_cont)) {
        ++cur;
        continue;
      }
      break;
    }
    depth = 0;
    ll.last = cur;
    ll.end = lx.line_end(static_cast<std::size_t>(cur));
    fn(ll);
    l = cur + 1;
  }
}

// Python: indentation blocks.
StructureInfo python_structure(const LexedSource& lx, int max_depth, const CancelToken& cancel) {
  StructureInfo out;
  struct Frame {
    int indent;
    BlockKind kind;
    int func;       // innermost function
    int depth;      // control depth
    int own_func = -1;
    int scope = -1;
    int handler = -1;
    bool handler_has_stmt = false;
  };
  std::vector<Frame> stack;
  std::string_view code = lx.code;
  int prev_last = 0;
  auto pop = [&](int end_line) {
    Frame f = stack.back();
    stack.pop_back();
    if (f.own_func >= 0) out.functions[static_cast<std::size_t>(f.own_func)].end_line = end_line;
    if (f.scope >= 0) out.scopes[static_cast<std::size_t>(f.scope)].end_line = end_line;
    if (f.handler >= 0) out.handlers[static_cast<std::size_t>(f.handler)].empty = !f.handler_has_stmt;
  };
  for_each_logical_line(lx, Language::Python, cancel, [&](const LogicalLine& ll) {
    std::string_view text = code.substr(ll.begin, ll.end - ll.begin);
    std::string_view t = trim(text);
    if (t.empty()) return;
    while (!stack.empty() && stack.back().indent >= ll.indent) pop(prev_last);
    prev_last = ll.last;
    int func = stack.empty() ? -1 : stack.back().func;
    int depth = stack.empty() ? 0 : stack.back().depth;
    if (!stack.empty() && stack.back().handler >= 0 && t != "pass") stack.back().handler_has_stmt = true;
    if (func >= 0 && depth > max_depth && out.functions[static_cast<std::size_t>(func)].deep_line < 0) {
      auto& f = out.functions[static_cast<std::size_t>(func)];
      f.deep_line = ll.first;
      f.deep_col = ll.indent;
    }
    // Decision points.
    if (func >= 0) {
      for_each_word(t, [&](std::string_view w, std::size_t) {
        if (is_decision_word(w, Language::Python)) ++out.functions[static_cast<std::size_t>(func)].complexity;
      });
    }
    std::string_view w = first_word(t);
    std::string_view rest = t;
    if (w == "async") {
      rest = trim(t.substr(5));
      w = first_word(rest);
    }
    const std::size_t t_off = static_cast<std::size_t>(t.data() - code.data());
    if (w == "def") {
      std::size_t nb = static_cast<std::size_t>(rest.data() - code.data()) + 3;
      while (nb < ll.end && code[nb] == ' ') ++nb;
      std::size_t ne = nb;
      while (ne < ll.end && is_ident_char(code[ne])) ++ne;
      FunctionInfo f;
      f.name = std::string(code.substr(nb, ne - nb));
      f.name_line = lx.line_of(nb);
      f.name_col = static_cast<int>(nb - lx.line_starts[static_cast<std::size_t>(f.name_line)]);
      f.name_end_col = f.name_col + static_cast<int>(ne - nb);
      std::size_t open = code.find('(', ne);
      if (open != std::string_view::npos && open < ll.end) {
        std::size_t close = match_paren(code, open, ll.end);
        if (close != std::string_view::npos) f.params = count_params(code.substr(open + 1, close - open - 1), Language::Python);
      }
      out.functions.push_back(std::move(f));
      Frame fr{ll.indent, BlockKind::Function, static_cast<int>(out.functions.size()) - 1, 0};
      fr.own_func = fr.func;
      out.scopes.push_back({out.functions.back().name, out.functions.back().name_line, ll.last});
      fr.scope = static_cast<int>(out.scopes.size()) - 1;
      stack.push_back(fr);
      return;
    }
    if (w == "class") {
      std::string_view after = trim(rest.substr(5));
      Frame fr{ll.indent, BlockKind::Other, func, depth};
      out.scopes.push_back({std::string(first_word(after)), ll.first, ll.last});
      fr.scope = static_cast<int>(out.scopes.size()) - 1;
      stack.push_back(fr);
      return;
    }
    static constexpr std::array<std::string_view, 10> ctl = {"if",    "elif", "else", "for",  "while",
                                                             "try",   "except", "finally", "with", "match"};
    if (std::find(ctl.begin(), ctl.end(), w) != ctl.end() && (t.back() == ':' || t.find(':') != std::string_view::npos)) {
      Frame fr{ll.indent, BlockKind::Control, func, func >= 0 ? depth + 1 : depth};
      if (w == "except") {
        int line = ll.first;
        int col = static_cast<int>(t_off - lx.line_starts[static_cast<std::size_t>(line)]);
        out.handlers.push_back({line, col, col + 6, false});
        fr.handler = static_cast<int>(out.handlers.size()) - 1;
        // One-line handler: `except X: pass`.
        std::size_t colon = t.rfind(':');
        std::string_view inline_body = trim(t.substr(colon + 1));
        if (!inline_body.empty() && colon + 1 < t.size()) {
          fr.handler_has_stmt = inline_body != "pass";
        }
      }
      stack.push_back(fr);
    }
  });
  while (!stack.empty()) pop(prev_last);
  return out;
}

// Ruby and shell: keyword-delimited blocks.
StructureInfo keyword_structure(const LexedSource& lx, Language lang, int max_depth, const CancelToken& cancel) {
  StructureInfo out;
  const bool ruby = lang == Language::Ruby;
  struct Frame {
    BlockKind kind;
    int func;
    int depth;
    int own_func = -1;
    int scope = -1;
    bool brace = false;  // shell function body / group closed by '}'
  };
  std::vector<Frame> stack;
  std::string_view code = lx.code;
  int pending_handler = -1;
  auto top_func = [&] { return stack.empty() ? -1 : stack.back().func; };
  auto top_depth = [&] { return stack.empty() ? 0 : stack.back().depth; };
  auto pop = [&](int line, bool brace) {
    // `}` closes the innermost brace frame; keywords close the innermost keyword frame.
    for (std::size_t k = stack.size(); k-- > 0;) {
      if (stack[k].brace != brace) {
        if (!ruby) continue;
      }
      Frame f = stack[k];
      stack.resize(k);
      if (f.own_func >= 0) out.functions[static_cast<std::size_t>(f.own_func)].end_line = line;
      if (f.scope >= 0) out.scopes[static_cast<std::size_t>(f.scope)].end_line = line;
      return;
    }
  };
  auto push_function = [&](std::string_view name, std::size_t name_off, int params, bool brace, int line) {
    FunctionInfo f;
    f.name = std::string(name);
    f.name_line = lx.line_of(name_off);
    f.name_col = static_cast<int>(name_off - lx.line_starts[static_cast<std::size_t>(f.name_line)]);
    f.name_end_col = f.name_col + static_cast<int>(name.size());
    f.params = params;
    out.functions.push_back(std::move(f));
    Frame fr{BlockKind::Function, static_cast<int>(out.functions.size()) - 1, 0};
    fr.own_func = fr.func;
    fr.brace = brace;
    out.scopes.push_back({std::string(name), line, line});
    fr.scope = static_cast<int>(out.scopes.size()) - 1;
    stack.push_back(fr);
  };
  for_each_logical_line(lx, lang, cancel, [&](const LogicalLine& ll) {
    std::string_view text = code.substr(ll.begin, ll.end - ll.begin);
    std::string_view t = trim(text);
    if (t.empty()) return;
    std::string_view first = first_word(t);
    if (pending_handler >= 0) {
      bool empty = ruby && (first == "end" || first == "rescue" || first == "else" || first == "ensure");
      out.handlers[static_cast<std::size_t>(pending_handler)].empty = empty;
      pending_handler = -1;
    }
    int func = top_func();
    if (func >= 0 && top_depth() > max_depth && out.functions[static_cast<std::size_t>(func)].deep_line < 0) {
      auto& f = out.functions[static_cast<std::size_t>(func)];
      f.deep_line = ll.first;
      f.deep_col = ll.indent;
    }
    // Walk the words of the line in order: openers, closers and decision points.
    bool command_pos = true;  // at the start of a statement/command
    std::size_t base = static_cast<std::size_t>(t.data() - code.data());
    for (std::size_t k = 0; k < t.size(); ++k) {
      char c = t[k];
      if (c == ';' || c == '|' || c == '&' || c == '(' || c == '!') {
        if ((c == '&' || c == '|') && k + 1 < t.size() && t[k + 1] == c) {
          if (top_func() >= 0) ++out.functions[static_cast<std::size_t>(top_func())].complexity;
          ++k;
        }
        command_pos = true;
        continue;
      }
      if (c == '{' && !ruby) {
        command_pos = true;
        continue;
      }
      if (c == '}' && !ruby && command_pos) {
        pop(ll.last, true);
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      if (!is_ident_start(c)) {
        command_pos = (c == '=' && ruby);
        continue;
      }
      std::size_t e = k;
      while (e < t.size() && (is_ident_char(t[e]) || (ruby && (t[e] == '?' || t[e] == '!')))) ++e;
      std::string_view w = t.substr(k, e - k);
      bool preceded_by_dot = k > 0 && (t[k - 1] == '.' || t[k - 1] == ':' || t[k - 1] == '$');
      bool followed_by_colon = e < t.size() && t[e] == ':' && (e + 1 >= t.size() || t[e + 1] != ':');
      if (!preceded_by_dot && !followed_by_colon && top_func() >= 0 && is_decision_word(w, lang) &&
          (command_pos || (w != "if" && w != "unless" && w != "while" && w != "until") || ruby))
        ++out.functions[static_cast<std::size_t>(top_func())].complexity;
      if (!preceded_by_dot && !followed_by_colon) {
        if (ruby) {
          if (w == "def" && command_pos) {
            std::size_t nb = e;
            while (nb < t.size() && t[nb] == ' ') ++nb;
            std::size_t ne = nb;
            while (ne < t.size() && (is_ident_char(t[ne]) || t[ne] == '.' || t[ne] == '?' || t[ne] == '!' || t[ne] == '=')) ++ne;
            std::string_view name = t.substr(nb, ne - nb);
            if (auto dot = name.rfind('.'); dot != std::string_view::npos) {
              nb += dot + 1;
              name = name.substr(dot + 1);
            }
            int params = 0;
            std::size_t p = ne;
            while (p < t.size() && t[p] == ' ') ++p;
            std::size_t stop = t.size();
            if (p < t.size() && t[p] == '(') {
              std::size_t m = match_paren(t, p, t.size());
              if (m != std::string_view::npos) {
                params = count_params(t.substr(p + 1, m - p - 1), lang);
                stop = m + 1;
              }
            } else if (p < t.size() && t[p] != ';' && t[p] != '=') {
              std::size_t semi = t.find(';', p);
              stop = semi == std::string_view::npos ? t.size() : semi;
              params = count_params(t.substr(p, stop - p), lang);
            }
            // Endless method `def x = expr` has no `end`.
            std::size_t eq = t.find('=', ne);
            bool endless = eq != std::string_view::npos && eq < t.size() && t.substr(ne, eq - ne).find_first_not_of(" ") == std::string_view::npos &&
                           (eq + 1 >= t.size() || t[eq + 1] != '=');
            if (!endless) push_function(name, base + nb, params, false, ll.first);
            k = std::max(e, std::min(stop, t.size())) - 1;
            command_pos = false;
            continue;
          }
          if ((w == "class" || w == "module") && command_pos) {
            std::size_t nb = e;
            while (nb < t.size() && t[nb] == ' ') ++nb;
            if (nb < t.size() && t[nb] == '<') {  // class << self
              stack.push_back(Frame{BlockKind::Other, top_func(), top_depth()});
            } else {
              std::size_t ne = nb;
              while (ne < t.size() && (is_ident_char(t[ne]) || t[ne] == ':')) ++ne;
              Frame fr{BlockKind::Other, top_func(), top_depth()};
              out.scopes.push_back({std::string(t.substr(nb, ne - nb)), ll.first, ll.first});
              fr.scope = static_cast<int>(out.scopes.size()) - 1;
              stack.push_back(fr);
            }
          } else if ((w == "if" || w == "unless" || w == "while" || w == "until" || w == "case" || w == "for" ||
                      w == "begin") &&
                     command_pos) {
            stack.push_back(Frame{BlockKind::Control, top_func(), top_func() >= 0 ? top_depth() + 1 : top_depth()});
          } else if (w == "do") {
            // A block: `each do |x|`; loops `while x do` already opened their frame.
            std::string_view lead = first;
            if (!(lead == "while" || lead == "until" || lead == "for") || k == 0)
              stack.push_back(Frame{BlockKind::Other, top_func(), top_depth()});
          } else if (w == "end") {
            pop(ll.last, false);
          } else if (w == "rescue" && command_pos) {
            int line = lx.line_of(base + k);
            int col = static_cast<int>(base + k - lx.line_starts[static_cast<std::size_t>(line)]);
            out.handlers.push_back({line, col, col + 6, false});
            pending_handler = static_cast<int>(out.handlers.size()) - 1;
          }
        } else {
          if (w == "function" && command_pos) {
            std::size_t nb = e;
            while (nb < t.size() && t[nb] == ' ') ++nb;
            std::size_t ne = nb;
            while (ne < t.size() && (is_ident_char(t[ne]) || t[ne] == '-' || t[ne] == ':')) ++ne;
            push_function(t.substr(nb, ne - nb), base + nb, 0, true, ll.first);
            k = ne > 0 ? ne - 1 : k;
            // The `{` that follows belongs to the function.
            std::size_t brace = t.find('{', ne);
            if (brace != std::string_view::npos) k = brace;
            command_pos = true;
            continue;
          }
          if (command_pos && e + 1 < t.size() && t.substr(e, 2) == "()") {
            std::size_t brace = t.find('{', e);
            if (brace != std::string_view::npos && trim(t.substr(e + 2, brace - e - 2)).empty()) {
              push_function(w, base + k, 0, true, ll.first);
              k = brace;
              command_pos = true;
              continue;
            }
          }
          if (command_pos && (w == "if" || w == "for" || w == "while" || w == "until" || w == "case" || w == "select")) {
            stack.push_back(Frame{BlockKind::Control, top_func(), top_func() >= 0 ? top_depth() + 1 : top_depth()});
          } else if (command_pos && (w == "fi" || w == "done" || w == "esac")) {
            pop(ll.last, false);
          }
        }
      }
      command_pos = !ruby ? (w == "then" || w == "do" || w == "else" || w == "elif" || w == "in" || w == "time")
                          : (w == "then" || w == "do" || w == "else" || w == "begin" || w == "ensure" ||
                             w == "return" || w == "and" || w == "or" || w == "not");
      k = e - 1;
    }
  });
  int last = static_cast<int>(lx.line_count()) - 1;
  for (auto& f : stack) {
    if (f.own_func >= 0) out.functions[static_cast<std::size_t>(f.own_func)].end_line = last;
    if (f.scope >= 0) out.scopes[static_cast<std::size_t>(f.scope)].end_line = last;
  }
  return out;
}

}  // namespace

StructureInfo analyze_structure(std::string_view text, const LexedSource& lexed, Language lang, int max_depth,
                                const CancelToken& cancel) {
  switch (lex_family(lang)) {
    case LexFamily::Python: return python_structure(lexed, max_depth, cancel);
    case LexFamily::Ruby:
    case LexFamily::Shell: return keyword_structure(lexed, lang, max_depth, cancel);
    case LexFamily::CLike:
    case LexFamily::Php: return BraceScanner(text, lexed, lang, max_depth, cancel).run();
    case LexFamily::None: break;
  }
  return {};
}

}  // namespace cc::analysis
