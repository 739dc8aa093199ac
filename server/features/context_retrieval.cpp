#include "server/features/context_retrieval.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "analysis/lang/text_util.h"
#include "generation/redact.h"

namespace cc::server {

using analysis::Definition;
using analysis::DefinitionRef;
using analysis::IndexedFile;
using analysis::IndexedFilePtr;
using analysis::Language;
using analysis::SymbolKind;

namespace {

constexpr std::size_t kMaxIdentifiers = 48;
constexpr std::size_t kCandidatesPerName = 64;
constexpr int kWholeBodyLines = 12;     // shorter definitions are sent whole
constexpr std::size_t kMaxItemBytes = 6000;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  for (std::size_t k = 0; k < text.size(); ++k)
    if (text[k] == '\n' || text[k] == '\r') {
      out.push_back(text.substr(b, k - b));
      if (text[k] == '\r' && k + 1 < text.size() && text[k + 1] == '\n') ++k;
      b = k + 1;
    }
  out.push_back(text.substr(b));
  return out;
}

bool line_comments_hash(Language l) {
  return l == Language::Python || l == Language::Ruby || l == Language::Shell;
}

struct Use {
  std::string name;
  std::string qualifier;  // `q.name`, `q::name`, `q->name`: q
  bool call = false;
  int line = 0;
  double weight = 0;      // nearer the cursor and calls weigh more
};

// Identifiers on one line, skipping string literals and the trailing comment (a light pass:
// the line is read on its own, without the lexer, so completion stays fast).
template <class Fn>
void line_words(std::string_view line, Language lang, Fn&& fn) {
  const std::size_t n = line.size();
  for (std::size_t k = 0; k < n;) {
    char c = line[k];
    if (c == '"' || c == '\'' || c == '`') {
      std::size_t e = k + 1;
      while (e < n && line[e] != c) e += line[e] == '\\' ? 2 : 1;
      k = e + 1;
      continue;
    }
    if ((c == '/' && k + 1 < n && line[k + 1] == '/') || (c == '#' && line_comments_hash(lang))) break;
    if (analysis::is_ident_start(c)) {
      std::size_t e = analysis::ident_end(line, k);
      std::string_view qual;
      std::size_t q = k;
      if (q >= 1 && line[q - 1] == '.') q -= 1;
      else if (q >= 2 && ((line[q - 1] == ':' && line[q - 2] == ':') || (line[q - 1] == '>' && line[q - 2] == '-'))) q -= 2;
      if (q < k) {
        std::size_t qb = q;
        while (qb > 0 && analysis::is_ident_char(line[qb - 1])) --qb;
        qual = line.substr(qb, q - qb);
      }
      std::size_t p = e;
      while (p < n && (line[p] == ' ' || line[p] == '\t')) ++p;
      bool call = p < n && (line[p] == '(' || (line[p] == '<' && lang != Language::Python));
      fn(line.substr(k, e - k), qual, call, k);
      k = e;
      continue;
    }
    k += analysis::is_ident_char(c) ? analysis::ident_end(line, k) - k : 1;
  }
}

// The identifiers the query is about, most relevant first.
std::vector<Use> uses_of(const ContextQuery& q, const std::vector<std::string_view>& lines, const Definition* enclosing) {
  // The name of the definition asked about counts too: its other declarations (a header's
  // prototype, an overload, an interface) are worth seeing; the definition itself is skipped
  // by the caller.
  std::vector<Use> uses;
  std::unordered_map<std::string, std::size_t> seen;
  auto add = [&](std::string_view w, std::string_view qual, bool call, int line, double weight) {
    if (w.size() < 2 || w.size() > 128 || analysis::is_language_keyword(w)) return;
    auto it = seen.find(std::string(w));
    if (it != seen.end()) {
      Use& u = uses[it->second];
      u.weight = std::max(u.weight, weight);
      u.call = u.call || call;
      if (u.qualifier.empty()) u.qualifier = std::string(qual);
      return;
    }
    if (uses.size() >= kMaxIdentifiers * 2) return;
    seen.emplace(std::string(w), uses.size());
    uses.push_back({std::string(w), std::string(qual), call, line, weight});
  };
  const int last = std::min<int>(q.last_line, static_cast<int>(lines.size()) - 1);
  if (q.cursor_col >= 0) {
    // A cursor: its line (nearest words first), then the lines above it in the function.
    int line = std::clamp(q.first_line, 0, std::max(0, static_cast<int>(lines.size()) - 1));
    if (!lines.empty()) {
      line_words(lines[static_cast<std::size_t>(line)], q.language, [&](std::string_view w, std::string_view qual, bool call, std::size_t col) {
        double dist = std::abs(static_cast<double>(col) - q.cursor_col);
        add(w, qual, call, line, 100.0 - std::min(dist, 60.0) * 0.3 + (call ? 10 : 0));
      });
    }
    int floor = enclosing ? enclosing->line : std::max(0, line - 30);
    for (int l = line - 1; l >= floor && l >= line - 60; --l)
      line_words(lines[static_cast<std::size_t>(l)], q.language, [&](std::string_view w, std::string_view qual, bool call, std::size_t) {
        add(w, qual, call, l, 60.0 - (line - l) * 0.5 + (call ? 8 : 0));
      });
  } else {
    for (int l = std::max(0, q.first_line); l <= last; ++l)
      line_words(lines[static_cast<std::size_t>(l)], q.language, [&](std::string_view w, std::string_view qual, bool call, std::size_t) {
        add(w, qual, call, l, 80.0 - std::min(40.0, (l - q.first_line) * 0.2) + (call ? 10 : 0));
      });
  }
  std::stable_sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) { return a.weight > b.weight; });
  if (uses.size() > kMaxIdentifiers) uses.resize(kMaxIdentifiers);
  return uses;
}

