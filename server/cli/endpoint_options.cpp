#include "server/cli/endpoint_options.h"

namespace cc::server {

const std::vector<cli::OptionSpec>& endpoint_options() {
  static const std::vector<cli::OptionSpec> options = {
      {"ollama-url", "URL", "use the Ollama server at URL (replaces configured Ollama endpoints; default $OLLAMA_HOST or http://127.0.0.1:11434)"},
      {"openai-url", "URL", "use the OpenAI-compatible server at URL, e.g. http://127.0.0.1:8080/v1 (LM Studio, llama-server, vLLM)"},
  };
  return options;
}

gen::BackendConfig backend_config_from_args(const nlohmann::json& merged_config, const cli::ParsedArgs& args,
                                            std::vector<std::string>& warnings) {
  gen::BackendConfig config = gen::backend_config_from_json(merged_config, warnings);
  gen::apply_endpoint_overrides(config, args.get("ollama-url"), args.get("openai-url"));
  return config;
}

}  // namespace cc::server
