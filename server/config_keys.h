#pragma once
// Unknown configuration keys, at every level, checked against the one description of the
// settings: server/settings.schema.json, compiled into the binary. Typed readers check values;
// this checks names, so a misspelt key (`diagnostics.debounceMS`) is always reported.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cc::config {

// Appends "SOURCE: unknown key 'a.b.c' ignored" for every key the schema does not define.
// `layer` is a settings object, optionally wrapped as {"codecrucible": {...}}. Keys that
// belong to an editor extension (server, client, trace) are accepted at the top level.
void check_known_keys(const nlohmann::json& layer, const std::string& source, std::vector<std::string>& warnings);

}  // namespace cc::config
