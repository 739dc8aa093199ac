// Imports per file, read line by line: the module path is taken from the original text (the
// code view blanks string contents), the statement is recognised on the code view so commented
// out imports do not count.
#include <algorithm>

#include "analysis/index/extract_detail.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis::index_detail {
namespace {

constexpr std::size_t kMaxNamesPerImport = 64;

// The contents of the first string literal on `line` at or after byte column `from`.
std::string_view quoted(const Source& src, int line, std::size_t from = 0) {
  std::string_view t = src.line_text(line);
  for (std::size_t k = from; k < t.size(); ++k) {
    char q = t[k];
    if (q != '"' && q != '\'' && q != '`' && q != '<') continue;
    char close = q == '<' ? '>' : q;
    std::size_t e = t.find(close, k + 1);
    if (e == std::string_view::npos) return {};
    return t.substr(k + 1, e - k - 1);
  }
  return {};
}

void add_names(Import& imp, std::string_view list) {
  for_each_word(list, [&](std::string_view w, std::size_t) {
    if (imp.names.size() < kMaxNamesPerImport && w != "as" && w != "import" && w != "type" && w != "from")
      imp.names.emplace_back(w);
  });
}

// `a as b, c` → a, c (the imported names, not the local aliases).
void add_python_names(Import& imp, std::string_view list) {
  std::size_t start = 0;
  while (start <= list.size() && imp.names.size() < kMaxNamesPerImport) {
    std::size_t comma = list.find(',', start);
    std::string_view part = trim(list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    std::string_view w = first_word(part);
    if (!w.empty()) imp.names.emplace_back(w);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

}  // namespace

std::vector<Import> collect_imports(const Source& src) {
  std::vector<Import> out;
  bool go_block = false;
  for (int l = 0; l < src.lines() && out.size() < kMaxImportsPerFile; ++l) {
    std::string_view code = trim(src.code_line(l));
    if (code.empty()) continue;
    std::string_view w = first_word(code);
    std::string_view text = trim(src.line_text(l));
    Import imp;
    imp.line = l;
    switch (src.lang) {
      case Language::Python: {
        if (w == "import") {
          // `import a.b as c, d`: one import per module.
          std::string_view rest = text.substr(6);
          std::size_t start = 0;
          while (start < rest.size() && out.size() < kMaxImportsPerFile) {
            std::size_t comma = rest.find(',', start);
            std::string_view part = trim(rest.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
            std::size_t e = 0;
            while (e < part.size() && (is_ident_char(part[e]) || part[e] == '.')) ++e;
            if (e > 0) out.push_back({std::string(part.substr(0, e)), {}, l});
            if (comma == std::string_view::npos) break;
            start = comma + 1;
          }
          continue;
        }
        if (w == "from") {
          std::string_view rest = trim(text.substr(4));
          std::size_t e = 0;
          while (e < rest.size() && (is_ident_char(rest[e]) || rest[e] == '.')) ++e;
          imp.module = std::string(rest.substr(0, e));
          std::size_t at = rest.find(" import ");
          if (at != std::string_view::npos) {
            std::string names(rest.substr(at + 8));
            // Parenthesised lists continue on the next lines.
            for (int k = l + 1; names.find('(') != std::string::npos && names.find(')') == std::string::npos &&
                                k < src.lines() && k < l + 200;
                 ++k)
              names += " " + std::string(src.code_line(k));
            std::erase_if(names, [](char c) { return c == '(' || c == ')' || c == '\\'; });
            add_python_names(imp, names);
          }
        }
        break;
      }
      case Language::JavaScript:
      case Language::TypeScript: {
        std::size_t req = code.find("require(");
        if (req == std::string_view::npos) req = code.find("import(");
        if (w == "import" || (w == "export" && code.find(" from ") != std::string_view::npos)) {
          // The module is the string after `from` (or the only string: `import './x'`); a
          // multi-line import list ends on the line that holds `from`.
          std::string names;
          int k = l;
          for (; k < src.lines() && k < l + 200; ++k) {
            std::string_view c = src.code_line(k);
            if (c.find("from") != std::string_view::npos || c.find('"') != std::string_view::npos ||
                c.find('\'') != std::string_view::npos)
              break;
            names += " " + std::string(c);
          }
          if (k >= src.lines()) break;
          std::string_view last = src.code_line(k);
          std::size_t from = last.find("from");
          names += " " + std::string(last.substr(0, from == std::string_view::npos ? 0 : from));
          imp.module = std::string(quoted(src, k, from == std::string_view::npos ? 0 : from));
          imp.line = k;
          std::string_view ns = names;
          if (auto b = ns.find(w); b != std::string_view::npos) ns = ns.substr(b + w.size());
          add_names(imp, ns);
          l = k;
        } else if (req != std::string_view::npos) {
          std::size_t col = src.line_text(l).find(code.substr(req, 6));
          imp.module = std::string(quoted(src, l, col == std::string_view::npos ? 0 : col));
          // `const {a, b} = require('x')` / `const x = require('x')`
          std::size_t eq = code.find('=');
          if (eq != std::string_view::npos && eq < req) add_names(imp, code.substr(w.size(), eq - w.size()));
        }
        break;
      }
      case Language::C:
      case Language::Cpp:
        if (starts_with(code, "#")) {
          std::string_view d = trim(code.substr(1));
          if (starts_with(d, "include") || starts_with(d, "import")) imp.module = std::string(quoted(src, l));
        }
        break;
      case Language::Go:
        if (w == "import") {
          if (code.find('(') != std::string_view::npos && code.find(')') == std::string_view::npos) go_block = true;
          else imp.module = std::string(quoted(src, l));
        } else if (go_block) {
          if (code.find(')') != std::string_view::npos) go_block = false;
          else imp.module = std::string(quoted(src, l));
        }
        break;
      case Language::Java:
      case Language::CSharp:
      case Language::Php:
        if (w == "import" || w == "using" || (w == "use" && src.lang == Language::Php)) {
          std::string_view rest = trim(code.substr(w.size()));
          if (starts_with(rest, "static ")) rest = trim(rest.substr(7));
          std::size_t e = 0;
          while (e < rest.size() && (is_ident_char(rest[e]) || rest[e] == '.' || rest[e] == '\\' || rest[e] == '*')) ++e;
          if (e > 0 && rest.find('(') == std::string_view::npos) imp.module = std::string(rest.substr(0, e));
        } else if (src.lang == Language::Php && (w == "require" || w == "require_once" || w == "include" ||
                                                 w == "include_once")) {
          imp.module = std::string(quoted(src, l));
        }
        break;
      case Language::Rust:
        if (w == "use" || (w == "pub" && first_word(code.substr(3)) == "use")) {
          std::string_view rest = code.substr(code.find("use") + 3);
          std::size_t brace = rest.find('{');
          std::string_view path = trim(rest.substr(0, brace));
          while (!path.empty() && (path.back() == ':' || path.back() == ';')) path.remove_suffix(1);
          imp.module = std::string(path);
          if (brace != std::string_view::npos) add_names(imp, rest.substr(brace));
        } else if (w == "mod" && code.find('{') == std::string_view::npos) {
          imp.module = std::string(first_word(code.substr(3)));
        }
        break;
      case Language::Ruby:
        if (w == "require" || w == "require_relative" || w == "load") {
          imp.module = std::string(quoted(src, l));
          if (w == "require_relative" && !imp.module.empty() && imp.module[0] != '.') imp.module = "./" + imp.module;
        }
        break;
      case Language::Shell:
        if (w == "source" || (code[0] == '.' && code.size() > 1 && code[1] == ' ')) {
          std::string_view rest = trim(text.substr(w == "source" ? 6 : 1));
          std::string_view q = quoted(src, l);
          imp.module = std::string(q.empty() ? rest.substr(0, rest.find(' ')) : q);
        }
        break;
      default:
        break;
    }
    if (!imp.module.empty() && imp.module.size() <= 512) out.push_back(std::move(imp));
  }
  return out;
}

}  // namespace cc::analysis::index_detail
