#include "generation/backends/http_generation.h"

#include <algorithm>

#include <chrono>

#include <spdlog/spdlog.h>

#include "generation/backends/endpoint_auth.h"

namespace cc::gen {
namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

ErrorKind error_kind_for(HttpOutcome outcome) {
  switch (outcome) {
    case HttpOutcome::Ok: return ErrorKind::None;
    case HttpOutcome::InvalidUrl:
    case HttpOutcome::ConnectFailed:
    case HttpOutcome::TlsError: return ErrorKind::Unavailable;
    case HttpOutcome::ConnectTimeout:
    case HttpOutcome::ReadTimeout:
    case HttpOutcome::Deadline: return ErrorKind::Timeout;
    case HttpOutcome::Cancelled: return ErrorKind::Cancelled;
    case HttpOutcome::Aborted:
    case HttpOutcome::Disconnected:
    case HttpOutcome::Other: return ErrorKind::Protocol;
  }
  return ErrorKind::Protocol;
}

TimeoutConfig probe_timeouts(const TimeoutConfig& timeouts) {
  TimeoutConfig probe = timeouts;
  probe.read = std::min(timeouts.read, std::chrono::milliseconds(5000));
  probe.request = std::min(timeouts.request, std::chrono::milliseconds(10000));
  return probe;
}

BackendOutcome start_outcome(const EndpointConfig& endpoint, const std::optional<Url>& url,
                             const std::string& url_error) {
  BackendOutcome out;
  out.result.backend = to_string(endpoint.kind);
  out.result.endpoint = endpoint.name;
  out.result.tier = endpoint.tier;
  if (!url) {
    out.result.error = ErrorKind::Unavailable;
    out.result.error_message = endpoint.name + ": " + url_error;
  }
  return out;
}

std::optional<nlohmann::json> fetch_discovery_json(const std::optional<Url>& url, const std::string& url_error,
                                                   const std::string& path, const EndpointConfig& endpoint,
                                                   const TimeoutConfig& timeouts, const CancelToken& cancel,
                                                   std::string* error) {
  if (!url) {
    if (error) *error = url_error;
    return std::nullopt;
  }
  std::string body;
  auto r = http_fetch(*url, HttpRequest{"GET", path, "", "", endpoint_auth_headers(endpoint)}, probe_timeouts(timeouts),
                      cancel, body);
  if (!r.ok()) {
    if (error) *error = describe_failure(r);
    return std::nullopt;
  }
  return parse_model_json(body);
}

std::string describe_failure(const HttpResponse& response) {
  if (response.outcome != HttpOutcome::Ok) return response.message;
  return "HTTP " + std::to_string(response.status) + ": " + model_message(extract_error_message(response.error_body));
}

BackendOutcome perform_generation(const WireCall& call, const EndpointConfig& endpoint, const std::string& model,
                                  const TokenCallback& on_token, const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  BackendOutcome outcome;
  GenerationResult& r = outcome.result;
  r.backend = to_string(endpoint.kind);
  r.endpoint = endpoint.name;
  r.model = model;
  r.tier = endpoint.tier;

  AnswerStream answer(r, call.format, call.limits, endpoint.name, on_token, cancel);
  HttpResponse http = http_send(call.url, call.request, call.timeouts, cancel,
                                [&answer](std::string_view bytes) { return answer.feed(bytes); });
  outcome.http_status = http.status;

  const bool transport_failed = http.outcome != HttpOutcome::Ok && !(http.outcome == HttpOutcome::Disconnected && answer.complete());
  if (http.outcome == HttpOutcome::Cancelled || cancel.cancelled()) {
    answer.abandon();
    r.error = ErrorKind::Cancelled;
    r.error_message = "cancelled";
    r.finish_reason = "cancelled";
  } else if (answer.error()) {
    answer.abandon();
    r.error = answer.error()->first;
    r.error_message = answer.error()->second;
  } else if (transport_failed) {
    answer.abandon();
    r.error = error_kind_for(http.outcome);
    r.error_message = http.message;
    if (http.outcome == HttpOutcome::Disconnected && !r.text.empty())
      r.error_message = endpoint.name + " dropped the connection mid-stream (" + http.message + ")";
  } else if (http.status < 200 || http.status >= 300) {
    r.error = ErrorKind::Http;
    r.error_message = "HTTP " + std::to_string(http.status) + " from " + endpoint.name + " (" + call.url.display() +
                      call.request.path + "): " + model_message(extract_error_message(http.error_body));
    if (http.status == 401 || http.status == 403)
      r.error_message += endpoint.api_key_env.empty() ? " (the server wants an API key: set apiKeyEnv for this endpoint)"
                                                      : " (check the key in $" + endpoint.api_key_env + ")";
  } else {
    answer.finish();
    if (answer.error()) {
      r.error = answer.error()->first;
      r.error_message = answer.error()->second;
    }
  }
  if (r.ok() && r.finish_reason.empty()) r.finish_reason = "stop";
  r.latency_ms = ms_since(start);
  if (!r.ok() && r.error != ErrorKind::Cancelled)
    spdlog::debug("generation on {} failed: {} ({})", endpoint.name, r.error_message, to_string(r.error));
  return outcome;
}

}  // namespace cc::gen
