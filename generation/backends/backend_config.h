#pragma once
// Configuration of the model backends: endpoints, timeouts, routing and circuit breaker,
// read from the "generation" section of the merged config (camelCase JSON):
//
//   "generation": {
//     "endpoints": [{"name","kind":"ollama"|"openai","url","tier":"fast"|"quality","model",
//                    "maxConcurrent","apiKeyEnv","keepAlive"}],
//     "timeouts": {"connectMs","readMs","requestMs"},
//     "routing":  {"forceProvider","forceTier","decisionCacheTtlMs","decisionCacheSize","escalate"},
//     "breaker":  {"failureThreshold","cooldownMs"}
//   }
//
// Every value is type-checked: a wrong type or an out-of-range value produces a warning
// naming the key and keeps the default; it never throws. Other keys of "generation" belong to
// other parts of the engine (voices, cache, scheduler) and are ignored here.
//
// Thread-safety: plain values; the functions are pure (apart from reading OLLAMA_HOST in the
// overload that says so).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/types.h"

namespace cc::gen {

enum class BackendKind { Ollama, OpenAI };
const char* to_string(BackendKind kind);  // "ollama" | "openai"

inline constexpr const char* kDefaultOllamaUrl = "http://127.0.0.1:11434";
inline constexpr const char* kDefaultOpenAIUrl = "http://127.0.0.1:1234/v1";

struct EndpointConfig {
  std::string name;             // unique; used by force_provider, metrics, logs
  BackendKind kind = BackendKind::Ollama;
  std::string url;              // base URL; OpenAI URLs include the "/v1" prefix
  Tier tier = Tier::Quality;
  std::string model;            // default model; empty for openai → first of /v1/models
  int max_concurrent = 2;       // per-endpoint concurrency limit (enforced by the scheduler)
  std::string api_key_env;      // name of the environment variable holding a bearer key
  std::string keep_alive = "15m";  // Ollama keep_alive
  // Credentials written in the configured URL ("http://user:pass@host:port"): `url` keeps the
  // rest (it is shown in status, logs and doctor); these go out as HTTP Basic authentication
  // (generation/backends/endpoint_auth.h) and are never shown.
  std::string url_user;
  std::string url_password;
};

struct TimeoutConfig {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds read{120000};     // max silence between two reads
  std::chrono::milliseconds request{300000};  // whole-request deadline
};

struct RoutingConfig {
  std::optional<std::string> force_provider;  // endpoint name, or a kind ("ollama"/"openai")
  std::optional<Tier> force_tier;
  std::chrono::milliseconds decision_cache_ttl{300000};
  std::size_t decision_cache_size = 1024;
  bool escalate = true;
};

struct BreakerConfig {
  int failure_threshold = 3;
  std::chrono::milliseconds cooldown{30000};
};

struct BackendConfig {
  std::vector<EndpointConfig> endpoints;
  TimeoutConfig timeouts;
  RoutingConfig routing;
  BreakerConfig breaker;
};

// Built-in defaults: ollama (quality, qwen2.5-coder:7b) + lmstudio (fast, openai).
BackendConfig default_backend_config();

// `root` is the merged config object (the "generation" key is looked up inside it; a missing
// section gives the defaults). Warnings are appended for bad types/values and unknown keys.
BackendConfig backend_config_from_json(const nlohmann::json& root, std::vector<std::string>& warnings);

// The same structure back as camelCase JSON (for `doctor --json` and status reports).
nlohmann::json to_json(const BackendConfig& config);

// Sets endpoint.url from a URL as written by a user: credentials in it move to url_user /
// url_password (see EndpointConfig).
void set_endpoint_url(EndpointConfig& endpoint, std::string_view url);

// Normalises an OLLAMA_HOST value the way Ollama's own tools do: "host", "host:port",
// ":port", "http(s)://host[:port]" → "http://host:port" (default port 11434, default host
// 127.0.0.1, "0.0.0.0" means the local machine). nullopt for an unusable value.
std::optional<std::string> normalize_ollama_host(std::string_view value);

// Command-line overrides. A URL given for a kind replaces every endpoint of that kind by one
// endpoint with that URL (keeping the first one's name, tier and model), or adds one
// (ollama → quality tier, openai → fast tier) if the config has none.
// Otherwise, when `ollama_host_env` is set, it replaces the URL of Ollama endpoints still on
// the built-in default URL (explicitly configured URLs win over the environment).
void apply_endpoint_overrides(BackendConfig& config, std::optional<std::string> ollama_url,
                              std::optional<std::string> openai_url,
                              std::optional<std::string> ollama_host_env);
// Same, reading OLLAMA_HOST from the environment.
void apply_endpoint_overrides(BackendConfig& config, std::optional<std::string> ollama_url,
                              std::optional<std::string> openai_url);

std::optional<Tier> tier_from_string(std::string_view text);
std::optional<BackendKind> backend_kind_from_string(std::string_view text);

}  // namespace cc::gen
