// `codecrucible voices`: the voices (built-in and from config) and the presets.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <system_error>

#include "generation/engine_config.h"
#include "protocol/json_wire.h"
#include "server/cli/commands.h"
#include "server/config.h"

namespace cc::commands {
namespace {

int run_voices(const cli::CommandSpec&, const cli::ParsedArgs& args) {
  if (!args.positionals.empty()) {
    std::cerr << "codecrucible voices: unexpected argument '" << args.positionals.front()
              << "'\nRun 'codecrucible voices --help' for usage.\n";
    return 2;
  }
  std::vector<std::string> warnings;
  std::error_code ec;
  auto cwd = std::filesystem::current_path(ec);
  nlohmann::json merged = config::load_layers(args.get("config"), ec ? std::nullopt : std::optional(cwd), warnings);
  const nlohmann::json generation =
      merged.is_object() && merged.contains("generation") ? merged["generation"] : nlohmann::json::object();
  auto registry = gen::VoiceRegistry::from_config(generation, warnings);
  for (const auto& w : warnings) std::cerr << "codecrucible voices: warning: " << w << "\n";

  if (args.has("json")) {
    auto j = registry.to_json();
    if (!args.has("prompts"))
      for (auto& v : j["voices"]) v.erase("systemPrompt");
    std::cout << protocol::dump_wire(j) << "\n";
    return 0;
  }
  std::cout << "Voices:\n";
  for (const auto& v : registry.all()) {
    std::cout << "  " << std::left << std::setw(13) << v.id << std::setw(20) << v.style << "temp "
              << std::fixed << std::setprecision(1) << v.temperature << "  " << std::setw(8) << gen::to_string(v.tier)
              << (v.focus.empty() ? v.name : v.focus) << (v.builtin ? "" : "  [config]") << "\n";
    if (args.has("prompts")) std::cout << "      " << v.system_prompt << "\n\n";
  }
  std::cout << "\nPresets:\n";
  for (const auto& [name, ids] : registry.presets()) {
    std::cout << "  " << std::left << std::setw(15) << name;
    for (std::size_t i = 0; i < ids.size(); ++i) std::cout << (i ? ", " : "") << ids[i];
    std::cout << "\n";
  }
  std::cout << "\nUse: codecrucible ask --voice ID | --voices A,B | --preset NAME [--mode competitive|collaborative|consensus]\n";
  return 0;
}

}  // namespace

const cli::CommandSpec& voices() {
  static const cli::CommandSpec spec{
      "voices",
      "list the voices (personas) and presets for ask and the editor actions",
      "codecrucible voices [--json] [--prompts] [--config FILE]",
      "Voices come built in (ten) and from generation.voices in the config; presets from\n"
      "generation.presets. Each voice has its own system prompt, temperature and preferred tier.",
      {{"json", "", "print voices and presets as JSON"}, {"prompts", "", "include each voice's system prompt"}},
      &run_voices};
  return spec;
}

}  // namespace cc::commands
