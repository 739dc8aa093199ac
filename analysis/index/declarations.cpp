// The declaration pass: what the structure pass does not report. Type declarations (classes,
// structs, interfaces, enums, traits, impl blocks as containers), C/C++ prototypes, typedefs
// and macros, type aliases and top-level constants.
//
// Brace languages are read statement by statement over the code view with an explicit stack
// of open braces (namespace and extern "C" braces are transparent, a type's braces hold its
// members, anything else is a body); Python, Ruby and shell line by line. Linear, no recursion.
#include <algorithm>
#include <optional>

#include "analysis/index/extract_detail.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis::index_detail {
namespace {

bool is_modifier(std::string_view w) {
  static constexpr std::string_view kMods[] = {
      "export", "default", "public", "private", "protected", "internal", "static", "abstract", "final", "sealed",
      "partial", "pub", "declare", "async", "unsafe", "data", "open", "readonly", "extern", "inline", "virtual",
      "constexpr", "strictfp", "native", "synchronized", "transient", "volatile", "override", "new", "file",
      "__extension__", "typedef", "const", "unsafe", "ref"};
  return std::find(std::begin(kMods), std::end(kMods), w) != std::end(kMods);
}

struct Word {
  std::string_view text;
  std::size_t at;  // offset in the statement
};

// Words of a statement at bracket depth 0 (generic arguments, parameters and attributes are
// skipped), at most `max`.
std::vector<Word> top_words(std::string_view s, std::size_t max = 16) {
  std::vector<Word> out;
  int depth = 0;
  int angle = 0;
  for (std::size_t k = 0; k < s.size() && out.size() < max;) {
    char c = s[k];
    if (c == '(' || c == '[') {
      ++depth;
      ++k;
    } else if (c == ')' || c == ']') {
      depth = std::max(0, depth - 1);
      ++k;
    } else if (c == '<' && k > 0 && is_ident_char(s[k - 1])) {
      ++angle;
      ++k;
    } else if (c == '>' && angle > 0) {
      --angle;
      ++k;
    } else if (is_ident_start(c)) {
      std::size_t e = ident_end(s, k);
      if (depth == 0 && angle == 0) out.push_back({s.substr(k, e - k), k});
      k = e;
    } else if (is_ident_char(c)) {
      k = ident_end(s, k);
    } else {
      ++k;
    }
  }
  return out;
}

std::optional<SymbolKind> type_keyword(std::string_view w, Language lang) {
  if (w == "class" || w == "record") return SymbolKind::Class;
  if (w == "struct" || w == "union") return SymbolKind::Struct;
  if (w == "interface" || w == "trait" || w == "protocol") return SymbolKind::Interface;
  if (w == "enum") return SymbolKind::Enum;
  if (w == "module" && lang == Language::Ruby) return SymbolKind::Class;
  return std::nullopt;
}

class BraceReader {
 public:
  BraceReader(const Source& src, const StructureInfo& st, std::vector<Definition>& out, const CancelToken& cancel)
      : src_(src), code_(src.lx.code), out_(out), cancel_(cancel) {
    (void)st;
  }

  void run() {
    const std::size_t n = code_.size();
    bool line_start = true;
    for (std::size_t k = 0; k < n; ++k) {
      if ((k & 0xFFFF) == 0 && cancel_.cancelled()) return;
      char c = code_[k];
      if (c == '\n') {
        on_newline(k);
        line_start = true;
        continue;
      }
      if (line_start && c == '#' && (src_.lang == Language::C || src_.lang == Language::Cpp)) {
        k = preprocessor(k);
        stmt_ = k + 1;
        emitted_ = false;
        continue;  // the newline ending the directive is consumed
      }
      if (c != ' ' && c != '\t' && c != '\r') line_start = false;
      switch (c) {
        case '(':
        case '[':
          ++paren_;
          break;
        case ')':
        case ']':
          if (paren_ > 0) --paren_;
          if (paren_ == 0 && go_group_) go_group_ = false, stmt_ = k + 1;
          break;
        case '{':
          open_brace(k);
          break;
        case '}':
          close_brace(k);
          break;
        case ';':
          if (paren_ == 0) {
            if (declaration_context()) statement(std::string_view(code_).substr(stmt_, k - stmt_), stmt_, true);
            stmt_ = k + 1;
            emitted_ = false;
          }
          break;
        default:
          break;
      }
    }
  }

 private:
  enum class Frame { Transparent, Type, Other };
  struct Open {
    Frame kind;
    int def;          // index into out_ for a Type, -1 otherwise
    int saved_paren;  // brackets open outside this brace
  };

