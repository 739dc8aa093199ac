#pragma once
// Incremental decoder for the LSP base protocol (`Content-Length: N\r\n\r\n<body>`).
//
// Pure state machine, no I/O: feed() it whatever chunks the transport reads (one byte at a
// time or several messages at once) and it emits complete bodies and framing errors. After a
// framing error it resynchronises on the next line that starts a `Content-Length` header, so
// garbage between valid messages costs one error, never the session.
// Not thread-safe: one decoder per input stream.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cc::protocol {

struct FrameEvent {
  enum class Kind { Message, Error };
  Kind kind;
  std::string text;  // the body for Message, a human-readable reason for Error
};

class FrameDecoder {
 public:
  struct Limits {
    std::size_t max_content_length = 256u << 20;  // hostile lengths are a protocol error
    std::size_t max_header_line = 8192;
    std::size_t max_header_lines = 32;
  };

  FrameDecoder() = default;
  explicit FrameDecoder(Limits limits) : limits_(limits) {}

  // Appends zero or more events to `out`.
  void feed(std::string_view chunk, std::vector<FrameEvent>& out);
  // At end of input: an error event when a frame was cut off.
  void finish(std::vector<FrameEvent>& out);

  // Bytes buffered but not yet consumed (bounded by the limits).
  [[nodiscard]] std::size_t buffered() const { return buffer_.size() - pos_; }

 private:
  static constexpr std::size_t kRetainedCapacity = 1u << 20;  // kept between messages
  enum class State { Headers, Body, Resync, SkipBody };
  void reset_headers();
  bool parse_header_line(std::string_view line, std::vector<FrameEvent>& out);
  bool finish_header_block(std::vector<FrameEvent>& out);
  void enter_resync(std::string reason, std::vector<FrameEvent>& out);
  void compact();

  Limits limits_;
  State state_ = State::Headers;
  std::string buffer_;
  std::size_t pos_ = 0;  // first unconsumed byte of buffer_
  // Current header block.
  long long content_length_ = -1;
  bool bad_charset_ = false;
  std::string charset_;
  std::size_t header_lines_ = 0;
  bool saw_any_header_ = false;
  std::size_t skip_remaining_ = 0;
};

// The wire form of one message: header + body, in one buffer so it can go out in one write.
std::string encode_frame(std::string_view body);

}  // namespace cc::protocol
