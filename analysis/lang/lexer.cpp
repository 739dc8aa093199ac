#include "analysis/lang/lexer.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "analysis/scan/background_priority.h"
#include "analysis/lang/text_util.h"
#include "protocol/positions.h"

namespace cc::analysis {

int LexedSource::line_of(std::size_t offset) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  return static_cast<int>(it - line_starts.begin()) - 1;
}

std::size_t LexedSource::line_end(std::size_t line) const {
  if (line + 1 < line_starts.size()) return line_starts[line + 1] - 1;
  return code.size();
}

std::string_view LexedSource::code_line(std::size_t line) const {
  if (line >= line_starts.size()) return {};
  std::size_t b = line_starts[line];
  return std::string_view(code).substr(b, line_end(line) - b);
}

const StringLiteral* LexedSource::string_at(std::size_t offset) const {
  auto it = std::lower_bound(strings.begin(), strings.end(), offset,
                             [](const StringLiteral& s, std::size_t off) { return s.begin < off; });
  return (it != strings.end() && it->begin == offset) ? &*it : nullptr;
}

const StringLiteral* LexedSource::string_covering(std::size_t offset) const {
  auto it = std::upper_bound(strings.begin(), strings.end(), offset,
                             [](std::size_t off, const StringLiteral& s) { return off < s.begin; });
  // Interpolated strings may contain other strings; walk back a few candidates.
  for (int k = 0; k < 4 && it != strings.begin(); ++k) {
    --it;
    if (offset >= it->begin && offset < it->end) return &*it;
  }
  return nullptr;
}

namespace {

// How a byte behaves in code mode before any family-specific rule looks at it. Most of a source
// file is blanks, identifiers and operators that never start a comment, string or heredoc: the
// lexer consumes those in a tight loop and only dispatches on the rest.
enum CodeByte : unsigned char { kSpecial = 0, kBlank, kWord, kOperator, kBracket };
struct CodeByteTable {
  CodeByte cls[256] = {};
  // `special`: bytes the family's step handles itself (everything else is a plain operator);
  // empty means only the operators below are plain.
  constexpr explicit CodeByteTable(std::string_view special = {}) {
    if (!special.empty())
      for (int c = 0; c < 256; ++c) cls[c] = kOperator;
    for (char c : special) cls[static_cast<unsigned char>(c)] = kSpecial;
    cls[static_cast<unsigned char>('\n')] = kSpecial;
    for (int c = 0; c < 256; ++c) {
      bool ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
      if (ident) cls[c] = kWord;
    }
    cls[static_cast<unsigned char>(' ')] = cls[static_cast<unsigned char>('\t')] = cls[static_cast<unsigned char>('\r')] = kBlank;
    // No family gives these a lexical role.
    for (char c : std::string_view(";,.=+-*&|!~^[]>")) cls[static_cast<unsigned char>(c)] = kOperator;
    // Brackets matter only while an interpolation is open (one of them may close it).
    for (char c : std::string_view("(){}")) cls[static_cast<unsigned char>(c)] = kBracket;
  }
};
// Ruby, shell and PHP give many punctuation bytes a role: only the common operators are plain.
inline constexpr CodeByteTable kCodeBytes{};
// C-like and Python steps react to few bytes (comments, quotes, C# verbatim/interpolated
// strings, JS regexes); every other byte is plain code.
inline constexpr CodeByteTable kCodeBytesCLike{std::string_view("/\"'`@$")};
inline constexpr CodeByteTable kCodeBytesPython{std::string_view("#\"'")};

enum class Interp { None, DollarBrace, Brace, HashBrace, PhpVar, ShellVar };

// How a string literal's body is scanned.
struct StrSpec {
  char close = '"';
  char open = 0;             // for nesting delimiters (Ruby %q(..)); 0 = none
  bool triple = false;       // closes on three `close` characters
  bool escapes = true;       // backslash escapes the next byte
  bool multiline = false;    // may contain raw newlines
  bool doubled_close = false;  // `""` inside the literal is an escaped quote (C# verbatim)
  Interp interp = Interp::None;
  std::string terminator;    // raw strings: closing sequence (e.g. `)delim"` or `"##`)
  char kind = '"';
};

struct Frame {
  StrSpec spec;
  std::size_t string_index;
  int depth = 0;     // open brackets of the closer's kind inside the interpolation
  char opener = '{';
  char closer = '}';
  int nest = 0;      // delimiter nesting level of the string (Ruby %Q(..(..)..))
};

struct PendingHeredoc {
  std::string terminator;
  bool interpolated = true;
  bool indented_close = true;  // closing line may be indented (<<-, <<~, PHP >= 7.3)
};

class Lexer {
 public:
  Lexer(std::string_view text, Language lang, const CancelToken& cancel)
      : t_(text), n_(text.size()), lang_(lang), family_(lex_family(lang)), cancel_(cancel) {
    out_.code.assign(text.begin(), text.end());
  }

