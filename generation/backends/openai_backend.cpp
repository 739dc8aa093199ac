#include "generation/backends/openai_backend.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "generation/backends/context_window.h"
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

std::optional<std::vector<OpenAIBackend::ListedModel>> OpenAIBackend::list_model_entries(const CancelToken& cancel,
                                                                                         std::string* error) {
  auto fetched = fetch_discovery_json(url_, url_error_, "/models", config_, timeouts_, cancel, error);
  if (!fetched) return std::nullopt;
  const json& j = *fetched;
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) {
    if (error) *error = "unexpected " + url_->base_path + "/models answer";
    return std::nullopt;
  }
  std::vector<ListedModel> entries;
  for (const auto& m : j["data"])
    if (m.is_object() && m.contains("id") && m["id"].is_string() && entries.size() < kMaxListedModels)
      entries.push_back({model_name(m["id"].get<std::string>()), openai_model_context_window(m),
                         m.contains("meta") && m["meta"].is_object()});
  return entries;
}

std::optional<std::vector<std::string>> OpenAIBackend::list_models(const CancelToken& cancel, std::string* error) {
  auto entries = list_model_entries(cancel, error);
  if (!entries) return std::nullopt;
  std::vector<std::string> ids;
  for (auto& e : *entries) ids.push_back(std::move(e.id));
  return ids;
}

std::optional<std::size_t> OpenAIBackend::llamacpp_running_context(const CancelToken& cancel) {
  if (!url_) return std::nullopt;
  std::optional<Url> root = url_;
  if (root->base_path.ends_with("/v1")) root->base_path.resize(root->base_path.size() - 3);
  auto props = fetch_discovery_json(root, url_error_, "/props", config_, timeouts_, cancel, nullptr);
  return props ? llamacpp_props_context_window(*props) : std::nullopt;
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
  auto entries = list_model_entries(cancel, &error);
  p.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!entries) {
    p.error = error;
    p.reachable = error.rfind("HTTP ", 0) == 0 || error.rfind("unexpected", 0) == 0;
    return p;
  }
  p.reachable = true;
  for (const auto& e : *entries) p.models.push_back(e.id);
  // The model requests go to: the configured one, else the first listed.
  auto used = std::find_if(entries->begin(), entries->end(),
                           [&](const ListedModel& e) { return config_.model.empty() || e.id == config_.model; });
  p.model_available = used != entries->end();
  if (used != entries->end()) {
    p.context_tokens = used->context_tokens;
    // llama.cpp lists the trained window; the server may run with a smaller one (-c).
    if (used->llamacpp)
      if (auto running = llamacpp_running_context(cancel))
        p.context_tokens = p.context_tokens ? std::min(*p.context_tokens, *running) : *running;
  }
  return p;
}

}  // namespace cc::gen
