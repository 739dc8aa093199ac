#include "generation/backends/openai_backend.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "generation/backends/endpoint_auth.h"
#include "generation/backends/http_generation.h"
#include "generation/backends/stream_parsers.h"
#include "generation/redact.h"

namespace cc::gen {
namespace {

using nlohmann::json;

}  // namespace

OpenAIBackend::OpenAIBackend(EndpointConfig config, TimeoutConfig timeouts)
    : config_(std::move(config)), timeouts_(timeouts), url_(parse_url(config_.url, &url_error_)) {
  register_endpoint_secrets(config_);
}

json OpenAIBackend::request_body(const GenerationRequest& request, const std::string& model) const {
  json body = {{"model", model}, {"stream", request.stream}, {"max_tokens", request.max_tokens}, {"temperature", request.temperature}};
  if (!request.stop.empty()) body["stop"] = request.stop;
  if (request.seed) body["seed"] = *request.seed;
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

std::optional<std::vector<std::string>> OpenAIBackend::list_models(const CancelToken& cancel, std::string* error) {
  auto fetched = fetch_discovery_json(url_, url_error_, "/models", config_, timeouts_, cancel, error);
  if (!fetched) return std::nullopt;
  const json& j = *fetched;
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) {
    if (error) *error = "unexpected " + url_->base_path + "/models answer";
    return std::nullopt;
  }
  std::vector<std::string> ids;
  for (const auto& m : j["data"])
    if (m.is_object() && m.contains("id") && m["id"].is_string() && ids.size() < kMaxListedModels)
      ids.push_back(model_name(m["id"].get<std::string>()));
  return ids;
}

std::optional<std::string> OpenAIBackend::resolve_model(const GenerationRequest& request, const CancelToken& cancel, std::string* error) {
  if (!request.model.empty()) return request.model;
  if (!config_.model.empty()) return config_.model;
  {
    std::lock_guard lock(model_mutex_);
    if (!discovered_model_.empty()) return discovered_model_;
  }
  auto models = list_models(cancel, error);
  if (!models) return std::nullopt;
  if (models->empty()) {
    if (error) *error = "the server lists no models (load one in LM Studio, or start llama-server with -m MODEL.gguf)";
    return std::nullopt;
  }
  std::lock_guard lock(model_mutex_);
  discovered_model_ = models->front();
  return discovered_model_;
}

BackendOutcome OpenAIBackend::generate_detailed(const GenerationRequest& request, const TokenCallback& on_token,
                                                const CancelToken& cancel) {
  BackendOutcome out = start_outcome(config_, url_, url_error_);
  if (!url_) return out;
  std::string error;
  auto model = resolve_model(request, cancel, &error);
  if (!model) {
    out.result.error = cancel.cancelled() ? ErrorKind::Cancelled : ErrorKind::Unavailable;
    out.result.error_message = config_.name + ": cannot choose a model: " + error;
    return out;
  }
  WireCall call;
  call.url = *url_;
  call.request.path = request.prompt ? "/completions" : "/chat/completions";
  call.request.body = request_body(request, *model).dump();
  call.request.headers = endpoint_auth_headers(config_);
  call.timeouts = timeouts_;
  call.format.stream = request.stream;
  call.format.sse = true;
  call.format.sse_shape = request.prompt ? SseShape::Completion : SseShape::Chat;
  call.limits = answer_limits(request.max_tokens);
  return perform_generation(call, config_, *model, on_token, cancel);
}

ProbeResult OpenAIBackend::probe(const CancelToken& cancel) {
  ProbeResult p;
  const auto start = std::chrono::steady_clock::now();
  std::string error;
  auto models = list_models(cancel, &error);
  p.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!models) {
    p.error = error;
    p.reachable = error.rfind("HTTP ", 0) == 0 || error.rfind("unexpected", 0) == 0;
    return p;
  }
  p.reachable = true;
  p.models = *models;
  if (!config_.model.empty())
    p.model_available = std::find(p.models.begin(), p.models.end(), config_.model) != p.models.end();
  else
    p.model_available = !p.models.empty();
  return p;
}

}  // namespace cc::gen
