#include "generation/backends/ollama_backend.h"

#include <algorithm>
#include <chrono>

#include "generation/backends/context_window.h"
#include "generation/backends/endpoint_auth.h"
#include "generation/backends/http_generation.h"
#include "generation/backends/stream_parsers.h"
#include "generation/redact.h"

namespace cc::gen {
namespace {

using nlohmann::json;

bool all_digits(const std::string& s) {
  std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  return i < s.size() && std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "qwen2.5-coder" matches "qwen2.5-coder:latest".
bool same_model(const std::string& configured, const std::string& listed) {
  if (configured == listed) return true;
  return configured.find(':') == std::string::npos && listed == configured + ":latest";
}

}  // namespace

OllamaBackend::OllamaBackend(EndpointConfig config, TimeoutConfig timeouts)
    : config_(std::move(config)), timeouts_(timeouts), url_(parse_url(config_.url, &url_error_)) {
  register_endpoint_secrets(config_);
}

json OllamaBackend::request_body(const GenerationRequest& request) const {
  json options = {{"temperature", request.temperature}, {"num_predict", request.max_tokens}};
  if (!request.stop.empty()) options["stop"] = request.stop;
  if (request.seed) options["seed"] = *request.seed;
  json body = {{"model", request.model.empty() ? config_.model : request.model}, {"stream", request.stream}, {"options", options}};
  if (!config_.keep_alive.empty()) body["keep_alive"] = all_digits(config_.keep_alive) ? json(std::stoll(config_.keep_alive)) : json(config_.keep_alive);
  if (request.prompt) {
    body["prompt"] = *request.prompt;
    if (request.suffix) body["suffix"] = *request.suffix;
  } else {
    json messages = json::array();
    for (const auto& m : request.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
    body["messages"] = std::move(messages);
  }
  return body;
}

BackendOutcome OllamaBackend::generate_detailed(const GenerationRequest& request, const TokenCallback& on_token,
                                                const CancelToken& cancel) {
  BackendOutcome out = start_outcome(config_, url_, url_error_);
  if (!url_) return out;
  GenerationRequest resolved = request;
  if (resolved.model.empty() && config_.model.empty()) {
    std::string error;
    auto models = list_models(cancel, &error);
    if (!models || models->empty()) {
      out.result.error = models ? ErrorKind::InvalidRequest : ErrorKind::Unavailable;
      out.result.error_message = config_.name + ": no model configured and " +
                                 (models ? "the server has no models (run `ollama pull qwen2.5-coder:7b`)" : error);
      return out;
    }
    resolved.model = models->front();
  }
  WireCall call;
  call.url = *url_;
  call.request.path = resolved.prompt ? "/api/generate" : "/api/chat";
  call.request.body = request_body(resolved).dump();
  call.request.headers = endpoint_auth_headers(config_);
  call.timeouts = timeouts_;
  call.format.stream = resolved.stream;
  call.format.sse = false;
  call.format.ndjson_shape = resolved.prompt ? NdjsonShape::Generate : NdjsonShape::Chat;
  call.limits = answer_limits(resolved.max_tokens);
  return perform_generation(call, config_, resolved.model.empty() ? config_.model : resolved.model, on_token, cancel);
}

std::optional<std::string> OllamaBackend::version(const CancelToken& cancel, std::string* error) {
  auto fetched = fetch_discovery_json(url_, url_error_, "/api/version", config_, timeouts_, cancel, error);
  if (!fetched) return std::nullopt;
  const json& j = *fetched;
  if (!j.is_object() || !j.contains("version") || !j["version"].is_string()) {
    if (error) *error = "unexpected /api/version answer";
    return std::nullopt;
  }
  return model_name(j["version"].get<std::string>(), 64);
}

std::optional<std::vector<std::string>> OllamaBackend::list_models(const CancelToken& cancel, std::string* error) {
  auto fetched = fetch_discovery_json(url_, url_error_, "/api/tags", config_, timeouts_, cancel, error);
  if (!fetched) return std::nullopt;
  const json& j = *fetched;
  if (!j.is_object() || !j.contains("models") || !j["models"].is_array()) {
    if (error) *error = "unexpected /api/tags answer";
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const auto& m : j["models"]) {
    if (!m.is_object() || names.size() >= kMaxListedModels) continue;
    for (const char* key : {"name", "model"}) {
      auto it = m.find(key);
      if (it != m.end() && it->is_string()) {
        names.push_back(model_name(it->get<std::string>()));
        break;
      }
    }
  }
  return names;
}

std::optional<OllamaBackend::ModelFacts> OllamaBackend::show_model(const std::string& model, const CancelToken& cancel,
                                                                    std::string* error) {
  if (!url_) {
    if (error) *error = url_error_;
    return std::nullopt;
  }
  std::string body;
  auto r = http_fetch(*url_, HttpRequest{"POST", "/api/show", json{{"model", model}}.dump(), "application/json", endpoint_auth_headers(config_)},
                      probe_timeouts(timeouts_), cancel, body);
  if (!r.ok()) {
    if (error) *error = describe_failure(r);
    return std::nullopt;
  }
  auto j = parse_model_json(body);
  if (!j.is_object()) {
    if (error) *error = "unexpected /api/show answer";
    return std::nullopt;
  }
  ModelFacts facts;
  facts.context_tokens = ollama_context_window(j);
  if (auto caps = j.find("capabilities"); caps != j.end() && caps->is_array())
    facts.fim = std::any_of(caps->begin(), caps->end(), [](const json& c) { return c.is_string() && c.get<std::string>() == "insert"; });
  else if (auto t = j.find("template"); t != j.end() && t->is_string())
    facts.fim = t->get<std::string>().find(".Suffix") != std::string::npos;
  return facts;
}

std::optional<bool> OllamaBackend::supports_fim(const std::string& model, const CancelToken& cancel, std::string* error) {
  auto facts = show_model(model, cancel, error);
  return facts ? std::optional<bool>(facts->fim) : std::nullopt;
}

ProbeResult OllamaBackend::probe(const CancelToken& cancel) {
  ProbeResult p;
  const auto start = std::chrono::steady_clock::now();
  std::string error;
  auto v = version(cancel, &error);
  p.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!v) {
    p.error = error;
    // An HTTP answer (even an error) means something is listening.
    p.reachable = error.rfind("HTTP ", 0) == 0;
    return p;
  }
  p.reachable = true;
  p.version = *v;
  auto models = list_models(cancel, &error);
  if (!models) {
    p.error = error;
    return p;
  }
  p.models = *models;
  if (!config_.model.empty()) {
    auto listed = std::find_if(p.models.begin(), p.models.end(), [&](const std::string& m) { return same_model(config_.model, m); });
    p.model_available = listed != p.models.end();
    if (*p.model_available)
      if (auto facts = show_model(*listed, cancel, nullptr)) {
        p.fim_capable = facts->fim;
        p.context_tokens = facts->context_tokens;
      }
  }
  return p;
}

}  // namespace cc::gen
