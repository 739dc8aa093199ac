#pragma once
// OpenAI-compatible backend (LM Studio, llama.cpp llama-server, vLLM, hosted APIs):
// /v1/chat/completions (chat form) and /v1/completions with prompt + suffix (fill in the
// middle), SSE streaming or a single JSON object; discovery through /v1/models.
// The URL in config includes the API prefix (e.g. "http://127.0.0.1:1234/v1").
// An API key, when configured, is read from the environment variable named by
// config.api_key_env at each request and sent as "Authorization: Bearer" (or URL credentials
// as Basic; generation/backends/endpoint_auth.h); it is never logged.
// An empty configured model is resolved once from the first entry of /v1/models.
//
// Thread-safety: all members may be called concurrently.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/endpoint_backend.h"
#include "generation/backends/http_client.h"

namespace cc::gen {

class OpenAIBackend final : public EndpointBackend {
 public:
  OpenAIBackend(EndpointConfig config, TimeoutConfig timeouts);

  [[nodiscard]] const EndpointConfig& config() const override { return config_; }
  BackendOutcome generate_detailed(const GenerationRequest& request, const TokenCallback& on_token,
                                   const CancelToken& cancel) override;
  ProbeResult probe(const CancelToken& cancel) override;

  // A /models entry: its id and the context window it reports (openai_model_context_window).
  struct ListedModel {
    std::string id;
    std::optional<std::size_t> context_tokens;
    bool llamacpp = false;  // llama.cpp's entry shape (a `meta` object): /props has the running window
  };
  std::optional<std::vector<ListedModel>> list_model_entries(const CancelToken& cancel, std::string* error = nullptr);
  std::optional<std::vector<std::string>> list_models(const CancelToken& cancel, std::string* error = nullptr);

  // The JSON body sent for a request with the given model (exposed for tests).
  [[nodiscard]] nlohmann::json request_body(const GenerationRequest& request, const std::string& model) const;

 private:
  // llama.cpp's /props (at the server root, beside /v1): the context it was started with.
  std::optional<std::size_t> llamacpp_running_context(const CancelToken& cancel);
  // request.model, else the configured model, else the first discovered one (cached).
  std::optional<std::string> resolve_model(const GenerationRequest& request, const CancelToken& cancel,
                                           std::string* error);

  EndpointConfig config_;
  TimeoutConfig timeouts_;
  std::optional<Url> url_;
  std::string url_error_;
  std::mutex model_mutex_;
  std::string discovered_model_;  // guarded by model_mutex_
};

}  // namespace cc::gen
