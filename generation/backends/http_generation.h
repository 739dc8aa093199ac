#pragma once
// One generation call over HTTP, shared by the Ollama and OpenAI backends: sends the request,
// feeds the body to an AnswerStream (parsers, size limits, secret scrubbing), and maps
// transport outcomes and server errors onto GenerationResult:
//   connect refused / unreachable / TLS → Unavailable; connect, read or request deadline →
//   Timeout; non-2xx or an error line/event → Http (the server's own message); bad or
//   truncated body, dropped connection mid-stream, an answer over its limits → Protocol; cancel
//   token → Cancelled (finish_reason "cancelled", partial text kept). Every message built from
//   server text goes through model_message (bounded, scrubbed, one line).
//
// Thread-safety: stateless; run from any thread.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "generation/backends/answer_stream.h"
#include "generation/backends/endpoint_backend.h"
#include "generation/backends/http_client.h"

namespace cc::gen {

struct WireCall {
  Url url;
  HttpRequest request;
  TimeoutConfig timeouts;
  AnswerFormat format;
  AnswerLimits limits;  // answer_limits(request.max_tokens)
};

BackendOutcome perform_generation(const WireCall& call, const EndpointConfig& endpoint, const std::string& model,
                                  const TokenCallback& on_token, const CancelToken& cancel);

// Maps a failed transport outcome to (kind, message). ErrorKind::None for Ok.
ErrorKind error_kind_for(HttpOutcome outcome);

// The outcome a generation starts from: who answers (backend, endpoint, tier), and
// Unavailable with `url_error` when the endpoint's URL did not parse (`url` empty).
BackendOutcome start_outcome(const EndpointConfig& endpoint, const std::optional<Url>& url,
                             const std::string& url_error);

// Discovery calls answer quickly or not at all: short read and request timeouts whatever the
// generation read timeout is (cold models make that one long).
TimeoutConfig probe_timeouts(const TimeoutConfig& timeouts);

// A discovery call (models, version): GET `path` with short timeouts and the endpoint's
// authentication, the body parsed as model JSON (depth-capped). nullopt with `*error` set when
// the URL did not parse or the call failed; the caller checks the JSON's shape.
std::optional<nlohmann::json> fetch_discovery_json(const std::optional<Url>& url, const std::string& url_error,
                                                   const std::string& path, const EndpointConfig& endpoint,
                                                   const TimeoutConfig& timeouts, const CancelToken& cancel,
                                                   std::string* error);

// Why a discovery call (models, version) failed: "HTTP <status>: <the server's message>"
// (through model_message) for an error status, the transport's message otherwise.
std::string describe_failure(const HttpResponse& response);

}  // namespace cc::gen
