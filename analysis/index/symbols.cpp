#include "analysis/index/symbols.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "analysis/index/extract_detail.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis {

const char* to_string(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::Function: return "function";
    case SymbolKind::Method: return "method";
    case SymbolKind::Class: return "class";
    case SymbolKind::Struct: return "struct";
    case SymbolKind::Interface: return "interface";
    case SymbolKind::Enum: return "enum";
    case SymbolKind::Type: return "type";
    case SymbolKind::Constant: return "constant";
    case SymbolKind::Macro: return "macro";
  }
  return "function";
}

int lsp_symbol_kind(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::Function: return 12;
    case SymbolKind::Method: return 6;
    case SymbolKind::Class: return 5;
    case SymbolKind::Struct: return 23;
    case SymbolKind::Interface: return 11;
    case SymbolKind::Enum: return 10;
    case SymbolKind::Type: return 26;  // TypeParameter: the closest LSP has to an alias
    case SymbolKind::Constant: return 14;
    case SymbolKind::Macro: return 14;
  }
  return 12;
}

namespace index_detail {

std::string_view Source::line_text(int line) const {
  if (line < 0 || line >= lines()) return {};
  std::size_t b = lx.line_starts[static_cast<std::size_t>(line)];
  std::size_t e = lx.line_end(static_cast<std::size_t>(line));
  std::string_view s = text.substr(b, e - b);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::string_view Source::code_line(int line) const {
  if (line < 0 || line >= lines()) return {};
  return lx.code_line(static_cast<std::size_t>(line));
}

std::string bounded(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

std::string signature_at(const Source& src, int line) {
  std::string out;
  int depth = 0;
  for (int l = line; l < src.lines() && l < line + 4; ++l) {
    std::string_view code = src.code_line(l);
    if (!out.empty()) out += '\n';
    out += src.line_text(l);
    bool done = false;
    for (char c : code) {
      if (c == '(' || c == '[') ++depth;
      else if (c == ')' || c == ']') depth = std::max(0, depth - 1);
      else if (depth == 0 && (c == '{' || c == ';')) done = true;
    }
    std::string_view t = trim(code);
    if (depth == 0 && (src.lang == Language::Python || src.lang == Language::Ruby || src.lang == Language::Shell))
      done = true;  // one logical header line
    if (depth == 0 && !t.empty() && (t.back() == ':' || t.back() == ')' || t.back() == '>' || t.back() == '=' ))
      done = done || src.lang == Language::Python || t.back() == '=';
    if (done || out.size() >= kMaxSignatureBytes) break;
  }
  // A body opened on the header line: keep only up to the brace.
  if (auto brace = out.rfind('{'); brace != std::string::npos && out.find('\n', brace) == std::string::npos &&
                                   src.lang != Language::Python)
    out = std::string(trim(std::string_view(out).substr(0, brace + 1)));
  return bounded(out, kMaxSignatureBytes);
}

std::string doc_for(const Source& src, int line, int header_end_line) {
  // Python: the docstring is the first statement of the body.
  if (src.lang == Language::Python) {
    for (int l = header_end_line + 1; l < src.lines() && l <= header_end_line + 3; ++l) {
      std::string_view code = trim(src.code_line(l));
      if (code.empty()) continue;
      std::size_t off = src.lx.line_starts[static_cast<std::size_t>(l)];
      std::size_t e = src.lx.line_end(static_cast<std::size_t>(l));
      for (std::size_t k = off; k < e; ++k) {
        if (src.lx.code[k] == ' ' || src.lx.code[k] == '\t') continue;
        if (const StringLiteral* s = src.lx.string_at(k)) {
          std::string_view body = src.text.substr(s->content_begin, s->content_end - s->content_begin);
          return bounded(trim(body), kMaxDocBytes);
        }
        break;
      }
      return {};
    }
    // fall through to comments above (a `#` block before the def)
  }
  // Comments ending on the lines just above `line` (decorators and attributes skipped).
  int above = line - 1;
  while (above >= 0) {
    std::string_view code = trim(src.code_line(above));
    if (!code.empty() && (code[0] == '@' || (code[0] == '[' && src.lang == Language::CSharp) || starts_with(code, "#[")))
      --above;
    else
      break;
  }
  if (above < 0 || !trim(src.code_line(above)).empty()) return {};
  const auto& comments = src.lx.comments;
  std::size_t limit = src.lx.line_end(static_cast<std::size_t>(above));
  auto it = std::upper_bound(comments.begin(), comments.end(), limit,
                             [](std::size_t v, const Comment& c) { return v < c.begin; });
  std::size_t first = static_cast<std::size_t>(it - comments.begin());
  int want_line = above;
  while (first > 0) {
    const Comment& c = comments[first - 1];
    int end_line = src.lx.line_of(c.end == 0 ? 0 : c.end - 1);
    if (end_line != want_line) break;
    int begin_line = src.lx.line_of(c.begin);
    // Only whole-line comments belong to the definition below, not a trailing one.
    if (!trim(src.code_line(begin_line)).empty()) break;
    --first;
    want_line = begin_line - 1;
    if (want_line < 0 || line - want_line > 60) break;
  }
  if (first >= static_cast<std::size_t>(it - comments.begin())) return {};
  std::size_t b = comments[first].begin;
  std::size_t e = comments[static_cast<std::size_t>(it - comments.begin()) - 1].end;
  if (e > src.text.size() || b >= e) return {};
  return bounded(trim(src.text.substr(b, e - b)), kMaxDocBytes);
}

bool is_keyword(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "if", "else", "elif", "for", "while", "do", "switch", "case", "default", "break", "continue", "return",
      "goto", "try", "catch", "except", "finally", "throw", "throws", "raise", "with", "as", "in", "is", "not",
      "and", "or", "new", "delete", "this", "self", "super", "true", "false", "True", "False", "None", "null",
      "nil", "undefined", "void", "int", "char", "long", "short", "float", "double", "bool", "boolean", "unsigned",
      "signed", "const", "static", "extern", "struct", "class", "enum", "union", "typedef", "sizeof", "auto",
      "var", "let", "function", "def", "fn", "func", "lambda", "yield", "await", "async", "import", "from",
      "export", "package", "public", "private", "protected", "internal", "final", "virtual", "override", "using",
      "namespace", "template", "typename", "interface", "implements", "extends", "pass", "end", "then", "fi",
      "done", "esac", "begin", "module", "require", "local", "echo", "impl", "pub", "mut", "match", "loop",
      "where", "type", "string", "str", "String", "unless", "until", "elsif", "instanceof", "typeof", "go",
      "defer", "chan", "map", "range", "select", "struct", "trait", "use", "crate", "mod", "ref", "out",
      "global", "nonlocal", "assert", "del", "print", "echo", "readonly", "volatile", "register", "inline",
      "restrict", "size_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t",
      "int64_t", "std", "object", "Object", "any", "number", "u8", "u16", "u32", "u64", "i8", "i16", "i32",
      "i64", "usize", "isize", "f32", "f64", "byte", "rune", "error", "constexpr", "noexcept", "nullptr",
      "decltype", "friend", "operator", "explicit", "mutable", "static_cast", "dynamic_cast", "reinterpret_cast",
      "const_cast", "fun", "val", "when", "of", "to", "then", "elseif", "foreach", "endif", "array", "callable"};
  return kWords.count(w) != 0;
}

namespace {

// Identifiers used inside [begin_line, end_line] of the code view, as indices into `ids`.
void collect_uses(const Source& src, Definition& def, std::unordered_map<std::string_view, std::uint32_t>& index,
                  std::deque<std::string>& ids) {
  std::size_t b = src.lx.line_starts[static_cast<std::size_t>(def.line)];
  std::size_t e = src.lx.line_end(static_cast<std::size_t>(std::min(def.end_line, src.lines() - 1)));
  std::string_view code = std::string_view(src.lx.code).substr(b, e - b);
  std::unordered_set<std::uint32_t> seen;
  for_each_word(code, [&](std::string_view w, std::size_t) {
    if (def.uses.size() >= kMaxUsesPerFunction || w.size() < 2 || w.size() > 128 || is_keyword(w) || w == def.name)
      return;
    auto it = index.find(w);
    std::uint32_t id;
    if (it != index.end()) {
      id = it->second;
    } else {
      if (ids.size() >= kMaxIdentifiersPerFile) return;
      id = static_cast<std::uint32_t>(ids.size());
      ids.emplace_back(w);
      index.emplace(std::string_view(ids.back()), id);  // a deque never moves its elements
    }
    if (seen.insert(id).second) def.uses.push_back(id);
  });
}

bool is_type_kind(SymbolKind k) {
  return k == SymbolKind::Class || k == SymbolKind::Struct || k == SymbolKind::Interface || k == SymbolKind::Enum;
}

}  // namespace
}  // namespace index_detail

bool is_language_keyword(std::string_view word) { return index_detail::is_keyword(word); }

FileSymbols extract_symbols(std::string_view text, Language lang, const CancelToken& cancel) {
  using namespace index_detail;
  FileSymbols out;
  LexedSource lx = lex(text, lang, cancel);
  if (lx.cancelled || lx.line_starts.empty()) return out;
  StructureInfo st = analyze_structure(text, lx, lang, 1 << 20, cancel);
  Source src{text, lx, lang};

  std::vector<Definition> defs;
  for (const auto& f : st.functions) {
    if (f.name.empty() || f.name.size() > 256 || is_keyword(f.name)) continue;
    if (f.name_line < 0 || f.name_line >= src.lines()) continue;
    Definition d;
    d.name = f.name;
    d.kind = SymbolKind::Function;
    d.line = f.name_line;
    d.end_line = std::max(f.name_line, std::min(f.end_line, src.lines() - 1));
    d.col = f.name_col;
    d.signature = signature_at(src, d.line);
    int header_end = d.line + static_cast<int>(std::count(d.signature.begin(), d.signature.end(), '\n'));
    d.doc = doc_for(src, d.line, header_end);
    // Go methods name their type in the receiver: `func (s *Server) Run()`.
    if (lang == Language::Go) {
      std::string_view sig = d.signature;
      if (starts_with(sig, "func (")) {
        std::size_t close = sig.find(')');
        std::string_view recv = sig.substr(6, close == std::string_view::npos ? 0 : close - 6);
        std::size_t k = recv.size();
        while (k > 0 && !is_ident_char(recv[k - 1])) --k;
        std::size_t b = k;
        while (b > 0 && is_ident_char(recv[b - 1])) --b;
        if (k > b) d.container = std::string(recv.substr(b, k - b));
      }
    }
    defs.push_back(std::move(d));
    if (defs.size() >= kMaxDefinitionsPerFile) break;
  }
  collect_declarations(src, st, defs, cancel);
  if (defs.size() > kMaxDefinitionsPerFile) defs.resize(kMaxDefinitionsPerFile);
  std::stable_sort(defs.begin(), defs.end(), [](const Definition& a, const Definition& b) {
    return a.line != b.line ? a.line < b.line : a.end_line > b.end_line;
  });

  // Containers: the innermost type (or impl) whose range holds a definition.
  std::vector<const Definition*> open;
  for (auto& d : defs) {
    while (!open.empty() && open.back()->end_line < d.line) open.pop_back();
    if (d.container.empty() && !open.empty()) d.container = open.back()->name;
    if ((d.kind == SymbolKind::Function) && !d.container.empty()) d.kind = SymbolKind::Method;
    if (is_type_kind(d.kind) && d.end_line > d.line) open.push_back(&d);
  }
  // Rust impl blocks were containers only (declarations.cpp marks them).
  defs.erase(std::remove_if(defs.begin(), defs.end(), [](const Definition& d) { return d.signature == "\x01impl"; }),
             defs.end());

  // Identifiers used per function, interned per file.
  std::deque<std::string> ids;
  {
    std::unordered_map<std::string_view, std::uint32_t> index;
    for (auto& d : defs) {
      if (cancel.cancelled()) break;
      if (d.kind == SymbolKind::Function || d.kind == SymbolKind::Method) collect_uses(src, d, index, ids);
    }
  }
  out.identifiers.assign(std::make_move_iterator(ids.begin()), std::make_move_iterator(ids.end()));
  out.definitions = std::move(defs);
  out.imports = collect_imports(src);
  return out;
}

}  // namespace cc::analysis
