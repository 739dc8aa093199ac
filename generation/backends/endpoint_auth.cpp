#include "generation/backends/endpoint_auth.h"

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "generation/redact.h"

namespace cc::gen {
namespace {

std::string api_key(const EndpointConfig& endpoint) {
  if (endpoint.api_key_env.empty()) return {};
  const char* key = std::getenv(endpoint.api_key_env.c_str());
  return key ? std::string(key) : std::string();
}

std::string basic_token(const EndpointConfig& endpoint) {
  if (endpoint.url_user.empty() && endpoint.url_password.empty()) return {};
  return base64_encode(endpoint.url_user + ":" + endpoint.url_password);
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(alphabet[(value >> 18) & 63]);
    out.push_back(alphabet[(value >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? alphabet[(value >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? alphabet[value & 63] : '=');
  }
  return out;
}

void register_endpoint_secrets(const EndpointConfig& endpoint) {
  register_secret(api_key(endpoint));
  register_secret(endpoint.url_password);
  register_secret(basic_token(endpoint));
}

HeaderList endpoint_auth_headers(const EndpointConfig& endpoint) {
  register_endpoint_secrets(endpoint);  // the variable may have changed since the backend was built
  if (std::string key = api_key(endpoint); !key.empty()) return {{"Authorization", "Bearer " + key}};
  if (!endpoint.api_key_env.empty())
    spdlog::debug("{}: environment variable {} (apiKeyEnv) is not set; sending no API key", endpoint.name, endpoint.api_key_env);
  if (std::string token = basic_token(endpoint); !token.empty()) return {{"Authorization", "Basic " + token}};
  return {};
}

}  // namespace cc::gen
