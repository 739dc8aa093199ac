#include "server/config_keys.h"

#include <string_view>

#include "server/settings_schema.h"

namespace cc::config {

namespace {

using nlohmann::json;

const json& schema() {
  static const json parsed = json::parse(kSettingsSchema);
  return parsed;
}

bool editor_side_key(std::string_view key) { return key == "server" || key == "client" || key == "trace"; }

// Walks `value` against `node` (a schema object): names not in `properties` are unknown
// where `additionalProperties` is false; a schema given for additional properties or array
// items applies to each of them.
void walk(const json& value, const json& node, const std::string& path, const std::string& source,
          std::vector<std::string>& warnings) {
  if (!node.is_object()) return;
  if (value.is_object()) {
    const json* properties = node.contains("properties") ? &node["properties"] : nullptr;
    const json* additional = node.contains("additionalProperties") ? &node["additionalProperties"] : nullptr;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string child = path.empty() ? it.key() : path + "." + it.key();
      if (properties && properties->contains(it.key())) {
        walk(it.value(), (*properties)[it.key()], child, source, warnings);
      } else if (additional && additional->is_object()) {
        walk(it.value(), *additional, child, source, warnings);
      } else if (additional && additional->is_boolean() && !additional->get<bool>() &&
                 !(path.empty() && editor_side_key(it.key()))) {
        warnings.push_back(source + ": unknown key '" + child + "' ignored");
      }
    }
  } else if (value.is_array() && node.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i)
      walk(value[i], node["items"], path + "[" + std::to_string(i) + "]", source, warnings);
  }
  // anyOf / oneOf: a value may match any branch; check it against the object-shaped one.
  for (const char* branches : {"anyOf", "oneOf"}) {
    if (auto b = node.find(branches); b != node.end() && b->is_array())
      for (const auto& branch : *b)
        if (value.is_object() && branch.is_object() && branch.contains("type") && branch["type"] == "object")
          walk(value, branch, path, source, warnings);
  }
}

}  // namespace

void check_known_keys(const json& layer, const std::string& source, std::vector<std::string>& warnings) {
  if (!layer.is_object()) return;
  const json& body = (layer.size() == 1 && layer.contains("codecrucible") && layer["codecrucible"].is_object())
                         ? layer["codecrucible"]
                         : layer;
  walk(body, schema(), "", source, warnings);
}

}  // namespace cc::config
