#include "generation/backends/endpoint_backend.h"

#include "generation/backends/ollama_backend.h"
#include "generation/backends/openai_backend.h"

namespace cc::gen {

nlohmann::json to_json(const ProbeResult& probe) {
  nlohmann::json j = {{"reachable", probe.reachable}, {"latencyMs", probe.latency_ms}, {"models", probe.models}};
  j["version"] = probe.version.empty() ? nlohmann::json(nullptr) : nlohmann::json(probe.version);
  j["error"] = probe.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(probe.error);
  j["modelAvailable"] = probe.model_available ? nlohmann::json(*probe.model_available) : nlohmann::json(nullptr);
  j["fimCapable"] = probe.fim_capable ? nlohmann::json(*probe.fim_capable) : nlohmann::json(nullptr);
  j["contextTokens"] = probe.context_tokens ? nlohmann::json(*probe.context_tokens) : nlohmann::json(nullptr);
  return j;
}

std::unique_ptr<EndpointBackend> make_endpoint_backend(const EndpointConfig& config, const TimeoutConfig& timeouts) {
  if (config.kind == BackendKind::Ollama) return std::make_unique<OllamaBackend>(config, timeouts);
  return std::make_unique<OpenAIBackend>(config, timeouts);
}

}  // namespace cc::gen
