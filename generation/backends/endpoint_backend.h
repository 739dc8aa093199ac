#pragma once
// A backend bound to one configured endpoint: the Generator for that server plus discovery
// and a health probe. OllamaBackend and OpenAIBackend implement it; tests may provide fakes.
//
// Thread-safety: generate(), generate_detailed() and probe() may run concurrently.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/backend_config.h"
#include "generation/types.h"

namespace cc::gen {

// Discovery lists at most this many models (each name bounded and scrubbed: model_name).
inline constexpr std::size_t kMaxListedModels = 1000;

// What a health probe / doctor learns about an endpoint.
struct ProbeResult {
  bool reachable = false;
  std::string version;              // server version when it reports one
  std::vector<std::string> models;  // discovered model names
  double latency_ms = 0;            // round trip of the discovery call
  std::string error;                // why it is not reachable / discovery failed
  std::optional<bool> model_available;  // configured model among `models` (nullopt: unknown)
  std::optional<bool> fim_capable;      // configured model supports fill-in-the-middle
  std::optional<std::size_t> context_tokens;  // the model's context window, when the server tells
};
nlohmann::json to_json(const ProbeResult& probe);

// A result plus the HTTP status behind it (0 when no response arrived), so the router can
// tell a server fault (5xx, breaker failure) from a request problem (4xx).
struct BackendOutcome {
  GenerationResult result;
  int http_status = 0;
};

class EndpointBackend : public Generator {
 public:
  [[nodiscard]] virtual const EndpointConfig& config() const = 0;
  virtual BackendOutcome generate_detailed(const GenerationRequest& request, const TokenCallback& on_token,
                                           const CancelToken& cancel) = 0;
  // Reachability, version and models; bounded by the connect timeout and a short read timeout.
  virtual ProbeResult probe(const CancelToken& cancel) = 0;

  GenerationResult generate(const GenerationRequest& request, const TokenCallback& on_token,
                            const CancelToken& cancel) override {
    return generate_detailed(request, on_token, cancel).result;
  }
};

// OllamaBackend or OpenAIBackend according to config.kind.
std::unique_ptr<EndpointBackend> make_endpoint_backend(const EndpointConfig& config, const TimeoutConfig& timeouts);

}  // namespace cc::gen
