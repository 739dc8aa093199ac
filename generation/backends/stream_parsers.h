#pragma once
// Incremental parsers for the two streaming wire formats:
//   NdjsonStreamParser — Ollama: one JSON object per line.
//   SseStreamParser    — OpenAI-compatible: Server-Sent Events, `data: {json}` events
//                        separated by a blank line, `: comment` lines, `data: [DONE]`.
// Both are pure (no I/O) and accept arbitrary chunking: bytes may be fed one at a time or
// several frames per chunk; a line or event split at any byte position gives the same
// frames. CRLF and LF line endings are both accepted.
//
// Output is a sequence of StreamFrames passed to a sink. finish() must be called at the end
// of the body: it flushes a final unterminated line/event and reports a truncated stream.
//
// Thread-safety: one parser per stream; not safe for concurrent use.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cc::gen {

struct StreamFrame {
  enum class Kind {
    Delta,          // text (possibly empty) and optionally finish_reason / counters
    Done,           // the answer is complete (Ollama done:true, OpenAI [DONE])
    ServerError,    // the server reported an error (message in `text`)
    ProtocolError,  // unparseable line/event, or the stream ended before completion
  };
  Kind kind = Kind::Delta;
  std::string text;
  std::string finish_reason;  // set when the server reported one
  std::optional<int> prompt_tokens;
  std::optional<int> completion_tokens;
  std::optional<double> eval_duration_ms;
  std::string model;
};

using FrameSink = std::function<void(const StreamFrame&)>;

// Which JSON field carries text in an Ollama stream.
enum class NdjsonShape { Chat /* message.content */, Generate /* response */ };
// Which JSON field carries text in an OpenAI stream.
enum class SseShape { Chat /* choices[0].delta.content */, Completion /* choices[0].text */ };

class NdjsonStreamParser {
 public:
  explicit NdjsonStreamParser(NdjsonShape shape = NdjsonShape::Chat) : shape_(shape) {}
  void feed(std::string_view bytes, const FrameSink& sink);
  // End of body: parses a last line without newline; emits ProtocolError("truncated") when
  // no done frame and no error was seen.
  void finish(const FrameSink& sink);
  [[nodiscard]] bool done() const { return done_; }

 private:
  void line(std::string_view text, const FrameSink& sink);
  NdjsonShape shape_;
  std::string carry_;  // bytes of an incomplete line
  bool done_ = false;
  bool errored_ = false;
};

class SseStreamParser {
 public:
  explicit SseStreamParser(SseShape shape = SseShape::Chat) : shape_(shape) {}
  void feed(std::string_view bytes, const FrameSink& sink);
  // End of body: dispatches a pending event; emits ProtocolError("truncated") when neither
  // [DONE] nor a finish_reason nor an error was seen.
  void finish(const FrameSink& sink);
  [[nodiscard]] bool done() const { return done_; }

 private:
  void line(std::string_view text, const FrameSink& sink);
  void dispatch(const FrameSink& sink);
  SseShape shape_;
  std::string carry_;       // bytes of an incomplete line
  bool carry_cr_ = false;   // last fed byte was '\r' (a following '\n' belongs to it)
  std::string data_;        // data lines of the current event, joined with '\n'
  bool has_data_ = false;
  std::string event_;       // `event:` field of the current event
  bool done_ = false;
  bool finished_ = false;   // a finish_reason was seen
  bool errored_ = false;
};

// Complete (non-streaming) response bodies.
// Ollama /api/chat or /api/generate with "stream": false.
StreamFrame parse_ollama_response(std::string_view body, NdjsonShape shape);
// OpenAI /v1/chat/completions or /v1/completions without streaming.
StreamFrame parse_openai_response(std::string_view body, SseShape shape);

// JSON from a model server (stream lines and events, whole bodies, model lists): nested at
// most kMaxModelJsonDepth deep, else discarded like invalid JSON. Serialising a value is
// recursive: a server's [[[[... 100,000 deep would overflow the stack when quoted in a message.
inline constexpr int kMaxModelJsonDepth = 64;
nlohmann::json parse_model_json(std::string_view text);

// The human-readable message of an error body: {"error":"..."} (Ollama),
// {"error":{"message":...}} (OpenAI), {"message":...}, or the raw text (trimmed, bounded).
std::string extract_error_message(std::string_view body);

}  // namespace cc::gen
