#include "analysis/index/index_store.h"

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "protocol/json_input.h"
#include "protocol/untrusted_file.h"

namespace cc::analysis {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kFormat = "codecrucible-index";
constexpr std::size_t kMaxNameBytes = 256;
constexpr std::size_t kMaxPathBytes = 4096;

json definition_json(const Definition& d) {
  return json::array({d.name, d.container, static_cast<int>(d.kind), d.line, d.end_line, d.col, d.signature, d.doc,
                      d.uses});
}

bool str(const json& j, std::string& out, std::size_t max) {
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  if (s.size() > max) return false;
  out = s;
  return true;
}

bool integer(const json& j, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  if (!j.is_number_integer()) return false;
  std::int64_t v = j.get<std::int64_t>();
  if (v < lo || v > hi) return false;
  out = v;
  return true;
}

bool read_definition(const json& j, std::size_t identifiers, Definition& d) {
  if (!j.is_array() || j.size() != 9) return false;
  std::int64_t kind, line, end, col;
  if (!str(j[0], d.name, kMaxNameBytes) || d.name.empty() || !str(j[1], d.container, kMaxNameBytes) ||
      !integer(j[2], 0, static_cast<int>(SymbolKind::Macro), kind) || !integer(j[3], 0, INT32_MAX, line) ||
      !integer(j[4], line, INT32_MAX, end) || !integer(j[5], 0, INT32_MAX, col) ||
      !str(j[6], d.signature, kMaxSignatureBytes + 8) || !str(j[7], d.doc, kMaxDocBytes + 8) || !j[8].is_array() ||
      j[8].size() > kMaxUsesPerFunction)
    return false;
  d.kind = static_cast<SymbolKind>(kind);
  d.line = static_cast<int>(line);
  d.end_line = static_cast<int>(end);
  d.col = static_cast<int>(col);
  d.uses.reserve(j[8].size());
  for (const auto& u : j[8]) {
    std::int64_t v;
    if (!integer(u, 0, static_cast<std::int64_t>(identifiers) - 1, v)) return false;
    d.uses.push_back(static_cast<std::uint32_t>(v));
  }
  return true;
}

bool read_import(const json& j, Import& imp) {
  if (!j.is_array() || j.size() != 3 || !str(j[0], imp.module, 512) || imp.module.empty() || !j[1].is_array() ||
      j[1].size() > 64)
    return false;
  for (const auto& n : j[1]) {
    std::string s;
    if (!str(n, s, kMaxNameBytes)) return false;
    imp.names.push_back(std::move(s));
  }
  std::int64_t line;
  if (!integer(j[2], 0, INT32_MAX, line)) return false;
  imp.line = static_cast<int>(line);
  return true;
}

IndexedFilePtr read_file_entry(const json& j) {
  if (!j.is_object()) return nullptr;
  auto f = std::make_shared<IndexedFile>();
  std::int64_t lang, mtime;
  auto get = [&](const char* key) -> const json& {
    static const json kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
  };
  if (!str(get("p"), f->path, kMaxPathBytes) || f->path.empty() || f->path[0] != '/' ||
      !integer(get("l"), 1, static_cast<int>(Language::CSharp), lang) || !get("s").is_number_unsigned() ||
      !get("h").is_number_unsigned() || !integer(get("m"), INT64_MIN, INT64_MAX, mtime))
    return nullptr;
  f->language = static_cast<Language>(lang);
  f->size = get("s").get<std::uint64_t>();
  f->hash = get("h").get<std::uint64_t>();
  f->mtime_ns = mtime;
  const json& ids = get("u");
  const json& defs = get("d");
  const json& imps = get("i");
  if (!ids.is_array() || ids.size() > kMaxIdentifiersPerFile || !defs.is_array() ||
      defs.size() > kMaxDefinitionsPerFile || !imps.is_array() || imps.size() > kMaxImportsPerFile)
    return nullptr;
  auto& sym = f->symbols;
  sym.identifiers.reserve(ids.size());
  for (const auto& id : ids) {
    std::string s;
    if (!str(id, s, 128)) return nullptr;
    sym.identifiers.push_back(std::move(s));
  }
  sym.definitions.reserve(defs.size());
  for (const auto& d : defs) {
    Definition def;
    if (!read_definition(d, sym.identifiers.size(), def)) return nullptr;
    sym.definitions.push_back(std::move(def));
  }
  for (const auto& i : imps) {
    Import imp;
    if (!read_import(i, imp)) return nullptr;
    sym.imports.push_back(std::move(imp));
  }
  return f;
}

}  // namespace

fs::path index_file_for(const fs::path& cache_dir, const std::vector<fs::path>& roots) {
  std::string key;
  for (const auto& r : roots) key += fs::absolute(r).lexically_normal().generic_string() + "\n";
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.json", static_cast<unsigned long long>(content_hash(key)));
  return cache_dir / "index" / name;
}

bool save_index(const WorkspaceIndex& index, const fs::path& file, std::string& error) {
  json files = json::array();
  for (const auto& f : index.files()) {
    json defs = json::array();
    for (const auto& d : f->symbols.definitions) defs.push_back(definition_json(d));
    json imps = json::array();
    for (const auto& i : f->symbols.imports) imps.push_back(json::array({i.module, i.names, i.line}));
    files.push_back({{"p", f->path}, {"l", static_cast<int>(f->language)}, {"s", f->size}, {"m", f->mtime_ns},
                     {"h", f->hash}, {"u", f->symbols.identifiers}, {"d", std::move(defs)}, {"i", std::move(imps)}});
  }
  json doc{{"format", kFormat}, {"version", kIndexFormatVersion}, {"files", std::move(files)}};
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::path tmp = file;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      error = "cannot write " + tmp.string();
      return false;
    }
    out << doc.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!out.good()) {
      error = "cannot write " + tmp.string();
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    error = "cannot rename " + tmp.string() + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

LoadedIndex load_index(const fs::path& file) {
  LoadedIndex out;
  auto raw = protocol::read_untrusted_file(file, kMaxIndexFileBytes);
  if (raw.status == protocol::UntrustedFile::Status::Missing) return out;
  if (!raw.ok()) {
    out.error = raw.error;
    return out;
  }
  auto parsed = protocol::parse_untrusted_json(raw.text, {.max_depth = 8});
  raw.text.clear();
  raw.text.shrink_to_fit();
  if (!parsed.ok() || parsed.too_deep || !parsed.value.is_object()) {
    out.error = file.string() + ": not an index file";
    return out;
  }
  const json& v = parsed.value;
  if (v.value("format", "") != kFormat || !v.contains("version") || v["version"] != kIndexFormatVersion ||
      !v.contains("files") || !v["files"].is_array()) {
    out.error = file.string() + ": index format or version differs; rebuilding";
    return out;
  }
  for (const auto& entry : v["files"]) {
    if (auto f = read_file_entry(entry)) out.files.push_back(std::move(f));
    else ++out.rejected;
  }
  return out;
}

}  // namespace cc::analysis