  bool declaration_context() const {
    if (stack_.empty()) return true;
    if (stack_.back().kind == Frame::Type) return true;
    return std::all_of(stack_.begin(), stack_.end(), [](const Open& o) { return o.kind == Frame::Transparent; });
  }
  bool top_level() const {
    return std::all_of(stack_.begin(), stack_.end(), [](const Open& o) { return o.kind == Frame::Transparent; });
  }
  int line_of(std::size_t off) const { return src_.lx.line_of(off); }

  // First non-blank offset of the statement that starts at `b`.
  std::size_t skip_blank(std::size_t b, std::size_t e) const {
    while (b < e && is_space_or_nl(code_[b])) ++b;
    return b;
  }

  void emit(std::string_view name, SymbolKind kind, std::size_t name_off, int first_line, int end_line) {
    if (name.empty() || name.size() > 256 || is_keyword(name) || out_.size() >= kMaxDefinitionsPerFile) return;
    Definition d;
    d.name = std::string(name);
    d.kind = kind;
    d.line = first_line;
    d.end_line = std::max(first_line, end_line);
    d.col = static_cast<int>(name_off - src_.lx.line_starts[static_cast<std::size_t>(line_of(name_off))]);
    d.signature = kind == SymbolKind::Macro ? bounded(macro_text(first_line), kMaxSignatureBytes)
                                            : signature_at(src_, first_line);
    d.doc = doc_for(src_, first_line, first_line);
    out_.push_back(std::move(d));
    emitted_ = true;
  }

  std::string macro_text(int line) const {
    std::string s;
    for (int l = line; l < src_.lines() && l < line + 8; ++l) {
      if (!s.empty()) s += '\n';
      std::string_view t = src_.line_text(l);
      s += t;
      if (t.empty() || t.back() != '\\' || s.size() > kMaxSignatureBytes) break;
    }
    return s;
  }

  // `#define NAME ...`: a macro. Returns the offset of the directive's last byte.
  std::size_t preprocessor(std::size_t k) {
    std::size_t e = k;
    while (e < code_.size() && code_[e] != '\n') {
      if (code_[e] == '\\' && e + 1 < code_.size() && code_[e + 1] == '\n') ++e;
      else if (code_[e] == '\\' && e + 2 < code_.size() && code_[e + 1] == '\r' && code_[e + 2] == '\n') e += 2;
      ++e;
    }
    std::string_view d = std::string_view(code_).substr(k + 1, e - k - 1);
    std::size_t p = 0;
    while (p < d.size() && (d[p] == ' ' || d[p] == '\t')) ++p;
    if (d.substr(p, 6) == "define" && top_level()) {
      p += 6;
      while (p < d.size() && (d[p] == ' ' || d[p] == '\t')) ++p;
      std::size_t ne = ident_end(d, p);
      if (ne > p && is_ident_start(d[p]))
        emit(d.substr(p, ne - p), SymbolKind::Macro, k + 1 + p, line_of(k), line_of(e == 0 ? 0 : e - 1));
    }
    return e;
  }

  void open_brace(std::size_t k) {
    std::string_view stmt = std::string_view(code_).substr(stmt_, k - stmt_);
    Open o{Frame::Other, -1, paren_};
    if (paren_ == 0 && declaration_context()) o = classify_open(stmt, stmt_);
    o.saved_paren = paren_;
    stack_.push_back(o);
    paren_ = 0;
    stmt_ = k + 1;
    emitted_ = false;
  }

  void close_brace(std::size_t k) {
    if (stack_.empty()) return;
    Open o = stack_.back();
    stack_.pop_back();
    paren_ = o.saved_paren;
    if (o.kind == Frame::Type && o.def >= 0) {
      out_[static_cast<std::size_t>(o.def)].end_line = line_of(k);
      if (out_[static_cast<std::size_t>(o.def)].name.empty()) pending_typedef_ = o.def;
    }
    stmt_ = k + 1;
    emitted_ = false;
  }

