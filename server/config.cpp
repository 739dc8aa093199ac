#include "server/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cc::config {

namespace fs = std::filesystem;

static std::optional<fs::path> env_path(const char* name) {
  const char* v = std::getenv(name);
  if (v && *v) return fs::path(v);
  return std::nullopt;
}

fs::path user_config_file() {
  if (auto xdg = env_path("XDG_CONFIG_HOME")) return *xdg / "codecrucible" / "config.json";
  if (auto home = env_path("HOME")) return *home / ".config" / "codecrucible" / "config.json";
  return {};
}

fs::path user_cache_dir() {
  if (auto xdg = env_path("XDG_CACHE_HOME")) return *xdg / "codecrucible";
  if (auto home = env_path("HOME")) return *home / ".cache" / "codecrucible";
  return fs::temp_directory_path() / "codecrucible-cache";
}

std::optional<nlohmann::json> read_json_file(const fs::path& path, std::vector<std::string>& warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    warnings.push_back("cannot read config file " + path.string());
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) {
    warnings.push_back("config file " + path.string() + " is not valid JSON; ignored");
    return std::nullopt;
  }
  if (!j.is_object()) {
    warnings.push_back("config file " + path.string() + " must hold a JSON object; ignored");
    return std::nullopt;
  }
  return j;
}

void merge_layer(nlohmann::json& base, const nlohmann::json& patch) {
  if (!patch.is_object()) return;
  if (!base.is_object()) base = nlohmann::json::object();
  const nlohmann::json& body = (patch.size() == 1 && patch.contains("codecrucible") && patch["codecrucible"].is_object())
                                   ? patch["codecrucible"]
                                   : patch;
  base.merge_patch(body);
}

nlohmann::json load_layers(const std::optional<std::string>& explicit_file,
                           const std::optional<fs::path>& workspace_root, std::vector<std::string>& warnings) {
  nlohmann::json merged = nlohmann::json::object();
  std::error_code ec;
  if (auto user = user_config_file(); !user.empty() && fs::exists(user, ec)) {
    if (auto j = read_json_file(user, warnings)) merge_layer(merged, *j);
  }
  if (explicit_file) {
    if (auto j = read_json_file(*explicit_file, warnings)) merge_layer(merged, *j);
  }
  if (workspace_root) {
    auto ws = *workspace_root / ".codecrucible.json";
    if (fs::exists(ws, ec)) {
      if (auto j = read_json_file(ws, warnings)) merge_layer(merged, *j);
    }
  }
  return merged;
}

}  // namespace cc::config
