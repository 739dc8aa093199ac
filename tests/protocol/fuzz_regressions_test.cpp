// Inputs found by the libFuzzer targets in fuzz/, replayed through the same code in the
// normal build. The fuzz build also replays fuzz/regressions/ with the fuzzer binaries.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/frame_decoder_check.h"
#include "protocol/frame_decoder.h"
#include "protocol/positions.h"

namespace cc::protocol {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(FuzzRegressions, FrameDecoderSavedInputsKeepEveryInvariant) {
  const std::filesystem::path dir = std::filesystem::path(CC_SOURCE_DIR) / "fuzz/regressions/frame_decoder";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  std::size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(cc::fuzz::check_frame_decoder(read_file(entry.path())), "") << entry.path();
    ++replayed;
  }
  EXPECT_GE(replayed, 2u);
}

// Found by fuzz_frame_decoder: after a too-long header line the decoder waited for the next
// read before resynchronising, so a valid message arriving in the same read as the garbage
// was not delivered until the client sent more bytes (a stalled request).
TEST(FuzzRegressions, MessageAfterOverlongLineInSameChunkIsDelivered) {
  FrameDecoder decoder(FrameDecoder::Limits{64, 48, 4});
  std::vector<FrameEvent> events;
  decoder.feed(std::string(100, 'x') + encode_frame("{}"), events);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, FrameEvent::Kind::Error);
  EXPECT_EQ(events[1].kind, FrameEvent::Kind::Message);
  EXPECT_EQ(events[1].text, "{}");
  EXPECT_EQ(decoder.buffered(), 0u);
}

// Found by fuzz_frame_decoder: a header line over the limit was accepted when it arrived in
// one read and rejected when split across reads.
TEST(FuzzRegressions, OverlongCompleteHeaderLineIsRejectedLikeASplitOne) {
  const std::string wire = "X-Padding: " + std::string(60, 'p') + "\r\n" + encode_frame("{}");
  FrameDecoder::Limits limits{64, 48, 4};

  FrameDecoder whole(limits);
  std::vector<FrameEvent> whole_events;
  whole.feed(wire, whole_events);

  FrameDecoder split(limits);
  std::vector<FrameEvent> split_events;
  for (char c : wire) split.feed(std::string_view(&c, 1), split_events);

  ASSERT_EQ(whole_events.size(), 2u);
  EXPECT_EQ(whole_events[0].kind, FrameEvent::Kind::Error);
  EXPECT_NE(whole_events[0].text.find("longer than 48"), std::string::npos) << whole_events[0].text;
  EXPECT_EQ(whole_events[1].text, "{}");
  ASSERT_EQ(split_events.size(), 2u);
  EXPECT_EQ(split_events[0].text, whole_events[0].text);
  EXPECT_EQ(split_events[1].text, "{}");
}

// Found by fuzz_document_edits: an offset inside a multi-byte code point counted the
// code point's leading bytes as invalid units, giving a position past the code point
// (offset -> position -> offset moved forward).
TEST(FuzzRegressions, OffsetInsideCodePointMapsToItsStart) {
  const std::string text = "ab\n\xF0\x9F\x98\x80x";  // U+1F600 is two UTF-16 units
  LineIndex index(text);
  for (auto enc : {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32}) {
    for (std::size_t offset = 3; offset <= 6; ++offset) {
      Position p = offset_to_position(text, index, offset, enc);
      EXPECT_EQ(p, (Position{1, 0})) << to_string(enc) << " offset " << offset;
      EXPECT_EQ(position_to_offset(text, index, p, enc), 3u) << to_string(enc) << " offset " << offset;
    }
    Position after = offset_to_position(text, index, 7, enc);
    EXPECT_EQ(after.character, enc == PositionEncoding::Utf8 ? 4 : enc == PositionEncoding::Utf16 ? 2 : 1);
    EXPECT_EQ(position_to_offset(text, index, after, enc), 7u);
    EXPECT_EQ(byte_column_to_character("\xF0\x9F\x98\x80x", 2, enc), 0);
  }
}

}  // namespace
}  // namespace cc::protocol
