#pragma once
// The frame-decoder fuzz oracle, shared by fuzz/frame_decoder_fuzz.cpp and the GoogleTest
// replay of fuzz/regressions/frame_decoder/ (tests/protocol/fuzz_regressions_test.cpp), so
// a saved input is checked by exactly the code that found it. Header-only, no libFuzzer
// dependency (builds with g++ too).
//
// Input layout: the control bytes come from the END of the input (the last byte is a flag
// byte, the bytes before it are up to 7 chunk lengths, last-first); everything before them
// is the wire stream. A seed is therefore a raw LSP stream followed by a short trailer.
//   flags & 7   number of chunk lengths
//   flags & 8   tiny limits (content 64, header line 48, 4 header lines) to reach error paths
//   flags & 16  with no chunk lengths: feed one byte at a time (else all at once)
//
// Oracles: the decoder's contract says chunking never changes the result, so a chunked feed
// must give the same events (bodies and error reasons) as one whole feed; every decoded body
// survives an encode_frame() round trip; buffered() stays within the limits.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/frame_decoder.h"

namespace cc::fuzz {

inline std::string describe_events(const std::vector<protocol::FrameEvent>& events) {
  std::string out;
  for (const auto& e : events) {
    out += e.kind == protocol::FrameEvent::Kind::Message ? "  message " : "  error ";
    out += std::to_string(e.text.size()) + " [" + e.text.substr(0, 200) + "]\n";
  }
  return out;
}

// Empty when every oracle holds; otherwise what went wrong.
inline std::string check_frame_decoder(std::string_view input) {
  using protocol::FrameDecoder;
  using protocol::FrameEvent;
  std::size_t end = input.size();
  auto take_byte = [&]() -> std::uint8_t { return end == 0 ? 0 : static_cast<std::uint8_t>(input[--end]); };
  const std::uint8_t flags = take_byte();
  std::vector<std::size_t> splits;
  for (std::size_t i = 0; i < (flags & 7u); ++i) splits.push_back(take_byte());
  const std::string_view wire = input.substr(0, end);

  FrameDecoder::Limits limits;
  if (flags & 8u) limits = FrameDecoder::Limits{64, 48, 4};
  // A full header block plus a full body is the most the decoder may ever hold.
  const std::size_t bound = limits.max_content_length + (limits.max_header_line + 2) * (limits.max_header_lines + 2);

  FrameDecoder whole(limits);
  std::vector<FrameEvent> whole_events;
  whole.feed(wire, whole_events);
  whole.finish(whole_events);

  FrameDecoder chunked(limits);
  std::vector<FrameEvent> chunked_events;
  std::size_t pos = 0, next_split = 0;
  while (pos < wire.size()) {
    std::size_t len = wire.size();
    if (!splits.empty()) len = splits[next_split++ % splits.size()];  // 0 feeds an empty chunk
    else if (flags & 16u) len = 1;
    len = std::min(len, wire.size() - pos);
    chunked.feed(wire.substr(pos, len), chunked_events);
    if (chunked.buffered() > bound)
      return "buffered() = " + std::to_string(chunked.buffered()) + " exceeds the limits (" + std::to_string(bound) + ")";
    pos += len;
    if (len == 0 && next_split % splits.size() == 0) {  // a whole cycle of empty chunks: move on
      chunked.feed(wire.substr(pos, 1), chunked_events);
      pos += 1;
    }
  }
  chunked.finish(chunked_events);

  bool same = whole_events.size() == chunked_events.size();
  for (std::size_t i = 0; same && i < whole_events.size(); ++i)
    same = whole_events[i].kind == chunked_events[i].kind && whole_events[i].text == chunked_events[i].text;
  if (!same)
    return "chunked feed gives different events than one feed\none feed:\n" + describe_events(whole_events) +
           "chunked feed:\n" + describe_events(chunked_events);

  for (const auto& e : whole_events) {
    if (e.kind != FrameEvent::Kind::Message) continue;
    FrameDecoder again(limits);
    std::vector<FrameEvent> out;
    again.feed(protocol::encode_frame(e.text), out);
    again.finish(out);
    if (out.size() != 1 || out[0].kind != FrameEvent::Kind::Message || out[0].text != e.text)
      return "encode_frame round trip failed for a " + std::to_string(e.text.size()) + "-byte body";
  }
  return {};
}

}  // namespace cc::fuzz
