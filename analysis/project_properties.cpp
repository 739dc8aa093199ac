#include "analysis/project_properties.h"

#include <fstream>
#include <set>

namespace cc::analysis {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxWalk = 200000;
constexpr std::size_t kMaxFiles = 64;
constexpr std::uintmax_t kMaxFileBytes = 64 * 1024;

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\f')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

void read_file(const fs::path& file, ProjectProperties::Values& out, std::set<std::string, std::less<>>& ambiguous) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    std::string_view l = trim(line);
    if (l.empty() || l.front() == '#' || l.front() == '!' || l.back() == '\\') continue;  // comment, continuation
    std::size_t sep = l.find_first_of("=: \t");
    if (sep == 0 || sep == std::string_view::npos || l.find('\\') < sep) continue;  // escaped keys: skip
    std::string key(l.substr(0, sep));
    std::string_view rest = trim(l.substr(sep));
    if (!rest.empty() && (rest.front() == '=' || rest.front() == ':')) rest = trim(rest.substr(1));
    if (ambiguous.count(key)) continue;
    auto [it, added] = out.emplace(key, std::string(rest));
    if (!added && it->second != rest) {
      out.erase(it);
      ambiguous.insert(std::move(key));
    }
  }
}

bool skipped_folder(const std::string& name) {
  return name.empty() || name.front() == '.' || name == "node_modules" || name == "build" || name == "target" ||
         name == "out" || name == "dist" || name == "vendor";
}

ProjectProperties::Values read_roots(const std::vector<fs::path>& roots) {
  ProjectProperties::Values values;
  std::set<std::string, std::less<>> ambiguous;
  std::size_t seen = 0, files = 0;
  for (const auto& root : roots) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end && ++seen < kMaxWalk && files < kMaxFiles; it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string name = p.filename().string();
      std::error_code e2;
      if (it->is_directory(e2)) {
        if (skipped_folder(name)) it.disable_recursion_pending();
        continue;
      }
      if (!name.ends_with(".properties") || name.size() == 11) continue;
      if (!it->is_regular_file(e2) || it->file_size(e2) > kMaxFileBytes || e2) continue;
      ++files;
      read_file(p, values, ambiguous);
    }
  }
  return values;
}

}  // namespace

std::shared_ptr<const ProjectProperties> ProjectProperties::with_values(Values values) {
  auto p = std::make_shared<ProjectProperties>(std::vector<fs::path>{});
  std::call_once(p->read_, [&] { p->values_ = std::move(values); });
  return p;
}

const ProjectProperties::Values& ProjectProperties::values() const {
  std::call_once(read_, [this] { values_ = read_roots(roots_); });
  return values_;
}

std::optional<std::string> ProjectProperties::find(std::string_view key) const {
  const Values& v = values();
  auto it = v.find(key);
  return it == v.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace cc::analysis
