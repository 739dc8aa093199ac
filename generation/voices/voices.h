#pragma once
// Voices: personas with their own system prompt, sampling temperature and preferred tier,
// plus presets (named lists of voices). Ten built-ins (BACKENDS.md) and user voices/presets
// from config ("generation.voices", "generation.presets").
//
// Lookup (find): exact id, then case-insensitive id or name, then a unique case-insensitive
// prefix of an id or name. A miss or an ambiguous prefix is an error that lists the valid
// voices. Lists are type-checked at the boundary: a string where a list belongs is an error,
// never iterated letter by letter (the original's "Voice not found: T").
//
// Preferred tiers of the built-ins: quality for the voices whose value is careful reasoning
// (analyzer, security, architect, guardian, optimizer); fast for the voices that mostly write
// or rewrite code and prose (explorer, maintainer, developer, implementor, designer).
//
// Thread-safety: a VoiceRegistry is immutable after construction; const methods are safe from
// any thread.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/types.h"

namespace cc::gen {

struct Voice {
  std::string id;     // "security"
  std::string name;   // "Security Engineer"
  std::string style;  // "defensive"
  std::string focus;  // one line: what the voice pays attention to
  double temperature = 0.5;
  Tier tier = Tier::Fast;
  std::string system_prompt;
  bool builtin = false;
};

// A value or an error message (never both).
template <typename T>
struct Checked {
  std::optional<T> value;
  std::string error;
  [[nodiscard]] bool ok() const { return value.has_value(); }
  static Checked fail(std::string message) { return Checked{std::nullopt, std::move(message)}; }
};

class VoiceRegistry {
 public:
  VoiceRegistry();  // built-in voices and presets
  // Built-ins plus "voices" and "presets" read from a "generation" config object.
  // Bad entries produce warnings and are skipped.
  static VoiceRegistry from_config(const nlohmann::json& generation, std::vector<std::string>& warnings);

  // Adds or replaces (same id) a voice. Error for an invalid id or empty system prompt.
  std::optional<std::string> add(Voice voice);
  // Adds or replaces a preset; every id must resolve. Error otherwise.
  std::optional<std::string> add_preset(const std::string& name, const std::vector<std::string>& voice_ids);

  [[nodiscard]] Checked<Voice> find(std::string_view query) const;
  // Resolves every element; the first failure wins. Duplicates are dropped, order kept.
  [[nodiscard]] Checked<std::vector<Voice>> resolve(const std::vector<std::string>& queries) const;
  // The boundary for untyped input (JSON from config or LSP): must be an array of strings.
  [[nodiscard]] Checked<std::vector<Voice>> resolve_json(const nlohmann::json& value, std::string_view what = "voices") const;
  // Preset by exact or case-insensitive name (or unique prefix).
  [[nodiscard]] Checked<std::vector<Voice>> preset(std::string_view name) const;

  [[nodiscard]] const std::vector<Voice>& all() const { return voices_; }
  [[nodiscard]] const std::map<std::string, std::vector<std::string>>& presets() const { return presets_; }
  [[nodiscard]] std::string voice_ids_joined() const;  // "explorer, maintainer, ..."
  [[nodiscard]] nlohmann::json to_json() const;         // {"voices": [...], "presets": {...}}

 private:
  std::vector<Voice> voices_;
  std::map<std::string, std::vector<std::string>> presets_;
};

const std::vector<Voice>& builtin_voices();
const std::map<std::string, std::vector<std::string>>& builtin_presets();  // generation/voices/presets.cpp

// Applies a voice to a request: its system prompt goes first (merged with an existing system
// message), its temperature replaces the request's, and its preferred tier becomes
// force_tier unless the caller already forced a tier or provider. Completion-form requests
// (prompt/suffix: fill-in-the-middle) keep their raw prompt and only take the temperature.
void apply_voice(GenerationRequest& request, const Voice& voice);

// Splits "a,b , c" into ids, for the CLI's --voices.
std::vector<std::string> split_voice_list(std::string_view text);

}  // namespace cc::gen