std::string lines_of(std::string_view text, int first, int last) {
  auto lines = split_lines(text);
  std::string out;
  for (int l = std::max(0, first); l <= last && l < static_cast<int>(lines.size()); ++l) {
    out += lines[static_cast<std::size_t>(l)];
    out += '\n';
    if (out.size() > kMaxItemBytes) break;
  }
  return out;
}

bool is_type(SymbolKind k) {
  return k == SymbolKind::Class || k == SymbolKind::Struct || k == SymbolKind::Interface || k == SymbolKind::Enum;
}

// A definition as the model sees it: its doc comment, then its signature (a short definition
// in the current text is sent whole); a type lists its members' signatures.
std::string definition_text(const IndexedFile& file, const Definition& d, std::string_view file_text) {
  std::string out;
  if (!d.doc.empty() && d.doc.find("\n") == std::string::npos && d.doc.size() < 200 &&
      file.language != Language::Python)
    out += d.doc + "\n";
  else if (!d.doc.empty() && file.language != Language::Python)
    out += d.doc + "\n";
  if (!file_text.empty() && d.end_line - d.line < kWholeBodyLines) {
    out += lines_of(file_text, d.line, d.end_line);
    return out;
  }
  out += d.signature;
  if (file.language == Language::Python && !d.doc.empty()) out += "\n    \"\"\"" + d.doc + "\"\"\"";
  if (is_type(d.kind)) {
    std::size_t members = 0;
    for (const auto& m : file.symbols.definitions) {
      if (m.line <= d.line || m.line > d.end_line || m.container != d.name) continue;
      if (++members > 24) break;
      std::string sig = m.signature.substr(0, m.signature.find('\n'));
      out += "\n    " + std::string(analysis::trim(sig));
    }
    if (members > 0 && file.language != Language::Python) out += "\n    ...";
  }
  out += '\n';
  return out;
}

std::string_view stem(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.find('.');
  return dot == std::string_view::npos ? name : name.substr(0, dot);
}

bool looks_like_test_file(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  return analysis::icontains(name, "test") || analysis::icontains(name, "spec") ||
         path.find("/tests/") != std::string_view::npos || path.find("/test/") != std::string_view::npos ||
         path.find("/__tests__/") != std::string_view::npos;
}

// Whether `path` is where `module` (as written in an import) lives: its folder for a package
// (Go, Java) or its file (Python, JavaScript, C), matched on the module's trailing components.
bool module_names_path(std::string_view module, std::string_view path) {
  std::vector<std::string_view> comps;
  std::size_t b = 0;
  for (std::size_t k = 0; k <= module.size(); ++k) {
    if (k == module.size() || module[k] == '/' || module[k] == '.' || module[k] == ':' || module[k] == '\\') {
      if (k > b) comps.push_back(module.substr(b, k - b));
      b = k + 1;
    }
  }
  if (comps.empty()) return false;
  // All trailing components, or at least two (a module path may name hosts and owners that the
  // workspace folder does not repeat: github.com/owner/repo/pkg).
  auto ends_with_comps = [&](std::string_view p) {
    std::size_t matched = 0;
    for (std::size_t i = comps.size(); i-- > 0;) {
      std::size_t slash = p.rfind('/');
      std::string_view last = slash == std::string_view::npos ? p : p.substr(slash + 1);
      if (last != comps[i]) break;
      ++matched;
      if (slash == std::string_view::npos) break;
      p = p.substr(0, slash);
    }
    return matched == comps.size() || matched >= 2;
  };
  std::string_view dir = analysis::parent_dir(path);
  std::string_view file = path.substr(dir.size() + 1);
  std::string_view stem_part = file.substr(0, file.find('.'));
  std::string without_ext = std::string(dir) + "/" + std::string(stem_part);
  if (stem_part == "__init__" || stem_part == "index" || stem_part == "mod") return ends_with_comps(dir);
  return ends_with_comps(without_ext) || ends_with_comps(dir);
}

