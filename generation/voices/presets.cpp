// Built-in presets and reading user voices/presets from the "generation" config object.
#include <spdlog/spdlog.h>

#include "generation/voices/voices.h"

namespace cc::gen {

const std::map<std::string, std::vector<std::string>>& builtin_presets() {
  static const std::map<std::string, std::vector<std::string>> presets = {
      {"default", {"developer", "analyzer", "architect"}},
      {"analysis", {"analyzer", "architect"}},
      {"implementation", {"developer", "implementor"}},
      {"security", {"security"}},
      {"architecture", {"architect", "analyzer"}},
      {"innovation", {"explorer", "designer"}},
      {"quality", {"guardian", "maintainer"}},
      {"optimization", {"optimizer", "analyzer"}},
  };
  return presets;
}

namespace {

std::optional<Voice> voice_from_json(const nlohmann::json& j, std::size_t index, std::vector<std::string>& warnings) {
  std::string where = "generation.voices[" + std::to_string(index) + "]";
  if (!j.is_object()) {
    warnings.push_back(where + " must be an object {id, name, style, temperature, tier, systemPrompt}; ignored");
    return std::nullopt;
  }
  Voice v;
  auto text = [&](const char* key, std::string& out, bool required) {
    if (!j.contains(key)) {
      if (required) warnings.push_back(where + "." + key + " is required; voice ignored");
      return !required;
    }
    if (!j[key].is_string()) {
      warnings.push_back(where + "." + key + " must be a string, got " + std::string(j[key].type_name()) +
                         (required ? "; voice ignored" : "; ignored"));
      return !required;
    }
    out = j[key].get<std::string>();
    return true;
  };
  if (!text("id", v.id, true) || !text("systemPrompt", v.system_prompt, true)) return std::nullopt;
  text("name", v.name, false);
  text("style", v.style, false);
  text("focus", v.focus, false);
  if (j.contains("temperature")) {
    const auto& t = j["temperature"];
    if (t.is_number() && t.get<double>() >= 0.0 && t.get<double>() <= 2.0) v.temperature = t.get<double>();
    else warnings.push_back(where + ".temperature must be a number between 0 and 2; using 0.5");
  }
  if (j.contains("tier")) {
    const auto& t = j["tier"];
    if (t == "fast") v.tier = Tier::Fast;
    else if (t == "quality") v.tier = Tier::Quality;
    else warnings.push_back(where + ".tier must be \"fast\" or \"quality\"; using \"fast\"");
  }
  return v;
}

}  // namespace

VoiceRegistry VoiceRegistry::from_config(const nlohmann::json& generation, std::vector<std::string>& warnings) {
  VoiceRegistry registry;
  if (!generation.is_object()) return registry;
  if (generation.contains("voices")) {
    const auto& list = generation["voices"];
    if (!list.is_array()) {
      warnings.push_back("generation.voices must be a list of voice objects, got " + std::string(list.type_name()) +
                         "; ignored");
    } else {
      for (std::size_t i = 0; i < list.size(); ++i) {
        auto v = voice_from_json(list[i], i, warnings);
        if (!v) continue;
        if (auto err = registry.add(std::move(*v))) warnings.push_back("generation.voices[" + std::to_string(i) + "]: " + *err);
      }
    }
  }
  if (generation.contains("presets")) {
    const auto& presets = generation["presets"];
    if (!presets.is_object()) {
      warnings.push_back("generation.presets must be an object {name: [voice ids]}, got " +
                         std::string(presets.type_name()) + "; ignored");
    } else {
      for (const auto& [name, ids] : presets.items()) {
        auto resolved = registry.resolve_json(ids, "generation.presets." + name);
        if (!resolved.ok()) {
          warnings.push_back(resolved.error + "; preset ignored");
          continue;
        }
        std::vector<std::string> canonical;
        for (const auto& v : *resolved.value) canonical.push_back(v.id);
        registry.presets_[name] = std::move(canonical);
      }
    }
  }
  return registry;
}

}  // namespace cc::gen
