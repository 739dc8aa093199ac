// Fuzzes the NDJSON (Ollama) and SSE (OpenAI) stream parsers, the whole-body parsers, and
// what consumes them: AnswerStream (limits, secret scrubbing, token forwarding) and the
// message and name scrubbers (generation/redact.h).
//
// Input layout: the last byte picks parser shapes and a chunk length (1..32 bytes); the
// rest is the response body. The fuzzer's dictionary holds the configured secret below, so
// bodies that echo it (whole, split, JSON-escaped) are explored.
//
// Oracles: chunking never changes the frames (a chunked feed gives the same frames as one
// feed); the answer never holds more text than its limit; no output (streamed tokens, the
// answer, the model name, the error message) ever contains the configured secret; error
// messages are bounded, one line, valid UTF-8. The whole-body parsers must simply survive.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/display_text.h"
#include "generation/backends/answer_stream.h"
#include "generation/backends/stream_parsers.h"
#include "generation/redact.h"

using cc::gen::StreamFrame;

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "stream_parsers invariant violated: %s\n", what);
    abort();
  }
}

bool same_frame(const StreamFrame& a, const StreamFrame& b) {
  return a.kind == b.kind && a.text == b.text && a.finish_reason == b.finish_reason &&
         a.prompt_tokens == b.prompt_tokens && a.completion_tokens == b.completion_tokens &&
         a.eval_duration_ms == b.eval_duration_ms && a.model == b.model;
}

bool same_frames(const std::vector<StreamFrame>& a, const std::vector<StreamFrame>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_frame(a[i], b[i])) return false;
  return true;
}

template <typename Parser, typename Shape>
void check_parser(Shape shape, std::string_view body, std::size_t chunk, const char* name) {
  std::vector<StreamFrame> whole, chunked;
  auto into = [](std::vector<StreamFrame>& v) { return [&v](const StreamFrame& f) { v.push_back(f); }; };
  {
    Parser p(shape);
    auto sink = into(whole);
    p.feed(body, sink);
    p.finish(sink);
  }
  {
    Parser p(shape);
    auto sink = into(chunked);
    for (std::size_t pos = 0; pos < body.size(); pos += chunk) p.feed(body.substr(pos, chunk), sink);
    p.finish(sink);
  }
  if (!same_frames(whole, chunked)) {
    fprintf(stderr, "%s: %zu frames in one feed, %zu in chunks of %zu\n", name, whole.size(), chunked.size(), chunk);
    require(false, "chunked feed gives different frames than one feed");
  }
}

// Also in fuzz/dict/stream_parsers.dict.
constexpr std::string_view kSecret = "sk-fuzz-SECRET-0123456789";

bool leaks(std::string_view text) { return text.find(kSecret) != std::string_view::npos; }

// The body through AnswerStream as perform_generation feeds it, in chunks of `chunk` bytes.
void check_answer(std::string_view body, std::size_t chunk, cc::gen::AnswerFormat format) {
  cc::gen::register_secret(kSecret);
  cc::gen::GenerationResult result;
  std::string streamed;
  const cc::gen::AnswerLimits limits{256, 4096, 4};  // small, so that fuzzed bodies reach them
  cc::gen::AnswerStream answer(result, format, limits, "fuzz", [&](std::string_view t) { streamed += t; }, cc::CancelToken{});
  bool reading = true;
  for (std::size_t pos = 0; pos < body.size() && reading; pos += chunk) reading = answer.feed(body.substr(pos, chunk));
  if (reading) answer.finish();
  else answer.abandon();
  // The limit counts received text; a scrubbed secret may grow by its placeholder (28 for 25).
  require(result.text.size() <= 2 * limits.text_bytes + cc::gen::kScrubbedSecret.size(), "answer text over its limit");
  require(!leaks(result.text) && !leaks(streamed) && !leaks(result.model), "configured secret in the answer");
  if (const auto& error = answer.error()) {
    require(!leaks(error->second), "configured secret in an error message");
    require(error->second.find('\n') == std::string::npos, "error message on several lines");
    require(cc::analysis::is_valid_utf8(error->second), "error message not UTF-8");
    require(error->second.size() <= 1200, "error message not bounded");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t control = data[size - 1];
  const std::string_view body(reinterpret_cast<const char*>(data), size - 1);
  std::size_t chunk = (control & 31u) + 1;

  const auto ndjson_shape = (control & 32u) ? cc::gen::NdjsonShape::Generate : cc::gen::NdjsonShape::Chat;
  const auto sse_shape = (control & 64u) ? cc::gen::SseShape::Completion : cc::gen::SseShape::Chat;
  check_parser<cc::gen::NdjsonStreamParser>(ndjson_shape, body, chunk, "ndjson");
  check_parser<cc::gen::SseStreamParser>(sse_shape, body, chunk, "sse");

  cc::gen::AnswerFormat format;
  format.sse = (control & 128u) != 0;
  format.stream = (control & 3u) != 3u;
  format.ndjson_shape = ndjson_shape;
  format.sse_shape = sse_shape;
  check_answer(body, chunk, format);

  // Whole-body parsers must not throw or crash on anything.
  (void)cc::gen::parse_ollama_response(body, ndjson_shape);
  (void)cc::gen::parse_openai_response(body, sse_shape);
  std::string message = cc::gen::model_message(cc::gen::extract_error_message(body));
  require(!leaks(message) && message.size() <= 1024 && cc::analysis::is_valid_utf8(message), "model_message broke its promise");
  return 0;
}
