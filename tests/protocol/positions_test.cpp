#include "protocol/positions.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "protocol/document.h"

using namespace cc::protocol;

namespace {
// "a😀b中c": 😀 is 4 UTF-8 bytes / 2 UTF-16 units / 1 code point; 中 is 3 / 1 / 1.
const std::string kLine = "a\xF0\x9F\x98\x80" "b\xE4\xB8\xAD" "c";
}  // namespace

TEST(Positions, CountsUnitsInEachEncoding) {
  EXPECT_EQ(count_units(kLine, PositionEncoding::Utf8), 10u);
  EXPECT_EQ(count_units(kLine, PositionEncoding::Utf16), 6u);
  EXPECT_EQ(count_units(kLine, PositionEncoding::Utf32), 5u);
}

TEST(Positions, RoundTripsEveryBoundaryInAllEncodings) {
  std::string text = "first\r\n" + kLine + "\nthird\rlast";
  LineIndex index(text);
  ASSERT_EQ(index.line_count(), 4u);
  for (auto enc : {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32}) {
    // 'c' at the end of line 1.
    Position c{1, enc == PositionEncoding::Utf8 ? 9 : enc == PositionEncoding::Utf16 ? 5 : 4};
    std::size_t off = position_to_offset(text, index, c, enc);
    EXPECT_EQ(text[off], 'c') << to_string(enc);
    EXPECT_EQ(offset_to_position(text, index, off, enc), c) << to_string(enc);
  }
}

TEST(Positions, SurrogatePairMiddleClampsToCodePointStart) {
  LineIndex index(kLine);
  // UTF-16 character 2 is inside the emoji's surrogate pair.
  EXPECT_EQ(position_to_offset(kLine, index, {0, 2}, PositionEncoding::Utf16), 1u);
  // A UTF-8 column inside a sequence clamps too.
  EXPECT_EQ(position_to_offset(kLine, index, {0, 3}, PositionEncoding::Utf8), 1u);
}

TEST(Positions, ClampsPastLineEndAndPastLastLine) {
  std::string text = "ab\r\ncd";
  LineIndex index(text);
  EXPECT_EQ(position_to_offset(text, index, {0, 99}, PositionEncoding::Utf16), 2u);  // before \r\n
  EXPECT_EQ(position_to_offset(text, index, {9, 0}, PositionEncoding::Utf16), text.size());
  EXPECT_EQ(position_to_offset(text, index, {-1, 0}, PositionEncoding::Utf16), 0u);
  // An offset between \r and \n maps to the line end.
  EXPECT_EQ(offset_to_position(text, index, 3, PositionEncoding::Utf16), (Position{0, 2}));
}

TEST(Positions, LineEndsOfAllKinds) {
  std::string text = "a\nb\r\nc\rd\r";
  LineIndex index(text);
  ASSERT_EQ(index.line_count(), 5u);
  EXPECT_EQ(index.line_text(text, 0), "a");
  EXPECT_EQ(index.line_text(text, 1), "b");
  EXPECT_EQ(index.line_text(text, 2), "c");
  EXPECT_EQ(index.line_text(text, 3), "d");
  EXPECT_EQ(index.line_text(text, 4), "");
}

TEST(Positions, InvalidUtf8CountsOneUnitPerByte) {
  std::string bad = "a\xFF\xC3z";
  EXPECT_EQ(count_units(bad, PositionEncoding::Utf16), 4u);
  EXPECT_EQ(units_to_bytes(bad, 2, PositionEncoding::Utf16), 2u);
}

TEST(Documents, IncrementalEditsMatchAFullRebuild) {
  // Random edits, including ones that split and join \r\n pairs, against a reference.
  std::mt19937 rng(1234);
  const std::string alphabet[] = {"a", "\n", "\r", "\r\n", "\xF0\x9F\x98\x80", "\xE4\xB8\xAD", "xy"};
  Document doc("file:///t", "plaintext", 1, "hello\r\nworld\n\xF0\x9F\x98\x80 end\r");
  std::string reference = doc.text();
  for (int step = 0; step < 3000; ++step) {
    LineIndex ref_index(reference);
    auto rand_pos = [&] {
      int line = static_cast<int>(rng() % (ref_index.line_count() + 1));
      int ch = static_cast<int>(rng() % 8);
      return Position{line, ch};
    };
    Position a = rand_pos(), b = rand_pos();
    auto enc = static_cast<PositionEncoding>(rng() % 3);
    std::size_t oa = position_to_offset(reference, ref_index, a, enc);
    std::size_t ob = position_to_offset(reference, ref_index, b, enc);
    if (ob < oa) std::swap(a, b), std::swap(oa, ob);
    std::string insert;
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) insert += alphabet[rng() % 7];
    reference.replace(oa, ob - oa, insert);
    ASSERT_FALSE(doc.apply({{Range{a, b}, insert}}, step + 2, enc)) << step;
    ASSERT_EQ(doc.text(), reference) << step;
    ASSERT_EQ(doc.lines(), LineIndex(reference)) << "line index diverged at step " << step;
  }
}

TEST(Documents, SeveralChangesApplyInOrderAndFullReplaceWorks) {
  DocumentStore store;
  store.open("file:///a", "python", 1, "one\ntwo\nthree\n");
  std::vector<ContentChange> changes = {
      {Range{{1, 0}, {1, 3}}, "TWO"},
      {Range{{0, 0}, {0, 0}}, "zero\n"},
      {std::nullopt, "replaced\n"},
      {Range{{0, 8}, {0, 8}}, "!"},
  };
  ASSERT_FALSE(store.change("file:///a", 2, changes, PositionEncoding::Utf16));
  EXPECT_EQ(store.find("file:///a")->text(), "replaced!\n");
  EXPECT_EQ(store.find("file:///a")->version(), 2);
}

TEST(Documents, BadEditDropsTheDocumentAndUnknownUriIsAnError) {
  DocumentStore store;
  store.open("file:///a", "c", 1, "x");
  EXPECT_TRUE(store.change("file:///a", 2, {{Range{{0, 1}, {0, 0}}, "y"}}, PositionEncoding::Utf16));
  EXPECT_EQ(store.find("file:///a"), nullptr);
  EXPECT_TRUE(store.change("file:///nope", 2, {{std::nullopt, ""}}, PositionEncoding::Utf16));
}

TEST(Documents, SnapshotsAreImmutableAndCached) {
  Document doc("file:///s", "go", 1, "abc");
  auto s1 = doc.snapshot();
  EXPECT_EQ(s1, doc.snapshot());
  ASSERT_FALSE(doc.apply({{Range{{0, 3}, {0, 3}}, "d"}}, 2, PositionEncoding::Utf8));
  auto s2 = doc.snapshot();
  EXPECT_EQ(s1->text, "abc");
  EXPECT_EQ(s1->version, 1);
  EXPECT_EQ(s2->text, "abcd");
  EXPECT_EQ(s2->version, 2);
}