const Definition* innermost(const IndexedFile* f, int first, int last, bool types) {
  if (!f) return nullptr;
  const Definition* best = nullptr;
  for (const auto& d : f->symbols.definitions) {
    bool want = types ? is_type(d.kind) : (d.kind == SymbolKind::Function || d.kind == SymbolKind::Method);
    if (!want || d.line > first || d.end_line < last) continue;
    if (!best || d.end_line - d.line < best->end_line - best->line) best = &d;
  }
  return best;
}

}  // namespace
}  // namespace cc::server

namespace cc::server {

std::size_t estimate_tokens(std::string_view text) { return (text.size() + 3) / 4; }

std::string ContextResult::summary() const {
  std::size_t defs = 0;
  std::set<std::string> files;
  for (const auto& i : items)
    if (i.kind == "definition") {
      ++defs;
      files.insert(i.path);
    }
  std::string s = "using " + std::to_string(defs) + (defs == 1 ? " definition" : " definitions") + " from " +
                  std::to_string(files.size()) + (files.size() == 1 ? " file" : " files");
  std::size_t other = items.size() - defs;
  if (other > 0) s += " and " + std::to_string(other) + " other context " + (other == 1 ? "item" : "items");
  return s;
}

ContextResult retrieve_context(const analysis::WorkspaceIndex& index, const ContextQuery& q) {
  ContextResult result;
  result.budget_tokens = q.budget_tokens;
  std::vector<ContextItem> cands;
  auto lines = split_lines(q.text);
  const IndexedFile* self = q.self.get();
  const int first = std::max(0, q.first_line);
  const int last = std::max(first, q.last_line);
  const Definition* fn = innermost(self, first, last, false);
  const Definition* type = innermost(self, first, last, true);

  // 1. The enclosing function (not for completion: the prefix and suffix already show it).
  if (fn && q.purpose != ContextPurpose::Completion && (fn->line < first || fn->end_line > last)) {
    std::string body = lines_of(q.text, fn->line, fn->end_line);
    if (body.size() >= kMaxItemBytes) body = fn->signature + "\n";
    cands.push_back({"enclosing-function", q.path, fn->line, fn->end_line, "encloses the selection", body, 0, 1000});
  }
  // 2. The class header with its members' signatures.
  if (type) {
    cands.push_back({"class-header", q.path, type->line, type->end_line, "class around the selection",
                     definition_text(*self, *type, {}), 0, 900});
  }

  // 3. Definitions of the identifiers used.
  std::map<std::string, std::string> import_of;  // imported path → the module as written
  std::unordered_map<std::string, std::set<std::string>> names_from;  // imported path → names
  // A qualifier (`strings.` in `strings.HasPrefix`, `util.` for `const util = require(...)`)
  // names an import by its last component or by the local name it was bound to.
  std::unordered_map<std::string, std::vector<const analysis::Import*>> qualified;
  if (self) {
    for (const auto& imp : self->symbols.imports) {
      for (const auto& f : index.resolve(*self, imp, 4)) {
        import_of.emplace(f->path, imp.module);
        names_from[f->path].insert(imp.names.begin(), imp.names.end());
      }
      std::string_view m = imp.module;
      while (!m.empty() && (m.back() == '/' || m.back() == ':' || m.back() == '*' || m.back() == '.')) m.remove_suffix(1);
      std::size_t cut = m.find_last_of("./:\\");
      qualified[std::string(cut == std::string_view::npos ? m : m.substr(cut + 1))].push_back(&imp);
      for (const auto& n : imp.names) qualified[n].push_back(&imp);
    }
  }
  auto qualifier_import = [&](const std::string& qualifier, const std::string& path) -> const analysis::Import* {
    auto it = qualified.find(qualifier);
    if (it == qualified.end()) return nullptr;
    for (const auto* imp : it->second) {
      if (import_of.count(path) && import_of[path] == imp->module) return imp;
      if (module_names_path(imp->module, path)) return imp;
    }
    return nullptr;
  };
  auto uses = uses_of(q, lines, fn);
  std::set<std::pair<std::string, int>> taken;  // (path, line) already a candidate
  for (std::size_t rank = 0; rank < uses.size(); ++rank) {
    const Use& u = uses[rank];
    auto refs = index.definitions_named(u.name, kCandidatesPerName);
    if (refs.empty()) continue;
    struct Scored {
      double score;
      const DefinitionRef* ref;
      std::string reason;
    };
    std::vector<Scored> scored;
    for (const auto& r : refs) {
      const Definition& d = r.def();
      const std::string& p = r.file->path;
      bool same = p == q.path;
      if (same && d.line <= last && d.end_line >= first && (d.kind == SymbolKind::Function || d.kind == SymbolKind::Method || is_type(d.kind)))
        continue;  // the code being asked about, or around it
      double s = 0;
      std::string why;
      if (same) {
        s = 300;
        why = "same file";
      } else if (import_of.count(p)) {
        s = names_from[p].count(u.name) ? 260 : 200;
        why = "imported (" + import_of[p] + ")";
      } else {
        why = "workspace, by name";
      }
      if (!u.qualifier.empty()) {
        if (const auto* imp = qualifier_import(u.qualifier, p)) {
          s = std::max(s, 200.0) + 80;
          why = "imported (" + imp->module + "), called through `" + u.qualifier + "`";
        }
        if ((u.qualifier == "self" || u.qualifier == "this") && type && d.container == type->name) s += 150;
        if (!d.container.empty() && d.container == u.qualifier) s += 60;
      } else if (!d.container.empty() && !same && q.language != Language::Go) {
        s -= 30;  // a bare name is rarely a method of another file's class
      }
      int depth = analysis::shared_dir_depth(p, q.path);
      s += std::min(depth, 12) * 6;
      if (analysis::parent_dir(p) == analysis::parent_dir(q.path)) s += 30;
      if (u.call && (d.kind == SymbolKind::Function || d.kind == SymbolKind::Method || is_type(d.kind) ||
                     d.kind == SymbolKind::Macro))
        s += 20;
      if (!u.call && d.kind == SymbolKind::Function && d.container.empty()) s -= 5;
      if (d.kind == SymbolKind::Function || d.kind == SymbolKind::Method) s += 3;
      if (looks_like_test_file(p) && !looks_like_test_file(q.path)) s -= 40;
      // Prototypes in headers and definitions in sources: prefer the one with a doc comment.
      if (!d.doc.empty()) s += 4;
      scored.push_back({s, &r, std::move(why)});
    }
    if (scored.empty()) continue;
    std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
    // The best match, and a runner-up when the name is ambiguous between close candidates.
    // The best match, and a runner-up when the name is ambiguous between close candidates. A
    // name declared again in this file (a local prototype, a macro wrapper) keeps the best
    // imported declaration beside it: that one carries the real signature and doc.
    std::vector<std::size_t> keep{0};
    if (scored.size() > 1 && scored[1].score >= scored[0].score - 15) keep.push_back(1);
    if (scored[0].ref->file->path == q.path)
      for (std::size_t j = 1; j < scored.size(); ++j)
        if (scored[j].ref->file->path != q.path && import_of.count(scored[j].ref->file->path)) {
          if (std::find(keep.begin(), keep.end(), j) == keep.end()) keep.push_back(j);
          break;
        }
    for (std::size_t i : keep) {
      const auto& sc = scored[i];
      const auto& ref = *sc.ref;
      const Definition& d = ref.def();
      if (!taken.insert({ref.file->path, d.line}).second) continue;
      std::string_view file_text = ref.file->path == q.path ? q.text : std::string_view{};
      std::string reason = "`" + u.name + "` used on line " + std::to_string(u.line + 1) + "; " + sc.reason;
      double score = u.weight + sc.score - (i == 0 ? 0.0 : 40.0);
      cands.push_back({"definition", ref.file->path, d.line, d.end_line, std::move(reason),
                       definition_text(*ref.file, d, file_text), 0, score});
    }
  }

  // 4. The file's imports.
  if (self && !self->symbols.imports.empty() && q.purpose != ContextPurpose::Completion) {
    std::string text;
    int lo = self->symbols.imports.front().line, hi = lo;
    std::set<int> seen_lines;
    for (const auto& imp : self->symbols.imports) {
      if (!seen_lines.insert(imp.line).second || imp.line >= static_cast<int>(lines.size())) continue;
      text += std::string(lines[static_cast<std::size_t>(imp.line)]) + "\n";
      lo = std::min(lo, imp.line);
      hi = std::max(hi, imp.line);
      if (text.size() > 2000) break;
    }
    if (!text.empty()) cands.push_back({"imports", q.path, lo, hi, "imports of this file", text, 0, 150});
  }

  // 5. Recent edits in other indexed files.
  double recent_score = 140;
  for (const auto& e : q.recent) {
    if (e.path == q.path || !index.file(e.path) || e.text.empty()) continue;
    cands.push_back({"recent-edit", e.path, e.first_line, e.last_line, "edited recently", e.text.substr(0, kMaxItemBytes),
                     0, recent_score});
    recent_score -= 10;
    if (recent_score < 100) break;
  }

  // 6. Existing tests of the module.
  if (q.purpose == ContextPurpose::Tests && self) {
    std::string_view my_stem = stem(q.path);
    std::string_view fn_name = fn ? std::string_view(fn->name) : std::string_view{};
    std::vector<std::pair<int, IndexedFilePtr>> tests;
    for (const auto& f : index.files()) {
      if (f->path == q.path || !looks_like_test_file(f->path)) continue;
      int s = 0;
      if (analysis::icontains(stem(f->path), my_stem)) s += 2;
      for (const auto& imp : f->symbols.imports)
        for (const auto& r : index.resolve(*f, imp, 4))
          if (r->path == q.path) s += 3;
      if (!fn_name.empty())
        for (const auto& id : f->symbols.identifiers)
          if (id == fn_name) {
            s += 2;
            break;
          }
      if (s > 0) tests.emplace_back(s * 10 + analysis::shared_dir_depth(f->path, q.path), f);
    }
    std::sort(tests.begin(), tests.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < tests.size() && i < 2; ++i) {
      const auto& f = tests[i].second;
      std::string text = q.read_file ? q.read_file(f->path) : std::string{};
      int end = 0;
      for (const auto& d : f->symbols.definitions)
        if (d.kind == SymbolKind::Function || d.kind == SymbolKind::Method || is_type(d.kind)) {
          end = d.end_line;
          break;
        }
      std::string body = text.empty() ? std::string{} : lines_of(text, 0, std::min(end, 80));
      if (body.empty()) continue;
      cands.push_back({"test", f->path, 0, std::min(end, 80), "existing tests of this module", body, 0,
                       500.0 - static_cast<double>(i) * 20});
    }
  }

  // Trim by rank within the budget; secrets never leave.
  std::stable_sort(cands.begin(), cands.end(), [](const ContextItem& a, const ContextItem& b) { return a.score > b.score; });
  for (auto& c : cands) {
    c.text = gen::redact_text(c.text);
    c.tokens = estimate_tokens(c.text) + estimate_tokens(c.path) + 4;
    if (result.tokens + c.tokens > q.budget_tokens) {
      ++result.dropped;
      continue;
    }
    result.tokens += c.tokens;
    result.items.push_back(std::move(c));
  }
  return result;
}

std::string display_path(const std::string& path, const std::string& root) {
  if (!root.empty() && path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/')
    return path.substr(root.size() + 1);
  return path;
}

std::string render_context(const ContextResult& result, const std::string& root) {
  if (result.items.empty()) return {};
  std::string out = "Related code from the workspace (for reference only; do not repeat it):\n";
  for (const auto& i : result.items) {
    out += "\n--- " + display_path(i.path, root) + ":" + std::to_string(i.first_line + 1) + "-" +
           std::to_string(i.last_line + 1) + " (" + i.kind + ") ---\n" + i.text;
    if (!i.text.empty() && i.text.back() != '\n') out += '\n';
  }
  return out;
}

std::string render_context_comments(const ContextResult& result, const std::string& root, Language language) {
  if (result.items.empty()) return {};
  std::string lead = line_comments_hash(language) ? "# " : "// ";
  std::string out;
  for (const auto& i : result.items) {
    out += lead + "Path: " + display_path(i.path, root) + "\n";
    auto lines = split_lines(i.text);
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    for (auto line : lines) {
      out += lead;
      out += line;
      out += '\n';
    }
  }
  return out;
}

nlohmann::json context_items_json(const ContextResult& result, const std::string& root, bool with_text) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : result.items) {
    nlohmann::json j{{"kind", i.kind},
                     {"path", display_path(i.path, root)},
                     {"range", {{"start", i.first_line + 1}, {"end", i.last_line + 1}}},
                     {"reason", i.reason},
                     {"tokens", i.tokens}};
    if (with_text) j["text"] = i.text;
    items.push_back(std::move(j));
  }
  return items;
}

}  // namespace cc::server
