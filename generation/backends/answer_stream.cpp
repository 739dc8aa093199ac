#include "generation/backends/answer_stream.h"

#include <algorithm>

namespace cc::gen {
namespace {

std::string kib(std::size_t bytes) { return std::to_string((bytes + 1023) / 1024) + " KiB"; }

}  // namespace

AnswerLimits answer_limits(int max_tokens) {
  const std::size_t tokens = static_cast<std::size_t>(std::clamp(max_tokens, 1, 1 << 24));
  AnswerLimits limits;
  limits.text_bytes = std::clamp(tokens * kAnswerBytesPerToken, kMinAnswerBytes, kMaxAnswerBytes);
  limits.wire_bytes = limits.text_bytes * 16 + 1024 * 1024;
  limits.max_tokens = max_tokens;
  return limits;
}

AnswerStream::AnswerStream(GenerationResult& result, AnswerFormat format, AnswerLimits limits, std::string endpoint_name,
                           TokenCallback on_token, CancelToken cancel)
    : result_(result),
      format_(format),
      limits_(limits),
      endpoint_(std::move(endpoint_name)),
      on_token_(std::move(on_token)),
      cancel_(std::move(cancel)),
      ndjson_(format.ndjson_shape),
      sse_(format.sse_shape) {}

void AnswerStream::fail(ErrorKind kind, std::string message) {
  if (!error_) error_.emplace(kind, std::move(message));
}

bool AnswerStream::feed(std::string_view bytes) {
  if (error_ || cancel_.cancelled()) return false;
  wire_bytes_ += bytes.size();
  if (wire_bytes_ > limits_.wire_bytes) {
    fail(ErrorKind::Protocol, endpoint_ + " sent a response larger than " + kib(limits_.wire_bytes) +
                                  " for an answer of at most " + std::to_string(limits_.max_tokens) +
                                  " tokens; the response was cut off");
    return false;
  }
  const auto sink = [this](const StreamFrame& f) { on_frame(f); };
  if (!format_.stream) whole_.append(bytes);
  else if (format_.sse) sse_.feed(bytes, sink);
  else ndjson_.feed(bytes, sink);
  return !error_ && !cancel_.cancelled();  // stop reading after an error frame or a limit
}

void AnswerStream::on_frame(const StreamFrame& f) {
  if (cancel_.cancelled() || error_) return;  // nothing reaches the caller after a cancel or an error
  switch (f.kind) {
    case StreamFrame::Kind::Delta:
    case StreamFrame::Kind::Done:
      append_text(f.text);
      if (error_) return;
      if (!f.finish_reason.empty()) result_.finish_reason = model_name(f.finish_reason, 64);
      if (f.prompt_tokens) result_.prompt_tokens = *f.prompt_tokens;
      if (f.completion_tokens) result_.completion_tokens = *f.completion_tokens;
      if (!f.model.empty()) result_.model = model_name(f.model);
      if (f.kind == StreamFrame::Kind::Done) {
        complete_ = true;
        flush_held_text();
      }
      break;
    case StreamFrame::Kind::ServerError:
      fail(ErrorKind::Http, endpoint_ + " reported an error: " + model_message(f.text));
      break;
    case StreamFrame::Kind::ProtocolError:
      fail(ErrorKind::Protocol, endpoint_ + ": " + model_message(f.text));
      break;
  }
}

void AnswerStream::append_text(std::string_view text) {
  if (text.empty()) return;
  if (text_bytes_ == 0) {
    result_.first_token_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }
  text_bytes_ += text.size();
  if (text_bytes_ > limits_.text_bytes) {
    fail(ErrorKind::Protocol, endpoint_ + " sent more than " + kib(limits_.text_bytes) + " of text for an answer of at most " +
                                  std::to_string(limits_.max_tokens) + " tokens; the answer was cut off");
    return;
  }
  std::string safe = scrubber_.feed(text);
  if (safe.empty()) return;
  result_.text += safe;
  if (format_.stream && on_token_) on_token_(safe);
}

void AnswerStream::flush_held_text() {
  std::string rest = scrubber_.finish();
  if (rest.empty()) return;
  result_.text += rest;
  if (format_.stream && on_token_ && !cancel_.cancelled()) on_token_(rest);
}

void AnswerStream::finish() {
  const auto sink = [this](const StreamFrame& f) { on_frame(f); };
  if (format_.stream) {
    if (format_.sse) sse_.finish(sink);
    else ndjson_.finish(sink);
    if (!error_) flush_held_text();
    return;
  }
  std::string body;
  body.swap(whole_);
  on_frame(format_.sse ? parse_openai_response(body, format_.sse_shape) : parse_ollama_response(body, format_.ndjson_shape));
  if (error_) return;
  flush_held_text();
  if (on_token_ && !result_.text.empty()) on_token_(result_.text);  // non-streaming: one callback with the whole answer
}

void AnswerStream::abandon() {
  whole_.clear();
  result_.text += scrubber_.finish();  // the partial text is kept (cancelled answers), never a secret
}

}  // namespace cc::gen