  LexedSource run() {
    out_.line_starts.push_back(0);
    protocol::append_line_starts(t_, 0, n_, out_.line_starts);  // the editor's line ends
    if (family_ == LexFamily::Php) php_html_ = true;
    std::size_t next_check = 1 << 16;
    while (i_ < n_) {
      if (i_ >= next_check) {
        next_check = i_ + (1 << 16);
        background_checkpoint();
        if (cancel_.cancelled()) {
          out_.cancelled = true;
          break;
        }
      }
      if (!php_html_ && family_ != LexFamily::None) {
        skip_plain_code(std::min(n_, next_check));
        if (i_ >= n_) break;
        if (i_ >= next_check) continue;
      }
      step();
    }
    // Unterminated interpolation frames: their strings run to the end.
    while (!frames_.empty()) {
      auto& s = out_.strings[frames_.back().string_index];
      s.end = s.content_end = n_;
      s.terminated = false;
      frames_.pop_back();
    }
    // Literals arrive in order except around interpolations: sort only when needed.
    auto by_begin = [](const StringLiteral& a, const StringLiteral& b) { return a.begin < b.begin; };
    if (!std::is_sorted(out_.strings.begin(), out_.strings.end(), by_begin))
      std::sort(out_.strings.begin(), out_.strings.end(), by_begin);
    return std::move(out_);
  }

 private:
  char at(std::size_t k) const { return k < n_ ? t_[k] : '\0'; }
  bool starts(std::size_t k, std::string_view s) const { return t_.substr(k, s.size()) == s; }
  // Blanks [b, e) in the code view, keeping newlines (memchr/memset over each line segment).
  void blank(std::size_t b, std::size_t e) {
    e = std::min(e, n_);
    char* d = out_.code.data();
    while (b < e) {
      const void* nl = std::memchr(d + b, '\n', e - b);
      std::size_t stop = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - d) : e;
      std::memset(d + b, ' ', stop - b);
      b = stop + 1;
    }
  }

