#pragma once
// The Authorization header an endpoint sends, and the secrets behind it:
//   - apiKeyEnv names a variable that is set and not empty → "Bearer <its value>";
//   - otherwise credentials written in the endpoint URL ("http://user:pass@host", kept out of
//     EndpointConfig::url, see backend_config.h) → "Basic base64(user:password)";
//   - otherwise none.
// Every value is registered with register_secret (generation/redact.h) before it is sent, so
// a server that echoes it never gets it into the editor, a log or the terminal. Header
// values are never logged.
//
// Thread-safety: thread-safe (reads the environment).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generation/backends/backend_config.h"

namespace cc::gen {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

HeaderList endpoint_auth_headers(const EndpointConfig& endpoint);

// Registers the endpoint's secrets now (the key in its apiKeyEnv, its URL password and Basic
// token): backends do this when they are built, before any server can answer.
void register_endpoint_secrets(const EndpointConfig& endpoint);

std::string base64_encode(std::string_view bytes);

}  // namespace cc::gen
