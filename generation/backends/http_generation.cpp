#include "generation/backends/http_generation.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace cc::gen {
namespace {

constexpr std::size_t kMaxWholeBody = 64u * 1024 * 1024;

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

BackendOutcome perform_generation(const WireCall& call, const EndpointConfig& endpoint, const std::string& model,
                                  const TokenCallback& on_token, const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  BackendOutcome outcome;
  GenerationResult& r = outcome.result;
  r.backend = to_string(endpoint.kind);
  r.endpoint = endpoint.name;
  r.model = model;
  r.tier = endpoint.tier;

  bool complete = false;
  std::optional<std::pair<ErrorKind, std::string>> stream_error;
  auto sink = [&](const StreamFrame& f) {
    if (cancel.cancelled()) return;  // nothing reaches the caller after a cancel
    switch (f.kind) {
      case StreamFrame::Kind::Delta:
      case StreamFrame::Kind::Done:
        if (!f.text.empty()) {
          if (r.text.empty()) r.first_token_ms = ms_since(start);
          r.text += f.text;
          if (call.stream && on_token) on_token(f.text);
        }
        if (!f.finish_reason.empty()) r.finish_reason = f.finish_reason;
        if (f.prompt_tokens) r.prompt_tokens = *f.prompt_tokens;
        if (f.completion_tokens) r.completion_tokens = *f.completion_tokens;
        if (!f.model.empty()) r.model = f.model;
        if (f.kind == StreamFrame::Kind::Done) complete = true;
        break;
      case StreamFrame::Kind::ServerError:
        if (!stream_error) stream_error.emplace(ErrorKind::Http, endpoint.name + " reported an error: " + f.text);
        break;
      case StreamFrame::Kind::ProtocolError:
        if (!stream_error) stream_error.emplace(ErrorKind::Protocol, endpoint.name + ": " + f.text);
        break;
    }
  };

  NdjsonStreamParser ndjson(call.ndjson_shape);
  SseStreamParser sse(call.sse_shape);
  std::string whole;
  bool body_too_large = false;
  HttpResponse http = http_send(call.url, call.request, call.timeouts, cancel, [&](std::string_view bytes) {
    if (!call.stream) {
      if (whole.size() + bytes.size() > kMaxWholeBody) {
        body_too_large = true;
        return false;
      }
      whole.append(bytes);
      return true;
    }
    if (call.sse) sse.feed(bytes, sink);
    else ndjson.feed(bytes, sink);
    return !stream_error && !cancel.cancelled();  // stop reading after an error frame
  });
  outcome.http_status = http.status;

  if (http.outcome == HttpOutcome::Cancelled || cancel.cancelled()) {
    r.error = ErrorKind::Cancelled;
    r.error_message = "cancelled";
    r.finish_reason = "cancelled";
  } else if (stream_error) {
    r.error = stream_error->first;
    r.error_message = stream_error->second;
  } else if (body_too_large) {
    r.error = ErrorKind::Protocol;
    r.error_message = endpoint.name + ": response body larger than 64 MiB";
  } else if (http.outcome != HttpOutcome::Ok && !(http.outcome == HttpOutcome::Disconnected && complete)) {
    r.error = error_kind_for(http.outcome);
    r.error_message = http.message;
    if (http.outcome == HttpOutcome::Disconnected && !r.text.empty())
      r.error_message = endpoint.name + " dropped the connection mid-stream (" + http.message + ")";
  } else if (http.status < 200 || http.status >= 300) {
    r.error = ErrorKind::Http;
    r.error_message = "HTTP " + std::to_string(http.status) + " from " + endpoint.name + " (" + call.url.display() +
                      call.request.path + "): " + extract_error_message(http.error_body);
    if (http.status == 401 || http.status == 403)
      r.error_message += endpoint.api_key_env.empty() ? " (the server wants an API key: set apiKeyEnv for this endpoint)"
                                                      : " (check the key in $" + endpoint.api_key_env + ")";
  } else if (call.stream) {
    if (call.sse) sse.finish(sink);
    else ndjson.finish(sink);
    if (stream_error) {
      r.error = stream_error->first;
      r.error_message = stream_error->second;
    }
  } else {
    StreamFrame f = call.sse ? parse_openai_response(whole, call.sse_shape) : parse_ollama_response(whole, call.ndjson_shape);
    sink(f);
    if (stream_error) {
      r.error = stream_error->first;
      r.error_message = stream_error->second;
    } else if (on_token && !r.text.empty()) {
      on_token(r.text);  // non-streaming: one callback with the whole answer
    }
  }
  if (r.ok() && r.finish_reason.empty()) r.finish_reason = "stop";
  r.latency_ms = ms_since(start);
  if (!r.ok() && r.error != ErrorKind::Cancelled)
    spdlog::debug("generation on {} failed: {} ({})", endpoint.name, r.error_message, to_string(r.error));
  return outcome;
}

}  // namespace cc::gen
