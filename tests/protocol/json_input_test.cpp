// The depth cap and the repair pass of parse_untrusted_json, and bounded log dumps, over
// generated hostile inputs: every nesting depth around the cap and far past it, every kind
// of broken character inside strings, random bytes.
#include "protocol/json_input.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "protocol/json_wire.h"

namespace cc::protocol {
namespace {

using json = nlohmann::json;

std::string nested(std::size_t depth, const std::string& open, const std::string& close, const std::string& core = "1") {
  std::string s;
  s.reserve(depth * (open.size() + close.size()) + core.size());
  for (std::size_t i = 0; i < depth; ++i) s += open;
  s += core;
  for (std::size_t i = 0; i < depth; ++i) s += close;
  return s;
}

TEST(JsonInput, DepthUpToTheCapParsesAndOneMoreIsRefusedForEveryShape) {
  for (auto [open, close] : {std::pair{"[", "]"}, std::pair{"{\"k\":", "}"}, std::pair{"[{\"a\":", "}]"}}) {
    for (std::size_t depth : {std::size_t{1}, std::size_t{2}, kMaxJsonDepth - 1, kMaxJsonDepth, kMaxJsonDepth + 1,
                              kMaxJsonDepth * 2, std::size_t{100000}}) {
      const std::string text = nested(depth, open, close);
      auto parsed = parse_untrusted_json(text);
      const std::size_t levels = depth * (std::string(open).size() > 5 ? 2 : 1);
      if (levels <= kMaxJsonDepth) {
        EXPECT_TRUE(parsed.ok()) << open << " x" << depth << ": " << parsed.error;
        EXPECT_EQ(dump_wire(parsed.value), text);
      } else {
        EXPECT_TRUE(parsed.too_deep) << open << " x" << depth;
        EXPECT_NE(parsed.error.find("deeper than"), std::string::npos);
      }
    }
  }
}

TEST(JsonInput, BracketsInsideStringsAndCommentsDoNotCount) {
  const std::string deep_string = "\"" + std::string(100000, '[') + "\"";
  EXPECT_TRUE(parse_untrusted_json("{\"a\":" + deep_string + "}").ok());
  const std::string commented = "// " + std::string(1000, '{') + "\n/* " + std::string(1000, '[') + " */ {\"a\": 1}";
  auto parsed = parse_untrusted_json(commented, {kMaxJsonDepth, /*comments=*/true});
  EXPECT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(parsed.value["a"], 1);
  // An escaped quote does not end the string its brackets are in.
  EXPECT_TRUE(parse_untrusted_json("[\"\\\"" + std::string(500, '[') + "\"]").ok());
}

TEST(JsonInput, TooDeepMessageKeepsItsEnvelopeForAnAnswer) {
  const std::string text = R"({"jsonrpc":"2.0","id":7,"method":"m","params":{"textDocument":{"uri":"file:///a"},"x":)" +
                           nested(100000, "[", "]") + "}}";
  auto parsed = parse_untrusted_json(text);
  ASSERT_TRUE(parsed.too_deep);
  ASSERT_TRUE(parsed.value.is_object()) << parsed.value.dump();
  EXPECT_EQ(parsed.value["id"], 7);
  EXPECT_EQ(parsed.value["method"], "m");
  EXPECT_EQ(parsed.value["params"]["textDocument"]["uri"], "file:///a");
  EXPECT_LE(dump_wire(parsed.value).size(), 200u);
}

TEST(JsonInput, TheEnvelopeIsFoundWhereverTheDeepPartSitsAndWhateverItsStringsHold) {
  // Deep part first, with brackets, quotes and escapes inside its strings; the keys after it.
  const std::string deep = nested(5000, "[\"]]}\\\"[\",", "]");
  for (const std::string& text : {R"({"params":{"x":)" + deep + R"(},"id":"s-9","method":"m"})",
                                  R"({"id":"s-9","params":)" + deep + R"(,"method":"m"})"}) {
    auto parsed = parse_untrusted_json(text);
    ASSERT_TRUE(parsed.too_deep);
    ASSERT_TRUE(parsed.value.is_object()) << parsed.value.dump().substr(0, 200);
    EXPECT_EQ(parsed.value["id"], "s-9");
    EXPECT_EQ(parsed.value["method"], "m");
  }
  // Deep and broken: still not JSON.
  EXPECT_TRUE(parse_untrusted_json(nested(1000, "[", "]").substr(0, 1500)).value.is_discarded());
}

TEST(JsonInput, LoneSurrogatesBecomeReplacementCharactersAndPairsStay) {
  struct Case {
    std::string in, want;
  } cases[] = {
      {R"(["a\udc80b"])", "a\xEF\xBF\xBD" "b"},
      {R"(["\ud800"])", "\xEF\xBF\xBD"},
      {R"(["\uD83D\uDE00"])", "\xF0\x9F\x98\x80"},                   // a pair is one code point
      {R"(["\ud83d\ud83d\ude00"])", "\xEF\xBF\xBD\xF0\x9F\x98\x80"},  // a high before a pair
      {R"(["\ude00\ud83d"])", "\xEF\xBF\xBD\xEF\xBF\xBD"},
      {R"(["\\udc80"])", "\\udc80"},  // an escaped backslash, not an escape
  };
  for (const auto& c : cases) {
    auto parsed = parse_untrusted_json(c.in);
    ASSERT_TRUE(parsed.ok()) << c.in << ": " << parsed.error;
    EXPECT_EQ(parsed.value[0].get<std::string>(), c.want) << c.in;
  }
  // In a key too.
  auto key = parse_untrusted_json(R"({"\udfff":1})");
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(key.value.contains("\xEF\xBF\xBD"));
}

TEST(JsonInput, RandomBytesInsideStringsNeverFailTheMessage) {
  std::mt19937 rng(14);
  // A raw byte other than a quote or a backslash (those are syntax, not encoding).
  auto raw_byte = [&](unsigned range) {
    char c = static_cast<char>(rng() % range);
    return (c == '"' || c == '\\') ? 'q' : c;
  };
  for (int round = 0; round < 2000; ++round) {
    std::string content;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      switch (rng() % 6) {
        case 0: content += raw_byte(256); break;                                        // any byte
        case 1: content += std::string("\\ud") + "89abcdef"[rng() % 8] + "00"; break;  // any surrogate
        case 2: content += "\xF0\x9F\x98\x80"; break;
        case 3: content += raw_byte(32); break;  // raw control characters
        default: content += static_cast<char>('a' + rng() % 26);
      }
    }
    const std::string text = R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"text":")" + content + "\"}}";
    auto parsed = parse_untrusted_json(text);
    ASSERT_TRUE(parsed.ok()) << "round " << round << ": " << parsed.error;
    const std::string out = parsed.value["params"]["text"].get<std::string>();
    // What came out is valid UTF-8: it serialises without a replacement handler.
    EXPECT_NO_THROW((void)json(out).dump()) << "round " << round;
  }
}

TEST(JsonInput, SyntaxErrorsAndHugeNumbersAreErrorsNotExceptions) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\"}", "nul", "1e999999", "[1e400]", "\"\\uZZZZ\"", "{\"a\":1}}"}) {
    JsonInput parsed;
    EXPECT_NO_THROW(parsed = parse_untrusted_json(bad)) << bad;
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_TRUE(parsed.value.is_discarded()) << bad;
  }
}

TEST(JsonLog, DumpsAreBoundedInDepthAndSizeWhateverTheValue) {
  json deep = 1;
  for (int i = 0; i < 5000; ++i) deep = json::array({std::move(deep)});
  const std::string d = dump_for_log(deep);
  EXPECT_LT(d.size(), 200u);
  EXPECT_NE(d.find("[…]"), std::string::npos);

  json big = json::object();
  big["text"] = std::string(10 << 20, 'x');
  big["list"] = json::array();
  for (int i = 0; i < 100000; ++i) big["list"].push_back(i);
  const std::string b = dump_for_log(big, 4096);
  EXPECT_LE(b.size(), 4096u + 8);
  EXPECT_EQ(dump_for_log(json{{"x", 1}}), "{\"x\":1}");
  EXPECT_EQ(dump_for_log(json::parse(R"({"a":[1,"s",null,true,{}]})")), R"({"a":[1,"s",null,true,{}]})");
  // Invalid UTF-8 never throws.
  EXPECT_NO_THROW((void)dump_for_log(json(std::string("\xff\xfe"))));
}

}  // namespace
}  // namespace cc::protocol
