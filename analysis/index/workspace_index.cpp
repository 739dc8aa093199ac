#include "analysis/index/workspace_index.h"

#include <algorithm>
#include <filesystem>

#include "analysis/lang/text_util.h"

namespace cc::analysis {

std::uint64_t content_hash(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string_view parent_dir(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

int shared_dir_depth(std::string_view a, std::string_view b) {
  a = parent_dir(a);
  b = parent_dir(b);
  int depth = 0;
  std::size_t k = 0;
  while (k < a.size() && k < b.size() && a[k] == b[k]) {
    ++k;
    if ((k == a.size() || a[k] == '/') && (k == b.size() || b[k] == '/')) ++depth;
  }
  return depth;
}

namespace {

std::string_view file_name(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view stem_of(std::string_view name) {
  std::size_t dot = name.find('.');
  return dot == 0 || dot == std::string_view::npos ? name : name.substr(0, dot);
}

// Files that stand for their directory (a package or module folder).
bool is_folder_module(std::string_view stem) {
  return stem == "__init__" || stem == "index" || stem == "mod" || stem == "lib" || stem == "main";
}

std::vector<std::string> split_module(std::string_view spec, Language lang) {
  // Strip a known source extension so "util.h" and "./x.js" name the stem.
  static constexpr std::string_view kExt[] = {".h", ".hpp", ".hh", ".hxx", ".js", ".mjs", ".cjs", ".ts", ".tsx",
                                              ".jsx", ".py", ".rb", ".php", ".sh", ".go", ".rs", ".inc"};
  for (auto e : kExt)
    if (ends_with(spec, e) && spec.size() > e.size()) {
      spec.remove_suffix(e.size());
      break;
    }
  std::vector<std::string> comps;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && cur != "." && cur != ".." && cur != "*" && cur != "crate" && cur != "self" &&
        cur != "super" && cur != "@")
      comps.push_back(cur);
    cur.clear();
  };
  for (char c : spec) {
    bool sep = c == '/' || c == ':' || c == '\\' || (c == '.' && lang != Language::C && lang != Language::Cpp);
    if (sep) flush();
    else if (is_ident_char(c) || c == '-' || c == '.' || c == '@') cur.push_back(c);
    else flush();
  }
  flush();
  if (comps.size() > 16) comps.erase(comps.begin(), comps.end() - 16);
  return comps;
}

// How many trailing components of `comps` match the path's trailing directories and stem
// (`dir`: its directories only). A folder module (`pkg/__init__.py`) stands for its folder.
int tail_score(std::string_view path, const std::vector<std::string>& comps, bool dir) {
  std::vector<std::string_view> parts;  // from the end
  std::string_view rest = parent_dir(path);
  if (!dir) {
    std::string_view stem = stem_of(file_name(path));
    if (!(is_folder_module(stem) && !comps.empty() && stem != comps.back())) parts.push_back(stem);
  }
  while (parts.size() < comps.size() && !rest.empty()) {
    parts.push_back(file_name(rest));
    rest = parent_dir(rest);
  }
  int score = 0;
  for (std::size_t i = 0; i < parts.size() && i < comps.size(); ++i) {
    if (parts[i] != comps[comps.size() - 1 - i]) break;
    ++score;
  }
  return score;
}

std::string normal(std::string_view p) {
  return std::filesystem::path(std::string(p)).lexically_normal().generic_string();
}

std::size_t approx_bytes(const IndexedFile& f) {
  std::size_t n = sizeof(IndexedFile) + f.path.capacity();
  for (const auto& d : f.symbols.definitions)
    n += sizeof(Definition) + d.name.capacity() + d.container.capacity() + d.signature.capacity() +
         d.doc.capacity() + d.uses.capacity() * sizeof(std::uint32_t);
  for (const auto& i : f.symbols.imports) {
    n += sizeof(Import) + i.module.capacity();
    for (const auto& s : i.names) n += sizeof(std::string) + s.capacity();
  }
  for (const auto& s : f.symbols.identifiers) n += sizeof(std::string) + s.capacity();
  return n;
}

}  // namespace

void WorkspaceIndex::link(const IndexedFilePtr& file) {
  for (std::size_t i = 0; i < file->symbols.definitions.size(); ++i)
    by_name_[file->symbols.definitions[i].name].push_back({file, i});
  std::string_view name = file_name(file->path);
  std::string_view stem = stem_of(name);
  by_stem_[std::string(stem)].push_back(file->path);
  std::string_view dir = file_name(parent_dir(file->path));
  if (!dir.empty()) {
    by_dir_[std::string(dir)].push_back(file->path);
    if (is_folder_module(stem)) by_stem_[std::string(dir)].push_back(file->path);
  }
}

void WorkspaceIndex::unlink(const IndexedFile& file) {
  auto drop_ref = [&](const std::string& key) {
    auto it = by_name_.find(key);
    if (it == by_name_.end()) return;
    std::erase_if(it->second, [&](const DefinitionRef& r) { return r.file->path == file.path; });
    if (it->second.empty()) by_name_.erase(it);
  };
  for (const auto& d : file.symbols.definitions) drop_ref(d.name);
  auto drop_path = [&](std::unordered_map<std::string, std::vector<std::string>>& m, std::string_view key) {
    auto it = m.find(std::string(key));
    if (it == m.end()) return;
    std::erase(it->second, file.path);
    if (it->second.empty()) m.erase(it);
  };
  std::string_view stem = stem_of(file_name(file.path));
  drop_path(by_stem_, stem);
  std::string_view dir = file_name(parent_dir(file.path));
  if (!dir.empty()) {
    drop_path(by_dir_, dir);
    if (is_folder_module(stem)) drop_path(by_stem_, dir);
  }
}

void WorkspaceIndex::put(IndexedFilePtr file) {
  if (!file) return;
  std::lock_guard lock(mutex_);
  auto it = files_.find(file->path);
  if (it != files_.end()) {
    unlink(*it->second);
    it->second = file;
  } else {
    files_.emplace(file->path, file);
  }
  link(file);
}

void WorkspaceIndex::remove(const std::string& path) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  if (it == files_.end()) return;
  unlink(*it->second);
  files_.erase(it);
}

void WorkspaceIndex::clear() {
  std::lock_guard lock(mutex_);
  files_.clear();
  by_name_.clear();
  by_stem_.clear();
  by_dir_.clear();
}

IndexedFilePtr WorkspaceIndex::file(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : it->second;
}

std::vector<IndexedFilePtr> WorkspaceIndex::files() const {
  std::lock_guard lock(mutex_);
  std::vector<IndexedFilePtr> out;
  out.reserve(files_.size());
  for (const auto& [path, f] : files_) out.push_back(f);
  return out;
}

std::size_t WorkspaceIndex::size() const {
  std::lock_guard lock(mutex_);
  return files_.size();
}

std::vector<DefinitionRef> WorkspaceIndex::definitions_named(std::string_view name, std::size_t max) const {
  std::lock_guard lock(mutex_);
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return {};
  std::vector<DefinitionRef> out(it->second.begin(), it->second.begin() + std::min(max, it->second.size()));
  return out;
}

std::vector<DefinitionRef> WorkspaceIndex::search(std::string_view query, std::size_t max) const {
  std::vector<std::pair<int, DefinitionRef>> scored;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, refs] : by_name_) {
      int score;
      if (query.empty()) score = 2;
      else if (name.size() == query.size() && icontains(name, query)) score = 0;
      else if (name.size() >= query.size() && icontains(std::string_view(name).substr(0, query.size()), query)) score = 1;
      else if (icontains(name, query)) score = 2;
      else continue;
      for (const auto& r : refs) {
        scored.emplace_back(score, r);
        if (scored.size() >= max * 8) break;
      }
      if (scored.size() >= max * 8) break;
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.second.def().name < b.second.def().name;
  });
  std::vector<DefinitionRef> out;
  for (auto& [s, r] : scored) {
    if (out.size() >= max) break;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> WorkspaceIndex::candidates_locked(const std::string& key, bool dir) const {
  const auto& m = dir ? by_dir_ : by_stem_;
  auto it = m.find(key);
  return it == m.end() ? std::vector<std::string>{} : it->second;
}

std::vector<IndexedFilePtr> WorkspaceIndex::resolve(const IndexedFile& from, const Import& import,
                                                    std::size_t max) const {
  std::string_view spec = import.module;
  if (spec.empty() || max == 0) return {};
  const Language lang = from.language;
  std::string dir(parent_dir(from.path));
  std::vector<std::string> exact;  // paths to try first, in order

  static constexpr std::string_view kScriptExt[] = {"", ".js", ".ts", ".tsx", ".jsx", ".mjs", ".cjs", ".d.ts",
                                                    "/index.js", "/index.ts", "/index.tsx", "/index.mjs"};
  if (lang == Language::Python) {
    std::size_t dots = 0;
    while (dots < spec.size() && spec[dots] == '.') ++dots;
    if (dots > 0) {
      std::string base = dir;
      for (std::size_t i = 1; i < dots; ++i) base = std::string(parent_dir(base));
      std::string rest(spec.substr(dots));
      std::replace(rest.begin(), rest.end(), '.', '/');
      std::string mod = rest.empty() ? base : base + "/" + rest;
      if (!rest.empty()) exact.push_back(mod + ".py");
      exact.push_back(mod + "/__init__.py");
      for (const auto& n : import.names) exact.push_back(mod + "/" + n + ".py");
    }
  } else if (lang == Language::JavaScript || lang == Language::TypeScript) {
    if (starts_with(spec, "./") || starts_with(spec, "../") || spec == "." || spec == "..")
      for (auto ext : kScriptExt) exact.push_back(normal(dir + "/" + std::string(spec) + std::string(ext)));
  } else if (lang == Language::Ruby) {
    if (starts_with(spec, "./") || starts_with(spec, "../")) {
      exact.push_back(normal(dir + "/" + std::string(spec)));
      exact.push_back(normal(dir + "/" + std::string(spec) + ".rb"));
    }
  } else if (lang == Language::C || lang == Language::Cpp || lang == Language::Php || lang == Language::Shell) {
    if (!spec.empty() && spec[0] != '/') exact.push_back(normal(dir + "/" + std::string(spec)));
  }

  std::vector<IndexedFilePtr> out;
  std::lock_guard lock(mutex_);
  auto add = [&](const std::string& path) {
    if (out.size() >= max) return;
    auto it = files_.find(path);
    if (it == files_.end() || it->second.get() == &from) return;
    for (const auto& f : out)
      if (f->path == path) return;
    out.push_back(it->second);
  };
  for (const auto& p : exact) add(p);
  if (!out.empty()) return out;
  bool relative = starts_with(spec, ".");
  if (relative && lang != Language::Python) return out;

  // By the module's trailing components: the file named like its last one, in folders named
  // like the ones before; for package imports (Go, Java wildcards) the folder itself. Rust and
  // Java name items inside modules, so a miss retries without the last component.
  std::vector<std::string> comps = split_module(spec, lang);
  for (int attempt = 0; attempt < 2 && out.empty() && !comps.empty(); ++attempt) {
    std::vector<std::pair<int, std::string>> scored;
    bool package = lang == Language::Go || (lang == Language::Java && ends_with(spec, "*"));
    for (bool dir_match : {false, true}) {
      if (!dir_match && lang == Language::Go) continue;  // a Go import names a folder, never a file
      if (dir_match && !package && !scored.empty()) break;
      for (const auto& path : candidates_locked(comps.back(), dir_match)) {
        int s = tail_score(path, comps, dir_match);
        if (s > 0) scored.emplace_back(s * 100 + shared_dir_depth(path, from.path), path);
      }
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [s, p] : scored) add(p);
    comps.pop_back();
  }
  return out;
}

IndexStats WorkspaceIndex::stats() const {
  std::lock_guard lock(mutex_);
  IndexStats s;
  s.files = files_.size();
  for (const auto& [p, f] : files_) {
    s.definitions += f->symbols.definitions.size();
    s.imports += f->symbols.imports.size();
    s.approx_bytes += approx_bytes(*f);
  }
  for (const auto& [n, refs] : by_name_) s.approx_bytes += n.capacity() + refs.capacity() * sizeof(DefinitionRef) + 64;
  s.approx_bytes += (by_stem_.size() + by_dir_.size()) * 96 + s.files * 160;
  return s;
}

}  // namespace cc::analysis