  Open classify_open(std::string_view stmt, std::size_t base) {
    auto words = top_words(stmt);
    if (words.empty()) return {Frame::Other, -1, 0};
    std::string_view first = words[0].text;
    if (first == "namespace" || (first == "extern" && stmt.find('"') != std::string_view::npos) ||
        (first == "mod" && src_.lang == Language::Rust) || (first == "declare" && words.size() > 1 &&
                                                             (words[1].text == "module" || words[1].text == "global")))
      return {Frame::Transparent, -1, 0};
    std::size_t paren = stmt.find('(');
    for (std::size_t i = 0; i < words.size(); ++i) {
      const Word& w = words[i];
      if (paren != std::string_view::npos && w.at > paren) break;
      if (w.text == "impl" && src_.lang == Language::Rust) {
        // `impl<T> Trait for Type` or `impl Type`: a container named after the type.
        std::size_t pick = i + 1;
        for (std::size_t j = i + 1; j < words.size(); ++j)
          if (words[j].text == "for" && j + 1 < words.size()) pick = j + 1;
        if (pick < words.size()) return open_type(words[pick], SymbolKind::Class, base, /*container_only=*/true);
        return {Frame::Type, -1, 0};
      }
      if (src_.lang == Language::Go && w.text == "type" && i + 2 < words.size()) {
        auto k = words[i + 2].text == "interface" ? SymbolKind::Interface : SymbolKind::Struct;
        return open_type(words[i + 1], k, base, false);
      }
      if (auto kind = type_keyword(w.text, src_.lang)) {
        std::size_t j = i + 1;
        if (*kind == SymbolKind::Enum && j < words.size() && (words[j].text == "class" || words[j].text == "struct")) ++j;
        while (j < words.size() && (words[j].text == "alignas" || starts_with(words[j].text, "__"))) ++j;
        if (j < words.size() && words[j].text != "extends" && words[j].text != "implements")
          return open_type(words[j], *kind, base, false);
        // Anonymous (`typedef struct {`): named by the declarator after the closing brace.
        return open_type(Word{{}, w.at}, *kind, base, false);
      }
      if (!is_modifier(w.text) && i > 2) break;
    }
    if (!emitted_ && top_level()) constant(stmt, base);
    return {Frame::Other, -1, 0};
  }

  Open open_type(const Word& w, SymbolKind kind, std::size_t base, bool container_only) {
    std::size_t off = base + w.at;
    int line = line_of(skip_blank(base, off + 1));
    if (container_only) {
      // An impl block is a container for the methods inside, not a definition of its own.
      Definition d;
      d.name = std::string(w.text);
      d.kind = SymbolKind::Class;
      d.line = line;
      d.end_line = line;
      d.signature = "\x01impl";  // marker: dropped after the pass (see collect_declarations)
      out_.push_back(std::move(d));
      return {Frame::Type, static_cast<int>(out_.size()) - 1, 0};
    }
    if (out_.size() >= kMaxDefinitionsPerFile) return {Frame::Type, -1, 0};
    Definition d;
    d.name = std::string(w.text);
    d.kind = kind;
    d.line = line;
    d.end_line = line;
    d.col = static_cast<int>(off - src_.lx.line_starts[static_cast<std::size_t>(line_of(off))]);
    d.signature = signature_at(src_, line);
    d.doc = doc_for(src_, line, line);
    out_.push_back(std::move(d));
    return {Frame::Type, static_cast<int>(out_.size()) - 1, 0};
  }

  // A complete statement in a declaration context.
  void statement(std::string_view stmt, std::size_t base, bool semicolon) {
    if (emitted_) return;
    std::size_t b = 0;
    while (b < stmt.size() && is_space_or_nl(stmt[b])) ++b;
    if (b == stmt.size()) return;
    auto words = top_words(stmt);
    if (words.empty()) return;
    int first_line = line_of(base + b);
    std::string_view first = words[0].text;
    if (pending_typedef_ >= 0) {  // `} name;` after an anonymous struct
      auto& d = out_[static_cast<std::size_t>(pending_typedef_)];
      pending_typedef_ = -1;
      if (d.name.empty()) d.name = std::string(words[0].text);
      return;
    }
    if (first == "func" && src_.lang == Language::Go) {
      // A declaration without a body (implemented in assembly): `func Sizeof(x T) uintptr`.
      std::size_t k = words[0].at + 4;
      while (k < stmt.size() && is_space_or_nl(stmt[k])) ++k;
      if (k < stmt.size() && stmt[k] == '(') {  // a receiver
        int depth = 0;
        for (; k < stmt.size(); ++k) {
          if (stmt[k] == '(') ++depth;
          else if (stmt[k] == ')' && --depth == 0) break;
        }
        ++k;
        while (k < stmt.size() && is_space_or_nl(stmt[k])) ++k;
      }
      std::size_t e = ident_end(stmt, k);
      if (e > k && is_ident_start(stmt[k])) emit(stmt.substr(k, e - k), SymbolKind::Function, base + k, first_line, first_line);
      return;
    }
    if (first == "typedef") {
      // Function pointer `typedef int (*name)(...)` or the last top-level word.
      std::size_t star = stmt.find("(*");
      if (star != std::string_view::npos) {
        std::size_t nb = star + 2;
        while (nb < stmt.size() && stmt[nb] == ' ') ++nb;
        std::size_t ne = ident_end(stmt, nb);
        if (ne > nb) emit(stmt.substr(nb, ne - nb), SymbolKind::Type, base + nb, first_line, line_of(base + stmt.size()));
        return;
      }
      for (std::size_t i = words.size(); i-- > 1;) {
        if (starts_with(words[i].text, "__")) continue;
        emit(words[i].text, SymbolKind::Type, base + words[i].at, first_line, line_of(base + stmt.size()));
        return;
      }
      return;
    }
    std::size_t t = 0;
    while (t + 1 < words.size() && (words[t].text == "export" || words[t].text == "declare" || words[t].text == "pub"))
      ++t;
    if (words[t].text == "type" && t + 1 < words.size() &&
        (src_.lang == Language::TypeScript || src_.lang == Language::Rust || src_.lang == Language::Go)) {
      emit(words[t + 1].text, SymbolKind::Type, base + words[t + 1].at, first_line, line_of(base + stmt.size()));
      return;
    }
    if (semicolon && prototype(stmt, base, words, first_line)) return;
    constant(stmt, base);
  }

