// Fuzzes the NDJSON (Ollama) and SSE (OpenAI) stream parsers and the whole-body parsers.
//
// Input layout: the last byte picks parser shapes and a chunk length (1..32 bytes); the
// rest is the response body.
//
// Oracle: the parsers promise that chunking never changes the frames, so a chunked feed
// must give the same frames as one feed. The whole-body parsers must simply survive.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "generation/backends/stream_parsers.h"

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

  // Whole-body parsers must not throw or crash on anything.
  (void)cc::gen::parse_ollama_response(body, ndjson_shape);
  (void)cc::gen::parse_openai_response(body, sse_shape);
  (void)cc::gen::extract_error_message(body);
  return 0;
}
