#pragma once
// Layered configuration. Lowest to highest precedence:
//   built-in defaults (each subsystem's config struct)
//   → user file ($XDG_CONFIG_HOME/codecrucible/config.json, else ~/.config/...)
//   → --config FILE (CLI)
//   → workspace .codecrucible.json
//   → LSP initializationOptions → workspace/didChangeConfiguration (server only).
// Layers are JSON objects merged with RFC 7396 merge-patch semantics. A layer that cannot be
// read or parsed produces a warning and is skipped, never a crash.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cc::config {

std::filesystem::path user_config_file();
// $XDG_CACHE_HOME/codecrucible, else ~/.cache/codecrucible (else a temp dir).
std::filesystem::path user_cache_dir();

// Reads a configuration layer: through the one bounded reader (regular files only, 1 MiB,
// never blocking) and the depth-capped JSON parser, then checked for unknown keys. nullopt +
// warning when it cannot be used; a missing file is silent unless `required`.
std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path, std::vector<std::string>& warnings,
                                             bool required = true);
// The same checks for configuration text already in memory (`source` names it in warnings).
std::optional<nlohmann::json> parse_config_text(std::string_view text, const std::string& source,
                                                std::vector<std::string>& warnings);

// user file → explicit file → workspace file, merged.
nlohmann::json load_layers(const std::optional<std::string>& explicit_file,
                           const std::optional<std::filesystem::path>& workspace_root,
                           std::vector<std::string>& warnings);

// Applies `patch` onto `base` (merge-patch; a settings object wrapped as
// {"codecrucible": {...}} is unwrapped first).
void merge_layer(nlohmann::json& base, const nlohmann::json& patch);

}  // namespace cc::config
