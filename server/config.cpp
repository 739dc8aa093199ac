#include "server/config.h"

#include <cstdlib>

#include "protocol/json_input.h"
#include "protocol/untrusted_file.h"
#include "server/config_keys.h"

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

std::optional<nlohmann::json> parse_config_text(std::string_view text, const std::string& source,
                                                std::vector<std::string>& warnings) {
  auto parsed = protocol::parse_untrusted_json(text, {protocol::kMaxJsonDepth, /*comments=*/true});
  if (!parsed.ok()) {
    warnings.push_back(source + " is not usable JSON (" + parsed.error + "); ignored");
    return std::nullopt;
  }
  if (!parsed.value.is_object()) {
    warnings.push_back(source + " must hold a JSON object; ignored");
    return std::nullopt;
  }
  check_known_keys(parsed.value, source, warnings);
  return std::move(parsed.value);
}

std::optional<nlohmann::json> read_json_file(const fs::path& path, std::vector<std::string>& warnings, bool required) {
  auto file = protocol::read_untrusted_file(path);
  if (file.status == protocol::UntrustedFile::Status::Missing && !required) return std::nullopt;
  if (!file.ok()) {
    warnings.push_back("config file " + file.error + "; ignored");
    return std::nullopt;
  }
  return parse_config_text(file.text, "config file " + path.string(), warnings);
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
  if (auto user = user_config_file(); !user.empty())
    if (auto j = read_json_file(user, warnings, /*required=*/false)) merge_layer(merged, *j);
  if (explicit_file)
    if (auto j = read_json_file(*explicit_file, warnings)) merge_layer(merged, *j);
  if (workspace_root)
    if (auto j = read_json_file(*workspace_root / ".codecrucible.json", warnings, /*required=*/false))
      merge_layer(merged, *j);
  return merged;
}

}  // namespace cc::config