  bool prototype(std::string_view stmt, std::size_t base, const std::vector<Word>& words, int first_line) {
    std::size_t open = std::string_view::npos;
    int depth = 0;
    for (std::size_t k = 0; k < stmt.size(); ++k) {
      char c = stmt[k];
      if (c == '=' && depth == 0) return false;  // an initialiser, not a declaration
      if (c == '(') {
        if (depth == 0 && open == std::string_view::npos) {
          open = k;
          break;
        }
        ++depth;
      }
    }
    if (open == std::string_view::npos) return false;
    std::size_t e = open;
    while (e > 0 && is_space_or_nl(stmt[e - 1])) --e;
    std::size_t nb = e;
    while (nb > 0 && is_ident_char(stmt[nb - 1])) --nb;
    if (nb == e || !is_ident_start(stmt[nb])) return false;
    std::string_view name = stmt.substr(nb, e - nb);
    bool in_type = !stack_.empty() && stack_.back().kind == Frame::Type;
    bool c_like = src_.lang == Language::C || src_.lang == Language::Cpp;
    // C needs a return type before the name (a bare `MACRO(x);` is a macro call).
    std::size_t words_before = 0;
    for (const auto& w : words)
      if (w.at < nb) ++words_before;
    if (c_like && words_before == 0 && !in_type) return false;
    if (!c_like && !in_type) return false;
    emit(name, SymbolKind::Function, base + nb, first_line, line_of(base + stmt.size()));
    return true;
  }

