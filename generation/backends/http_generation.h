#pragma once
// One generation call over HTTP, shared by the Ollama and OpenAI backends: sends the request,
// feeds a streaming parser (or parses the whole body), forwards tokens, and maps transport
// outcomes and server errors onto GenerationResult:
//   connect refused / unreachable / TLS → Unavailable; connect, read or request deadline →
//   Timeout; non-2xx or an error line/event → Http (the server's own message); bad or
//   truncated body, dropped connection mid-stream → Protocol; cancel token → Cancelled
//   (finish_reason "cancelled", partial text kept).
//
// Thread-safety: stateless; run from any thread.
#include <string>

#include "generation/backends/endpoint_backend.h"
#include "generation/backends/http_client.h"
#include "generation/backends/stream_parsers.h"

namespace cc::gen {

struct WireCall {
  Url url;
  HttpRequest request;
  TimeoutConfig timeouts;
  bool stream = true;
  bool sse = false;  // false: NDJSON (Ollama)
  NdjsonShape ndjson_shape = NdjsonShape::Chat;
  SseShape sse_shape = SseShape::Chat;
};

BackendOutcome perform_generation(const WireCall& call, const EndpointConfig& endpoint, const std::string& model,
                                  const TokenCallback& on_token, const CancelToken& cancel);

// Maps a failed transport outcome to (kind, message). ErrorKind::None for Ok.
ErrorKind error_kind_for(HttpOutcome outcome);

}  // namespace cc::gen
