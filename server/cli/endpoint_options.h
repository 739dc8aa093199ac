#pragma once
// Command-line options shared by every command that talks to model servers (ask, doctor, lsp,
// bench): --ollama-url URL and --openai-url URL. Add them to a CommandSpec's options and
// resolve the backend configuration with backend_config_from_args().
//
// Thread-safety: pure functions over their arguments (reads OLLAMA_HOST from the environment).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/backend_config.h"
#include "server/cli/args.h"

namespace cc::server {

const std::vector<cli::OptionSpec>& endpoint_options();

// generation section of `merged_config` → BackendConfig, then --ollama-url / --openai-url
// and OLLAMA_HOST applied (see gen::apply_endpoint_overrides). Warnings are appended.
gen::BackendConfig backend_config_from_args(const nlohmann::json& merged_config, const cli::ParsedArgs& args,
                                            std::vector<std::string>& warnings);

}  // namespace cc::server