  void constant(std::string_view stmt, std::size_t base) {
    if (emitted_) return;
    auto words = top_words(stmt, 8);
    if (words.empty()) return;
    std::size_t i = 0;
    while (i < words.size() && (words[i].text == "export" || words[i].text == "declare" || words[i].text == "pub"))
      ++i;
    if (i >= words.size()) return;
    std::string_view w = words[i].text;
    auto first_line = [&] { return line_of(skip_blank(base, base + stmt.size())); };
    auto eq = [&](std::size_t from) {
      for (std::size_t k = from; k < stmt.size(); ++k)
        if (stmt[k] == '=' && (k + 1 >= stmt.size() || stmt[k + 1] != '=')) return k;
      return std::string_view::npos;
    };
    switch (src_.lang) {
      case Language::JavaScript:
      case Language::TypeScript:
        if ((w == "const" || w == "let" || w == "var") && i + 1 < words.size() && top_level()) {
          std::size_t after = words[i + 1].at + words[i + 1].text.size();
          std::size_t k = after;
          while (k < stmt.size() && is_space_or_nl(stmt[k])) ++k;
          if (k < stmt.size() && (stmt[k] == '=' || stmt[k] == ':'))
            emit(words[i + 1].text, SymbolKind::Constant, base + words[i + 1].at, first_line(), first_line());
        }
        return;
      case Language::Go:
        if ((w == "const" || w == "var") && i + 1 < words.size() && top_level())
          emit(words[i + 1].text, SymbolKind::Constant, base + words[i + 1].at, first_line(), first_line());
        return;
      case Language::Rust:
        if ((w == "const" || w == "static") && i + 1 < words.size()) {
          std::size_t j = i + 1;
          if (words[j].text == "mut" && j + 1 < words.size()) ++j;
          emit(words[j].text, SymbolKind::Constant, base + words[j].at, first_line(), first_line());
        }
        return;
      case Language::Php:
        if (w == "const" && i + 1 < words.size())
          emit(words[i + 1].text, SymbolKind::Constant, base + words[i + 1].at, first_line(), first_line());
        return;
      default:
        break;
    }
    // C, C++, Java, C#: `const`/`constexpr`/`final`/`readonly` with an initialiser.
    bool constant_word = false;
    for (const auto& x : words)
      if (x.text == "const" || x.text == "constexpr" || x.text == "final" || x.text == "readonly") constant_word = true;
    std::size_t at = eq(0);
    if (!constant_word || at == std::string_view::npos) return;
    if (stmt.substr(0, at).find('(') != std::string_view::npos) return;
    std::size_t e = at;
    while (e > 0 && (is_space_or_nl(stmt[e - 1]) || stmt[e - 1] == ']' || stmt[e - 1] == '[')) {
      if (stmt[e - 1] == ']') {
        std::size_t o = stmt.rfind('[', e - 1);
        if (o == std::string_view::npos) return;
        e = o;
      } else {
        --e;
      }
    }
    std::size_t nb = e;
    while (nb > 0 && is_ident_char(stmt[nb - 1])) --nb;
    if (nb < e) emit(stmt.substr(nb, e - nb), SymbolKind::Constant, base + nb, first_line(), first_line());
  }

  void on_newline(std::size_t k) {
    bool go = src_.lang == Language::Go;
    bool js = src_.lang == Language::JavaScript || src_.lang == Language::TypeScript;
    if (!go && !js) return;
    if (!declaration_context()) return;
    std::string_view stmt = std::string_view(code_).substr(stmt_, k - stmt_);
    if (go) {
      if (go_group_) {  // one name per line inside `const (` / `var (`
        std::string_view line = trim(src_.code_line(line_of(k)));
        std::string_view w = first_word(line);
        if (paren_ == 1 && !w.empty() && line.find('(') == std::string_view::npos) {
          std::size_t off = src_.lx.line_starts[static_cast<std::size_t>(line_of(k))] +
                            (src_.code_line(line_of(k)).find(w));
          emit(w, SymbolKind::Constant, off, line_of(k), line_of(k));
        }
        emitted_ = false;
        return;
      }
      std::string_view t = trim(stmt);
      if (paren_ == 1 && !t.empty() && t.back() == '(') {
        std::string_view w = first_word(t);
        if (w == "const" || w == "var") go_group_ = true;
        return;
      }
      if (paren_ != 0) return;
      statement(stmt, stmt_, false);
      stmt_ = k + 1;
      emitted_ = false;
      return;
    }
    // JavaScript/TypeScript without semicolons: a line that cannot continue ends the statement.
    if (paren_ != 0) return;
    std::string_view t = trim(stmt);
    if (t.empty()) {
      stmt_ = k + 1;
      return;
    }
    char last = t.back();
    static constexpr std::string_view kContinues = ",([{=+-*/.&|?:<>!";
    if (kContinues.find(last) != std::string_view::npos) return;
    statement(stmt, stmt_, false);
    stmt_ = k + 1;
    emitted_ = false;
  }

