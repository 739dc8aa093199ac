#pragma once
// What a model server's response body becomes: the answer text, its finish reason, counters
// and model, or an error. Shared by every generation call (http_generation.cpp) and the fuzz
// target, so the bounds and the scrubbing below hold whatever the server sends:
//
//   - bounded: the decoded text may be at most AnswerLimits::text_bytes (from the tokens the
//     request asked for, answer_limits()) and the raw body at most wire_bytes; once over, the
//     stream stops (feed returns false, the HTTP call is aborted) with a clear Protocol error.
//     A model that runs past max_tokens, or a server that streams forever, costs that much
//     memory and no more.
//   - scrubbed: streamed text passes through a SecretStreamScrubber before on_token and the
//     result see it; the model name and error texts through model_name / model_message
//     (generation/redact.h).
//
// Thread-safety: one AnswerStream per response; not for concurrent use.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "generation/backends/stream_parsers.h"
#include "generation/redact.h"
#include "generation/types.h"
#include "protocol/cancellation.h"

namespace cc::gen {

struct AnswerLimits {
  std::size_t text_bytes = 0;  // decoded answer text
  std::size_t wire_bytes = 0;  // raw response body
  int max_tokens = 0;          // what the request asked for (named in the message)
};

// Generous for any tokenizer (a token is a few bytes; 64 allows long whitespace runs and
// escapes), never below 64 KiB nor above 8 MiB of text; the body may carry 16x that in
// framing (Ollama's per-token JSON, the final context array) plus 1 MiB.
inline constexpr std::size_t kAnswerBytesPerToken = 64;
inline constexpr std::size_t kMinAnswerBytes = 64 * 1024;
inline constexpr std::size_t kMaxAnswerBytes = 8 * 1024 * 1024;
AnswerLimits answer_limits(int max_tokens);

struct AnswerFormat {
  bool stream = true;
  bool sse = false;  // false: NDJSON (Ollama)
  NdjsonShape ndjson_shape = NdjsonShape::Chat;
  SseShape sse_shape = SseShape::Chat;
};

class AnswerStream {
 public:
  // `result` receives text, finish_reason, counters, model and first_token_ms; it must outlive
  // this object. `on_token` gets streamed text (scrubbed) on the caller's thread.
  AnswerStream(GenerationResult& result, AnswerFormat format, AnswerLimits limits, std::string endpoint_name,
               TokenCallback on_token, CancelToken cancel);

  // Body bytes of a 2xx response as they arrive. false: stop reading (an error frame, a limit).
  bool feed(std::string_view bytes);
  // The body ended cleanly: flushes parsers and the scrubber, reports a truncated stream.
  void finish();
  // The body did not end cleanly (dropped, cancelled): releases text still held back.
  void abandon();

  [[nodiscard]] bool complete() const { return complete_; }  // the server's final frame was seen
  [[nodiscard]] const std::optional<std::pair<ErrorKind, std::string>>& error() const { return error_; }

 private:
  void on_frame(const StreamFrame& frame);
  void append_text(std::string_view text);
  void flush_held_text();
  void fail(ErrorKind kind, std::string message);

  GenerationResult& result_;
  const AnswerFormat format_;
  const AnswerLimits limits_;
  const std::string endpoint_;
  const TokenCallback on_token_;
  const CancelToken cancel_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  NdjsonStreamParser ndjson_;
  SseStreamParser sse_;
  SecretStreamScrubber scrubber_;
  std::string whole_;          // the body of a non-streamed answer
  std::size_t wire_bytes_ = 0;
  std::size_t text_bytes_ = 0;  // decoded text received (before scrubbing)
  bool complete_ = false;
  std::optional<std::pair<ErrorKind, std::string>> error_;
};

}  // namespace cc::gen
