#include "protocol/frame_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using cc::protocol::encode_frame;
using cc::protocol::FrameDecoder;
using cc::protocol::FrameEvent;

namespace {

std::vector<FrameEvent> feed_all(FrameDecoder& d, const std::string& input, std::size_t chunk) {
  std::vector<FrameEvent> out;
  for (std::size_t i = 0; i < input.size(); i += chunk) d.feed(std::string_view(input).substr(i, chunk), out);
  return out;
}

std::vector<std::string> messages(const std::vector<FrameEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    if (e.kind == FrameEvent::Kind::Message) out.push_back(e.text);
  return out;
}

std::size_t errors(const std::vector<FrameEvent>& events) {
  std::size_t n = 0;
  for (const auto& e : events) n += e.kind == FrameEvent::Kind::Error;
  return n;
}

const std::string kA = R"({"jsonrpc":"2.0","id":1,"method":"a"})";
const std::string kB = R"({"jsonrpc":"2.0","method":"b","params":{"text":"Content-Length: 5\r\n\r\n"}})";
const std::string kC = "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"c\",\"params\":{\"s\":\"\xF0\x9F\x98\x80 \xE4\xB8\xAD\"}}";

}  // namespace

TEST(FrameDecoder, DecodesOneByteAtATimeAndManyPerChunk) {
  std::string input = encode_frame(kA) + encode_frame(kB) + encode_frame(kC);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, input.size()}) {
    FrameDecoder d;
    auto events = feed_all(d, input, chunk);
    EXPECT_EQ(errors(events), 0u) << "chunk " << chunk;
    EXPECT_EQ(messages(events), (std::vector<std::string>{kA, kB, kC})) << "chunk " << chunk;
    EXPECT_EQ(d.buffered(), 0u);
  }
}

TEST(FrameDecoder, HeadersInAnyOrderCaseInsensitiveWithContentType) {
  std::string input = "content-type: application/vscode-jsonrpc; charset=utf8\r\nCONTENT-LENGTH: " +
                      std::to_string(kA.size()) + "\r\nX-Unknown: yes\r\n\r\n" + kA;
  FrameDecoder d;
  auto events = feed_all(d, input, 1);
  EXPECT_EQ(errors(events), 0u);
  EXPECT_EQ(messages(events), std::vector<std::string>{kA});
}

TEST(FrameDecoder, RejectsOtherCharsetsButKeepsGoing) {
  std::string input = "Content-Length: " + std::to_string(kA.size()) +
                      "\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n" + kA + encode_frame(kB);
  FrameDecoder d;
  auto events = feed_all(d, input, 5);
  EXPECT_EQ(errors(events), 1u);
  EXPECT_EQ(messages(events), std::vector<std::string>{kB});
}

TEST(FrameDecoder, MissingZeroAndHostileLengthsAreErrorsAndTheStreamRecovers) {
  for (std::string bad : {std::string("Content-Type: x\r\n\r\n"), std::string("Content-Length: 0\r\n\r\n"),
                          std::string("Content-Length: 9999999999999999\r\n\r\n"),
                          std::string("Content-Length: -5\r\n\r\n"), std::string("Content-Length: 12abc\r\n\r\n"),
                          std::string("Content-Length: 99999999999999999999999999\r\n\r\n")}) {
    FrameDecoder d;
    auto events = feed_all(d, bad + encode_frame(kA), 3);
    EXPECT_GE(errors(events), 1u) << bad;
    EXPECT_EQ(messages(events), std::vector<std::string>{kA}) << bad;
  }
}

TEST(FrameDecoder, GarbageBetweenValidMessagesCostsOneError) {
  std::string input = encode_frame(kA) + "this is not a header {\"json\":1}\r\n\x01\x02 garbage" + encode_frame(kB) +
                      "\r\n" + encode_frame(kC);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{4}, input.size()}) {
    FrameDecoder d;
    auto events = feed_all(d, input, chunk);
    EXPECT_EQ(messages(events), (std::vector<std::string>{kA, kB, kC})) << chunk;
    EXPECT_EQ(errors(events), 1u) << chunk;
  }
}

TEST(FrameDecoder, BodyWithoutHeaderIsSkipped) {
  std::string input = kA + encode_frame(kB);
  FrameDecoder d;
  auto events = feed_all(d, input, 1);
  EXPECT_EQ(messages(events), std::vector<std::string>{kB});
}

TEST(FrameDecoder, TruncatedBodyAtEofIsReported) {
  std::string input = encode_frame(kA);
  input.resize(input.size() - 3);
  FrameDecoder d;
  auto events = feed_all(d, input, 2);
  EXPECT_TRUE(messages(events).empty());
  d.finish(events);
  ASSERT_EQ(errors(events), 1u);
  EXPECT_NE(events.back().text.find("body"), std::string::npos);
}

TEST(FrameDecoder, OverlongHeaderLineIsBounded) {
  FrameDecoder::Limits limits;
  limits.max_header_line = 64;
  FrameDecoder d(limits);
  std::string input = std::string(10000, 'a') + encode_frame(kA);
  auto events = feed_all(d, input, 100);
  EXPECT_GE(errors(events), 1u);
  EXPECT_EQ(messages(events), std::vector<std::string>{kA});
  EXPECT_LT(d.buffered(), 200u);
}

TEST(FrameDecoder, DuplicateContentLengthUsesTheLast) {
  std::string input = "Content-Length: 3\r\nContent-Length: " + std::to_string(kA.size()) + "\r\n\r\n" + kA;
  FrameDecoder d;
  auto events = feed_all(d, input, 1);
  EXPECT_EQ(messages(events), std::vector<std::string>{kA});
}

TEST(FrameDecoder, EncodeCountsBytesNotCharacters) {
  std::string frame = encode_frame(kC);
  EXPECT_EQ(frame.rfind("Content-Length: " + std::to_string(kC.size()) + "\r\n\r\n", 0), 0u);
  EXPECT_EQ(frame.substr(frame.size() - kC.size()), kC);
}