  // Consumes blanks, identifiers and plain operators up to `limit`, tracking the last significant
  // byte exactly as the per-byte steps would. Stops before anything a family step must see: a
  // possible string prefix (identifier followed by a quote or '#'), a newline with heredocs
  // pending, a Ruby line start (`=begin`, `__END__`) or any other special byte.
  void skip_plain_code(std::size_t limit) {
    const bool ruby = family_ == LexFamily::Ruby;
    const bool newline_plain = pending_.empty();
    const bool brackets_plain = frames_.empty();
    const CodeByteTable& table = family_ == LexFamily::CLike    ? kCodeBytesCLike
                                 : family_ == LexFamily::Python ? kCodeBytesPython
                                                                : kCodeBytes;
    while (i_ < limit) {
      const char c = t_[i_];
      const CodeByte cls = table.cls[static_cast<unsigned char>(c)];
      if (cls == kBlank || (c == '\n' && newline_plain)) {
        ++i_;
        continue;
      }
      if (cls == kSpecial || (cls == kBracket && !brackets_plain)) return;
      if (ruby && (i_ == 0 || t_[i_ - 1] == '\n')) return;
      if (cls == kWord) {
        std::size_t e = ident_end(t_, i_ + 1);
        if (e < n_) {
          char next = t_[e];
          if (next == '"' || next == '\'' || next == '#' || next == '`') return;
        }
        last_sig_ = t_[e - 1];
        last_sig_pos_ = e - 1;
        i_ = e;
        continue;
      }
      last_sig_ = c;  // kOperator
      last_sig_pos_ = i_;
      ++i_;
    }
  }
  void note_code(char c) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') last_sig_ = c, last_sig_pos_ = i_;
  }

  // ---- comments -------------------------------------------------------------------------
  void line_comment(std::size_t from) {
    std::size_t e = from;
    if (family_ == LexFamily::Php) {
      while (e < n_ && t_[e] != '\n' && t_[e] != '\r') {
        if (t_[e] == '?' && at(e + 1) == '>') break;
        ++e;
      }
    } else {
      // Ends at \n or \r: code after a lone \r is on the next line for the editor.
      e = t_.find_first_of("\r\n", from);
      if (e == std::string_view::npos) e = n_;
    }
    out_.comments.push_back({from, e});
    blank(from, e);
    i_ = e;
  }
  void block_comment(std::size_t from, bool nested) {
    std::size_t e = std::min(from + 2, n_);
    if (!nested) {
      std::size_t close = t_.find("*/", e);
      e = close == std::string_view::npos ? n_ : close + 2;
    } else {
      int depth = 1;
      while (e < n_) {
        if (t_[e] == '*' && at(e + 1) == '/') {
          e += 2;
          if (--depth == 0) break;
          continue;
        }
        if (t_[e] == '/' && at(e + 1) == '*') {
          ++depth;
          e += 2;
          continue;
        }
        ++e;
      }
    }
    if (e > n_) e = n_;
    out_.comments.push_back({from, e});
    blank(from, e);
    i_ = e;
  }

  // ---- strings ---------------------------------------------------------------------------
  // Starts a literal at `begin` whose content starts at `content`.
  void start_string(std::size_t begin, std::size_t content, StrSpec spec) {
    StringLiteral s;
    s.begin = begin;
    s.content_begin = content;
    s.kind = spec.kind;
    out_.strings.push_back(s);
    std::size_t idx = out_.strings.size() - 1;
    scan_body(content, spec, idx, 0);
  }

  // Scans string content from `k` until the end of the literal or an interpolation opener.
  void scan_body(std::size_t k, const StrSpec& spec, std::size_t idx, int nest) {
    StringLiteral* s = &out_.strings[idx];
    std::size_t seg_begin = k;
    if (!spec.terminator.empty()) {
      // Raw strings: nothing inside matters but the closing sequence.
      std::size_t close = t_.find(spec.terminator, k);
      if (close != std::string_view::npos) {
        blank(seg_begin, close);
        s->content_end = close;
        s->end = close + spec.terminator.size();
        i_ = s->end;
        last_sig_ = '"';
        return;
      }
      k = n_;
    }
    // The only bytes with a role inside this literal; everything else is skipped in bulk.
    const char stop_close = spec.close;
    const char stop_open = spec.open ? spec.open : '\\';
    char stop_a = '\\', stop_b = '\\';
    switch (spec.interp) {
      case Interp::DollarBrace: stop_a = '$'; break;
      case Interp::Brace: stop_a = '{'; break;
      case Interp::HashBrace: stop_a = '#'; break;
      case Interp::PhpVar: stop_a = '$', stop_b = '{'; break;
      case Interp::ShellVar: stop_a = '$', stop_b = '`'; break;
      case Interp::None: break;
    }
    while (k < n_) {
      for (char b = t_[k]; b != '\\' && b != '\n' && b != stop_close && b != stop_open && b != stop_a && b != stop_b;) {
        if (++k >= n_) break;
        b = t_[k];
      }
      if (k >= n_) break;
      char c = t_[k];
      if (c == '\\' && spec.escapes) {
        k += 2;
        continue;
      }
      if (c == '\n' && !spec.multiline) break;
      if (spec.open && c == spec.open) {
        ++nest;
        ++k;
        continue;
      }
      if (c == spec.close) {
        if (spec.doubled_close && at(k + 1) == spec.close) {
          k += 2;
          continue;
        }
        if (spec.triple) {
          if (at(k + 1) == c && at(k + 2) == c) {
            blank(seg_begin, k);
            s->content_end = k;
            s->end = k + 3;
            i_ = k + 3;
            last_sig_ = '"';
            return;
          }
          ++k;
          continue;
        }
        if (spec.open && nest > 0) {
          --nest;
          ++k;
          continue;
        }
        blank(seg_begin, k);
        s->content_end = k;
        s->end = k + 1;
        i_ = k + 1;
        last_sig_ = '"';
        return;
      }
      // Interpolation openers.
      std::optional<std::pair<std::size_t, char>> open;  // (code start, closer)
      switch (spec.interp) {
        case Interp::DollarBrace:
          if (c == '$' && at(k + 1) == '{') open = {{k + 2, '}'}};
          break;
        case Interp::Brace:
          if (c == '{') {
            if (at(k + 1) == '{') {
              k += 2;
              continue;
            }
            open = {{k + 1, '}'}};
          }
          break;
        case Interp::HashBrace:
          if (c == '#' && at(k + 1) == '{') open = {{k + 2, '}'}};
          break;
        case Interp::PhpVar:
          if (c == '$' && is_ident_start(at(k + 1))) s->interpolated = true;
          if (c == '{' && at(k + 1) == '$') open = {{k + 1, '}'}};
          break;
        case Interp::ShellVar:
          if (c == '$' && (is_ident_start(at(k + 1)) || at(k + 1) == '{' || (at(k + 1) >= '0' && at(k + 1) <= '9') ||
                           at(k + 1) == '@' || at(k + 1) == '*'))
            s->interpolated = true;
          if (c == '$' && at(k + 1) == '(') open = {{k + 2, ')'}};
          if (c == '`') s->interpolated = true;
          break;
        case Interp::None:
          break;
      }
      if (open) {
        s->interpolated = true;
        blank(seg_begin, k);
        Frame f;
        f.spec = spec;
        f.string_index = idx;
        f.closer = open->second;
        f.opener = open->second == ')' ? '(' : '{';
        f.nest = nest;
        frames_.push_back(std::move(f));
        i_ = open->first;
        last_sig_ = '(';
        return;
      }
      ++k;
    }
    // Unterminated (newline in a single-line literal, or end of text; an escape may step past it).
    k = std::min(k, n_);
    blank(seg_begin, k);
    s->content_end = k;
    s->end = k;
    s->terminated = false;
    i_ = k;
  }

  // Called in code mode for a bracket that may close the current interpolation.
  bool handle_frame_bracket(char c) {
    if (frames_.empty()) return false;
    Frame& f = frames_.back();
    if (c == f.opener) {
      ++f.depth;
      return false;
    }
    if (c != f.closer) return false;
    if (f.depth > 0) {
      --f.depth;
      return false;
    }
    Frame done = std::move(frames_.back());
    frames_.pop_back();
    scan_body(i_ + 1, done.spec, done.string_index, done.nest);
    return true;
  }

  // ---- heredocs ---------------------------------------------------------------------------
  void scan_heredoc_bodies(std::size_t line_start) {
    std::size_t k = line_start;
    for (auto& h : pending_) {
      StringLiteral s;
      s.begin = k;
      s.content_begin = k;
      s.kind = 'h';
      s.terminated = false;
      std::size_t end = n_;
      while (k < n_) {
        std::size_t eol = t_.find('\n', k);
        if (eol == std::string_view::npos) eol = n_;
        std::string_view line = t_.substr(k, eol - k);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t ws = 0;
        if (h.indented_close)
          while (ws < line.size() && (line[ws] == ' ' || line[ws] == '\t')) ++ws;
        std::string_view rest = line.substr(ws);
        if (rest.substr(0, h.terminator.size()) == h.terminator &&
            (rest.size() == h.terminator.size() || !is_ident_char(rest[h.terminator.size()]))) {
          s.content_end = k;
          s.terminated = true;
          end = k + ws + h.terminator.size();
          break;
        }
        if (h.interpolated && (line.find('$') != std::string_view::npos || line.find("#{") != std::string_view::npos))
          s.interpolated = true;
        k = eol + 1;
      }
      if (!s.terminated) s.content_end = n_;
      s.end = std::min(end, n_);
      blank(s.content_begin, s.content_end);
      out_.strings.push_back(s);
      k = s.end;
    }
    pending_.clear();
    i_ = std::min(k, n_);
  }

  // Parses `<<ID`, `<<-ID`, `<<~ID`, `<<'ID'`, `<<"ID"` (shell/Ruby) at i_ (pointing at "<<").
  bool try_heredoc_marker() {
    std::size_t k = i_ + 2;
    bool indented = false;
    if (family_ == LexFamily::Php) {
      k = i_ + 3;  // <<<
      indented = true;
      while (at(k) == ' ') ++k;
    } else if (at(k) == '-' || at(k) == '~') {
      indented = true;
      ++k;
    } else if (family_ == LexFamily::Shell) {
      while (at(k) == ' ') ++k;
    }
    bool interpolated = true;
    char q = at(k);
    std::size_t b = k;
    if (q == '\'' || q == '"') {
      interpolated = (q == '"');
      b = k + 1;
    } else if (family_ == LexFamily::Shell && q == '\\') {
      interpolated = false;
      b = k + 1;
    } else {
      q = 0;
    }
    if (!is_ident_start(at(b))) return false;
    std::size_t e = b;
    while (e < n_ && is_ident_char(t_[e])) ++e;
    // Ruby: `x <<VALUE` could be a shift; require an upper-case or quoted identifier there.
    if (family_ == LexFamily::Ruby && !q && !indented && !(t_[b] >= 'A' && t_[b] <= 'Z')) return false;
    if (q && at(e) != q) return false;
    pending_.push_back({std::string(t_.substr(b, e - b)), interpolated, indented || family_ == LexFamily::Ruby});
    i_ = q ? e + 1 : e;
    last_sig_ = 'h';
    return true;
  }

  // ---- regex literals (JS/TS, Ruby) --------------------------------------------------------
  bool regex_allowed() const {
    if (last_sig_ == 0) return true;
    if (std::string_view("(,=:[!&|?{};+-*%<>~^").find(last_sig_) != std::string_view::npos) return true;
    if (is_ident_char(last_sig_)) {
      // After a keyword such as `return` a slash starts a regex.
      std::size_t e = last_sig_pos_ + 1, b = e;
      while (b > 0 && is_ident_char(t_[b - 1])) --b;
      std::string_view w = t_.substr(b, e - b);
      static constexpr std::string_view kw[] = {"return", "typeof", "case", "do", "else", "in", "of", "new",
                                                "delete", "void", "throw", "yield", "await", "when", "if",
                                                "unless", "and", "or", "not", "elsif", "while", "until"};
      for (auto k : kw)
        if (w == k) return true;
    }
    return false;
  }
  bool try_regex() {
    std::size_t k = i_ + 1;
    bool in_class = false;
    while (k < n_ && t_[k] != '\n') {
      char c = t_[k];
      if (c == '\\') {
        k += 2;
        continue;
      }
      if (c == '[') in_class = true;
      else if (c == ']') in_class = false;
      else if (c == '/' && !in_class) break;
      ++k;
    }
    if (k >= n_ || t_[k] != '/') return false;
    if (k == i_ + 1) return false;  // `//` is a comment, handled earlier
    StringLiteral s;
    s.begin = i_;
    s.content_begin = i_ + 1;
    s.content_end = k;
    s.end = k + 1;
    s.kind = '/';
    blank(i_ + 1, k);
    out_.strings.push_back(s);
    i_ = k + 1;
    while (i_ < n_ && is_ident_char(t_[i_])) ++i_;
    last_sig_ = 'r';
    return true;
  }

  // ---- main dispatch ----------------------------------------------------------------------
  void step() {
    if (php_html_) {
      php_html_step();
      return;
    }
    char c = t_[i_];
    if (c == '\n') {
      if (!pending_.empty()) {
        scan_heredoc_bodies(i_ + 1);
        return;
      }
      ++i_;
      return;
    }
    switch (family_) {
      case LexFamily::CLike: clike_step(c); break;
      case LexFamily::Python: python_step(c); break;
      case LexFamily::Ruby: ruby_step(c); break;
      case LexFamily::Shell: shell_step(c); break;
      case LexFamily::Php: php_step(c); break;
      case LexFamily::None: ++i_; break;
    }
  }

  // Common handling of brackets/ident chars in code; returns after advancing.
  void code_char(char c) {
    if ((c == '}' || c == ')' || c == '{' || c == '(') && handle_frame_bracket(c)) return;
    note_code(c);
    ++i_;
  }

  void clike_step(char c) {
    const bool js = lang_ == Language::JavaScript || lang_ == Language::TypeScript;
    if (c == '/' && at(i_ + 1) == '/') return line_comment(i_);
    if (c == '/' && at(i_ + 1) == '*') return block_comment(i_, lang_ == Language::Rust);
    if (c == '/' && js && regex_allowed() && try_regex()) return;
    if (is_ident_start(c)) {
      // String prefixes: C++ raw R"( / u8R"( / LR"(, Rust r"/r#"/b"/br", C# @" / $" / $@".
      std::size_t b = i_;
      std::size_t e = i_;
      while (e < n_ && is_ident_char(t_[e])) ++e;
      std::string_view word = t_.substr(b, e - b);
      char next = at(e);
      if (lang_ == Language::Cpp && next == '"' &&
          (word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR")) {
        std::size_t p = e + 1;
        std::size_t d = p;
        while (d < n_ && t_[d] != '(' && t_[d] != '\n' && d - p < 16) ++d;
        if (at(d) == '(') {
          StrSpec spec;
          spec.terminator.push_back(')');
          spec.terminator.append(t_.substr(p, d - p));
          spec.terminator.push_back('"');
          spec.kind = '"';
          return start_string(b, d + 1, spec);
        }
      }
      if (lang_ == Language::Rust && (word == "r" || word == "br" || word == "cr") && (next == '"' || next == '#')) {
        std::size_t p = e;
        while (at(p) == '#') ++p;
        if (at(p) == '"') {
          StrSpec spec;
          spec.terminator.push_back('"');
          spec.terminator.append(p - e, '#');
          return start_string(b, p + 1, spec);
        }
      }
      if (lang_ == Language::Rust && (word == "b" || word == "c") && next == '"') {
        StrSpec spec;
        spec.multiline = true;
        return start_string(b, e + 1, spec);
      }
      if ((lang_ == Language::Cpp || lang_ == Language::C) && next == '"' &&
          (word == "u8" || word == "u" || word == "U" || word == "L")) {
        return start_string(b, e + 1, StrSpec{});
      }
      last_sig_ = t_[e - 1];  // identifier bytes are all significant
      last_sig_pos_ = e - 1;
      i_ = e;
      return;
    }
    if (lang_ == Language::CSharp && (c == '@' || c == '$')) {
      std::size_t k = i_;
      bool verbatim = false, interp = false;
      while (k < n_ && (t_[k] == '@' || t_[k] == '$') && k - i_ < 3) {
        if (t_[k] == '@') verbatim = true;
        else interp = true;
        ++k;
      }
      if (at(k) == '"') {
        StrSpec spec;
        if (at(k + 1) == '"' && at(k + 2) == '"') {
          spec.triple = true;
          spec.multiline = true;
          spec.escapes = false;
          if (interp) spec.interp = Interp::Brace;
          return start_string(i_, k + 3, spec);
        }
        spec.escapes = !verbatim;
        spec.multiline = verbatim;
        spec.doubled_close = verbatim;
        if (interp) spec.interp = Interp::Brace;
        return start_string(i_, k + 1, spec);
      }
    }
    if (c == '"') {
      StrSpec spec;
      if ((lang_ == Language::Java || lang_ == Language::CSharp) && at(i_ + 1) == '"' && at(i_ + 2) == '"') {
        spec.triple = true;
        spec.multiline = true;
        return start_string(i_, i_ + 3, spec);
      }
      if (lang_ == Language::Rust) spec.multiline = true;
      note_code('"');
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '\'') {
      if (lang_ == Language::Cpp && i_ > 0 && is_ident_char(t_[i_ - 1]) && at(i_ + 1) != '\'' &&
          std::isxdigit(static_cast<unsigned char>(at(i_ + 1)))) {
        ++i_;  // digit separator 1'000'000
        return;
      }
      if (lang_ == Language::Rust) {
        // Lifetimes ('a, 'static) versus char literals ('a', '\n').
        if (at(i_ + 1) == '\\' || (at(i_ + 2) == '\'' && at(i_ + 1) != '\'')) {
          StrSpec spec;
          spec.close = '\'';
          spec.kind = '\'';
          return start_string(i_, i_ + 1, spec);
        }
        if (static_cast<unsigned char>(at(i_ + 1)) >= 0x80) {
          std::size_t q = t_.find('\'', i_ + 1);
          if (q != std::string_view::npos && q - i_ <= 5) {
            StrSpec spec;
            spec.close = '\'';
            spec.kind = '\'';
            return start_string(i_, i_ + 1, spec);
          }
        }
        ++i_;
        return;
      }
      StrSpec spec;
      spec.close = '\'';
      spec.kind = '\'';
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '`' && (js || lang_ == Language::Go)) {
      StrSpec spec;
      spec.close = '`';
      spec.kind = '`';
      spec.multiline = true;
      if (js) spec.interp = Interp::DollarBrace;
      else spec.escapes = false;
      return start_string(i_, i_ + 1, spec);
    }
    code_char(c);
  }

  void python_step(char c) {
    // Inside an f-string's braces `#` is never a comment: `{n:#x}` is a format spec.
    if (c == '#' && frames_.empty()) return line_comment(i_);
    if (is_ident_start(c)) {
      std::size_t e = i_;
      while (e < n_ && is_ident_char(t_[e])) ++e;
      std::size_t len = e - i_;
      char next = at(e);
      if (len <= 2 && (next == '"' || next == '\'')) {
        bool ok = true, f = false, raw = false;
        for (std::size_t k = i_; k < e; ++k) {
          char p = static_cast<char>(std::tolower(static_cast<unsigned char>(t_[k])));
          if (p == 'f') f = true;
          else if (p == 'r') raw = true;
          else if (p != 'b' && p != 'u') ok = false;
        }
        if (ok) return python_string(i_, e, f, raw);
      }
      last_sig_ = t_[e - 1];
      last_sig_pos_ = e - 1;
      i_ = e;
      return;
    }
    if (c == '"' || c == '\'') return python_string(i_, i_, false, false);
    code_char(c);
  }
  void python_string(std::size_t begin, std::size_t quote, bool f, bool raw) {
    (void)raw;  // raw strings still cannot end on an escaped quote, so escapes scan the same way
    char q = t_[quote];
    StrSpec spec;
    spec.close = q;
    spec.kind = q;
    if (f) spec.interp = Interp::Brace;
    if (at(quote + 1) == q && at(quote + 2) == q) {
      spec.triple = true;
      spec.multiline = true;
      return start_string(begin, quote + 3, spec);
    }
    return start_string(begin, quote + 1, spec);
  }

  static char closing_for(char open) {
    switch (open) {
      case '(': return ')';
      case '[': return ']';
      case '{': return '}';
      case '<': return '>';
      default: return open;
    }
  }

  void ruby_step(char c) {
    bool line_start = i_ == 0 || t_[i_ - 1] == '\n';
    if (line_start && starts(i_, "=begin")) {
      std::size_t e = t_.find("\n=end", i_);
      e = (e == std::string_view::npos) ? n_ : std::min(n_, t_.find('\n', e + 1) == std::string_view::npos ? n_ : t_.find('\n', e + 1));
      out_.comments.push_back({i_, e});
      blank(i_, e);
      i_ = e;
      return;
    }
    if (line_start && starts(i_, "__END__") && (at(i_ + 7) == '\n' || at(i_ + 7) == '\0')) {
      out_.comments.push_back({i_, n_});
      blank(i_, n_);
      i_ = n_;
      return;
    }
    if (c == '#') return line_comment(i_);
    if (c == '"' || c == '`') {
      StrSpec spec;
      spec.close = c;
      spec.kind = c;
      spec.multiline = true;
      spec.interp = Interp::HashBrace;
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '\'') {
      StrSpec spec;
      spec.close = '\'';
      spec.kind = '\'';
      spec.multiline = true;
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '<' && at(i_ + 1) == '<' && (at(i_ + 2) == '~' || at(i_ + 2) == '-' || at(i_ + 2) == '\'' ||
                                         at(i_ + 2) == '"' || (at(i_ + 2) >= 'A' && at(i_ + 2) <= 'Z'))) {
      if (try_heredoc_marker()) return;
    }
    if (c == '%' && ruby_percent_literal()) return;
    if (c == '/' && regex_allowed() && try_regex()) return;
    if (c == ':' && at(i_ + 1) == '"') {
      StrSpec spec;
      spec.interp = Interp::HashBrace;
      return start_string(i_, i_ + 2, spec);
    }
    if (c == '?' && i_ + 1 < n_ && (t_[i_ + 1] == '"' || t_[i_ + 1] == '\'' || t_[i_ + 1] == '`') &&
        !is_ident_char(at(i_ + 2)) && (last_sig_ == 0 || !is_ident_char(last_sig_))) {
      i_ += 2;  // ?" character literal
      return;
    }
    if (c == '$' && i_ + 1 < n_ && std::string_view("'\"`").find(t_[i_ + 1]) != std::string_view::npos) {
      i_ += 2;  // $' $" $` globals
      return;
    }
    code_char(c);
  }
  bool ruby_percent_literal() {
    char t = at(i_ + 1);
    std::size_t dpos;
    char type = 'Q';
    if (std::string_view("qQwWiIxrs").find(t) != std::string_view::npos && t != '\0' && !is_ident_char(at(i_ + 2)) &&
        at(i_ + 2) != ' ' && at(i_ + 2) != '\n' && at(i_ + 2) != '\0' && at(i_ + 2) != '=') {
      type = t;
      dpos = i_ + 2;
    } else if (std::string_view("([{<|!/^").find(t) != std::string_view::npos && t != '\0' &&
               (last_sig_ == 0 || !(is_ident_char(last_sig_) || last_sig_ == ')' || last_sig_ == ']'))) {
      dpos = i_ + 1;
    } else {
      return false;
    }
    char open = t_[dpos];
    char close = closing_for(open);
    StrSpec spec;
    spec.close = close;
    spec.open = close != open ? open : 0;
    spec.multiline = true;
    spec.kind = (type == 'w' || type == 'W' || type == 'i' || type == 'I') ? 'w' : (type == 'x' ? '`' : '"');
    if (type == 'Q' || type == 'W' || type == 'I' || type == 'x' || type == 'r') spec.interp = Interp::HashBrace;
    start_string(i_, dpos + 1, spec);
    return true;
  }

  void shell_step(char c) {
    if (c == '#') {
      bool word_start = i_ == 0 || std::string_view(" \t\n;&|(").find(t_[i_ - 1]) != std::string_view::npos;
      if (word_start) return line_comment(i_);
      ++i_;
      return;
    }
    if (c == '\\') {
      i_ += 2;
      return;
    }
    if (c == '\'') {
      StrSpec spec;
      spec.close = '\'';
      spec.kind = '\'';
      spec.escapes = false;
      spec.multiline = true;
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '$' && at(i_ + 1) == '\'') {
      StrSpec spec;
      spec.close = '\'';
      spec.kind = '\'';
      spec.multiline = true;
      return start_string(i_, i_ + 2, spec);
    }
    if (c == '"') {
      StrSpec spec;
      spec.close = '"';
      spec.multiline = true;
      spec.interp = Interp::ShellVar;
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '$' && at(i_ + 1) == '{') {
      // ${VAR:-default} may contain quotes; skip to the matching brace on this line.
      std::size_t k = i_ + 2;
      int depth = 1;
      while (k < n_ && t_[k] != '\n' && depth > 0) {
        if (t_[k] == '{') ++depth;
        else if (t_[k] == '}') --depth;
        ++k;
      }
      i_ = k;
      last_sig_ = '}';
      return;
    }
    if (c == '$' && (at(i_ + 1) == '#' || at(i_ + 1) == '"')) {
      i_ += at(i_ + 1) == '#' ? 2 : 1;
      return;
    }
    if (c == '<' && at(i_ + 1) == '<' && at(i_ + 2) != '<') {
      if (try_heredoc_marker()) return;
    }
    if (c == '<' && at(i_ + 1) == '<' && at(i_ + 2) == '<') {
      i_ += 3;
      return;
    }
    code_char(c);
  }

  void php_html_step() {
    std::size_t k = t_.find("<?", i_);
    std::size_t e = k == std::string_view::npos ? n_ : k;
    blank(i_, e);
    if (k == std::string_view::npos) {
      i_ = n_;
      return;
    }
    if (starts(k, "<?php")) i_ = k + 5;
    else if (starts(k, "<?=")) i_ = k + 3;
    else i_ = k + 2;
    php_html_ = false;
    last_sig_ = ';';
  }

  void php_step(char c) {
    if (c == '?' && at(i_ + 1) == '>') {
      i_ += 2;
      php_html_ = true;
      return;
    }
    if (c == '#' && at(i_ + 1) != '[') return line_comment(i_);
    if (c == '/' && at(i_ + 1) == '/') return line_comment(i_);
    if (c == '/' && at(i_ + 1) == '*') return block_comment(i_, false);
    if (c == '\'') {
      StrSpec spec;
      spec.close = '\'';
      spec.kind = '\'';
      spec.multiline = true;
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '"' || c == '`') {
      StrSpec spec;
      spec.close = c;
      spec.kind = c;
      spec.multiline = true;
      spec.interp = Interp::PhpVar;
      return start_string(i_, i_ + 1, spec);
    }
    if (c == '<' && starts(i_, "<<<")) {
      if (try_heredoc_marker()) return;
    }
    code_char(c);
  }

  std::string_view t_;
  std::size_t n_;
  Language lang_;
  LexFamily family_;
  const CancelToken& cancel_;
  LexedSource out_;
  std::size_t i_ = 0;
  std::vector<Frame> frames_;
  std::vector<PendingHeredoc> pending_;
  char last_sig_ = 0;
  std::size_t last_sig_pos_ = 0;
  bool php_html_ = false;
};

}  // namespace

LexedSource lex(std::string_view text, Language lang, const CancelToken& cancel) {
  return Lexer(text, lang, cancel).run();
}

}  // namespace cc::analysis