  const Source& src_;
  const std::string& code_;
  std::vector<Definition>& out_;
  const CancelToken& cancel_;
  std::vector<Open> stack_;
  std::size_t stmt_ = 0;
  int paren_ = 0;
  bool emitted_ = false;
  bool go_group_ = false;
  int pending_typedef_ = -1;
};

int indent_of(std::string_view line) {
  int n = 0;
  for (char c : line) {
    if (c == ' ') ++n;
    else if (c == '\t') n += 8 - n % 8;
    else break;
  }
  return n;
}

// The last line of an indentation block opened by `line` (Python).
int indented_end(const Source& src, int line) {
  int base = indent_of(src.code_line(line));
  int last = line;
  for (int l = line + 1; l < src.lines(); ++l) {
    std::string_view code = src.code_line(l);
    if (trim(code).empty()) continue;
    if (indent_of(code) <= base) break;
    last = l;
  }
  return last;
}

int scope_end(const StructureInfo& st, std::string_view name, int line, int fallback) {
  for (const auto& s : st.scopes)
    if (s.begin_line == line && s.name == name) return std::max(s.end_line, line);
  return fallback;
}

// Python, Ruby and shell: one logical line at a time.
void line_declarations(const Source& src, const StructureInfo& st, std::vector<Definition>& out,
                       const CancelToken& cancel) {
  int depth = 0;  // open brackets at the start of the line (continuation lines are skipped)
  for (int l = 0; l < src.lines(); ++l) {
    if ((l & 1023) == 0 && cancel.cancelled()) return;
    if (out.size() >= kMaxDefinitionsPerFile) return;
    std::string_view code = src.code_line(l);
    bool continuation = depth > 0;
    for (char c : code) {
      if (c == '(' || c == '[' || c == '{') ++depth;
      else if (c == ')' || c == ']' || c == '}') depth = std::max(0, depth - 1);
    }
    if (continuation) continue;
    std::string_view t = trim(code);
    if (t.empty()) continue;
    int indent = indent_of(code);
    std::string_view w = first_word(t);
    auto add = [&](std::string_view name, SymbolKind kind, int end_line) {
      if (name.empty() || name.size() > 256) return;
      Definition d;
      d.name = std::string(name);
      d.kind = kind;
      d.line = l;
      d.end_line = std::max(l, end_line);
      d.col = static_cast<int>(code.find(name));
      d.signature = signature_at(src, l);
      int header_end = l + static_cast<int>(std::count(d.signature.begin(), d.signature.end(), '\n'));
      d.doc = doc_for(src, l, header_end);
      out.push_back(std::move(d));
    };
    if (src.lang == Language::Python) {
      if (w == "class") {
        std::string_view name = first_word(t.substr(5));
        add(name, SymbolKind::Class, scope_end(st, name, l, indented_end(src, l)));
      } else if (indent == 0 && !w.empty() && w != "def" && w != "async" && !is_keyword(w)) {
        std::string_view rest = trim(t.substr(w.size()));
        if (rest.empty()) continue;
        if (rest[0] == ':') {  // NAME: Type = value
          std::size_t eq = rest.find('=');
          if (eq == std::string_view::npos || (eq + 1 < rest.size() && rest[eq + 1] == '=')) continue;
          add(w, SymbolKind::Constant, l);
        } else if (rest[0] == '=' && (rest.size() < 2 || rest[1] != '=')) {
          add(w, SymbolKind::Constant, l);
        }
      }
    } else if (src.lang == Language::Ruby) {
      if (w == "class" || w == "module") {
        std::string_view rest = trim(t.substr(w.size()));
        if (starts_with(rest, "<<")) continue;  // class << self
        std::string_view name = first_word(rest);
        // `class A::B`: the last segment names it.
        std::size_t e = name.size();
        while (e < rest.size() && (rest[e] == ':' || is_ident_char(rest[e]))) ++e;
        std::string_view full = rest.substr(0, e);
        std::size_t colon = full.rfind("::");
        if (colon != std::string_view::npos) name = full.substr(colon + 2);
        add(name, SymbolKind::Class, scope_end(st, first_word(rest), l, l));
      } else if (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') {
        std::string_view rest = trim(t.substr(w.size()));
        if (!rest.empty() && rest[0] == '=' && (rest.size() < 2 || (rest[1] != '=' && rest[1] != '~')))
          add(w, SymbolKind::Constant, l);
      }
    } else if (src.lang == Language::Shell) {
      if (indent == 0 && !w.empty() && w.size() < t.size() && t[w.size()] == '=' && w[0] >= 'A' && w[0] <= 'Z')
        add(w, SymbolKind::Constant, l);
    }
  }
}

}  // namespace

void collect_declarations(const Source& src, const StructureInfo& st, std::vector<Definition>& out,
                          const CancelToken& cancel) {
  switch (lex_family(src.lang)) {
    case LexFamily::CLike:
    case LexFamily::Php: {
      BraceReader(src, st, out, cancel).run();
      // Impl blocks served as containers; the methods inside now name them. Keep a container
      // definition only while collecting (extract_symbols assigns containers by range).
      break;
    }
    case LexFamily::Python:
    case LexFamily::Ruby:
    case LexFamily::Shell:
      line_declarations(src, st, out, cancel);
      break;
    case LexFamily::None:
      break;
  }
  // Anonymous types that never got a declarator name are dropped.
  out.erase(std::remove_if(out.begin(), out.end(), [](const Definition& d) { return d.name.empty(); }), out.end());
}

}  // namespace cc::analysis::index_detail
