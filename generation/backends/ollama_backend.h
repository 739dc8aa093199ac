#pragma once
// Ollama backend: /api/chat (chat form) and /api/generate with prompt + suffix (fill in the
// middle, when request.prompt is set), NDJSON streaming or a single JSON object;
// discovery through /api/version, /api/tags and /api/show.
//
// Thread-safety: all members may be called concurrently; each call uses its own HTTP client.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/endpoint_backend.h"
#include "generation/backends/http_client.h"

namespace cc::gen {

class OllamaBackend final : public EndpointBackend {
 public:
  OllamaBackend(EndpointConfig config, TimeoutConfig timeouts);

  [[nodiscard]] const EndpointConfig& config() const override { return config_; }
  BackendOutcome generate_detailed(const GenerationRequest& request, const TokenCallback& on_token,
                                   const CancelToken& cancel) override;
  ProbeResult probe(const CancelToken& cancel) override;

  // Discovery calls (empty / nullopt + error on failure).
  std::optional<std::string> version(const CancelToken& cancel, std::string* error = nullptr);
  std::optional<std::vector<std::string>> list_models(const CancelToken& cancel, std::string* error = nullptr);
  // /api/show: what the server says of one model.
  struct ModelFacts {
    bool fim = false;  // capabilities include "insert", or the template uses .Suffix
    std::optional<std::size_t> context_tokens;  // ollama_context_window
  };
  std::optional<ModelFacts> show_model(const std::string& model, const CancelToken& cancel, std::string* error = nullptr);
  std::optional<bool> supports_fim(const std::string& model, const CancelToken& cancel, std::string* error = nullptr);

  // The JSON body sent for a request (exposed for tests).
  [[nodiscard]] nlohmann::json request_body(const GenerationRequest& request) const;

 private:
  EndpointConfig config_;
  TimeoutConfig timeouts_;
  std::optional<Url> url_;
  std::string url_error_;
};

}  // namespace cc::gen
