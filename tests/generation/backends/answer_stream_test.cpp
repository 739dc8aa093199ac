// A model server's body as the product takes it in (issue 14, defects 4 and 13): answers are
// bounded by the tokens asked for, streams are cut once over, and configured secrets are
// scrubbed from tokens (split anywhere), model names and error frames.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/answer_stream.h"

namespace cc::gen {
namespace {

using nlohmann::json;

std::string ndjson_token(const std::string& text, const std::string& model = "m") {
  return json{{"model", model}, {"message", {{"role", "assistant"}, {"content", text}}}, {"done", false}}.dump() + "\n";
}
std::string ndjson_done() { return json{{"model", "m"}, {"done", true}, {"done_reason", "stop"}, {"eval_count", 3}}.dump() + "\n"; }
std::string sse_token(const std::string& text) {
  return "data: " + json{{"choices", {{{"index", 0}, {"delta", {{"content", text}}}, {"finish_reason", nullptr}}}}}.dump() + "\n\n";
}
std::string sse_done() {
  return "data: " + json{{"choices", {{{"index", 0}, {"delta", json::object()}, {"finish_reason", "stop"}}}}}.dump() +
         "\n\ndata: [DONE]\n\n";
}

// Test secrets start with '\xc2\xa7' ('§'): the registry is process-wide, and a secret that
// began like a token of another test in this binary would hold that token back one step.
std::string fresh_secret() {
  static std::mt19937_64 rng(std::random_device{}());
  return "\xc2\xa7sk-answer-" + std::to_string(rng()) + "Q";
}

struct Consumed {
  GenerationResult result;
  std::string streamed;
  std::size_t fed = 0;  // body bytes accepted before feed said stop
  std::optional<std::pair<ErrorKind, std::string>> error;
};

// Feeds `body` in chunks of `chunk` bytes, as http_send would, until feed says stop.
Consumed run(const std::string& body, AnswerFormat format, AnswerLimits limits, std::size_t chunk = 7) {
  Consumed r;
  AnswerStream answer(r.result, format, limits, "fake", [&r](std::string_view t) { r.streamed += t; }, CancelToken{});
  bool reading = true;
  for (std::size_t at = 0; at < body.size() && reading; at += chunk) {
    reading = answer.feed(std::string_view(body).substr(at, chunk));
    r.fed = std::min(body.size(), at + chunk);
  }
  if (reading) answer.finish();
  else answer.abandon();
  r.error = answer.error();
  return r;
}

AnswerFormat ndjson() { return AnswerFormat{}; }
AnswerFormat sse() {
  AnswerFormat f;
  f.sse = true;
  return f;
}

TEST(AnswerLimitsTest, FollowTheTokensAskedWithinAFloorAndACeiling) {
  EXPECT_EQ(answer_limits(1024).text_bytes, 1024 * kAnswerBytesPerToken);
  EXPECT_EQ(answer_limits(1).text_bytes, kMinAnswerBytes);
  EXPECT_EQ(answer_limits(0).text_bytes, kMinAnswerBytes);
  EXPECT_EQ(answer_limits(-5).text_bytes, kMinAnswerBytes);
  EXPECT_EQ(answer_limits(1 << 30).text_bytes, kMaxAnswerBytes);
  EXPECT_GT(answer_limits(1024).wire_bytes, answer_limits(1024).text_bytes);
}

TEST(AnswerStreamTest, AnAnswerWithinItsLimitsIsPassedOnWhole) {
  for (auto format : {ndjson(), sse()}) {
    std::string body = format.sse ? sse_token("Hello") + sse_token(", world") + sse_done()
                                   : ndjson_token("Hello") + ndjson_token(", world") + ndjson_done();
    Consumed r = run(body, format, answer_limits(16));
    EXPECT_FALSE(r.error) << r.error->second;
    EXPECT_EQ(r.result.text, "Hello, world");
    EXPECT_EQ(r.streamed, "Hello, world");
    EXPECT_EQ(r.result.finish_reason, "stop");
  }
}

TEST(AnswerStreamTest, AModelThatRunsPastItsTokensIsCutOffWithAClearMessage) {
  const AnswerLimits limits = answer_limits(1024);
  for (auto format : {ndjson(), sse()}) {
    // Far more than 1,024 tokens could hold; the body would go on for megabytes.
    std::string token(1000, 'x');
    std::string body;
    while (body.size() < 3 * limits.text_bytes) body += format.sse ? sse_token(token) : ndjson_token(token);
    Consumed r = run(body, format, limits, 4096);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->first, ErrorKind::Protocol);
    EXPECT_NE(r.error->second.find("at most 1024 tokens"), std::string::npos) << r.error->second;
    EXPECT_NE(r.error->second.find("cut off"), std::string::npos) << r.error->second;
    EXPECT_LE(r.result.text.size(), limits.text_bytes);
    EXPECT_LE(r.streamed.size(), limits.text_bytes);
    EXPECT_LT(r.fed, body.size()) << "reading stopped (the HTTP call is aborted)";
    EXPECT_LE(r.fed, limits.text_bytes * 2) << "stopped soon after the limit";
  }
}

TEST(AnswerStreamTest, ABodyOfFramingWithoutTextIsCutAtTheWireLimit) {
  AnswerLimits limits = answer_limits(16);
  // Endless empty deltas, or one endless line: no text, only bytes.
  std::string empties;
  while (empties.size() < limits.wire_bytes + 4096) empties += ndjson_token("");
  Consumed a = run(empties, ndjson(), limits, 65536);
  ASSERT_TRUE(a.error);
  EXPECT_NE(a.error->second.find("larger than"), std::string::npos) << a.error->second;
  std::string one_line(limits.wire_bytes + 4096, 'y');
  Consumed b = run(one_line, sse(), limits, 65536);
  ASSERT_TRUE(b.error);
  EXPECT_LE(b.fed, limits.wire_bytes + 65536);
  // Non-streamed bodies obey the same limit.
  AnswerFormat whole = ndjson();
  whole.stream = false;
  Consumed c = run(one_line, whole, limits, 65536);
  ASSERT_TRUE(c.error);
}

TEST(AnswerStreamTest, ASecretEchoedInTokensSplitAnywhereNeverPassesOn) {
  const std::string key = fresh_secret();
  register_secret(key);
  const std::string said = "your key is " + key + ", remember it";
  for (auto format : {ndjson(), sse()}) {
    for (std::size_t cut = 0; cut <= said.size(); ++cut) {
      if (cut < said.size() && (static_cast<unsigned char>(said[cut]) & 0xC0) == 0x80) continue;  // JSON strings hold whole characters
      std::string body = format.sse ? sse_token(said.substr(0, cut)) + sse_token(said.substr(cut)) + sse_done()
                                    : ndjson_token(said.substr(0, cut)) + ndjson_token(said.substr(cut)) + ndjson_done();
      Consumed r = run(body, format, answer_limits(64), 1 + cut % 13);
      ASSERT_FALSE(r.error) << r.error->second;
      ASSERT_EQ(r.result.text, "your key is [REDACTED:configured-secret], remember it") << "cut " << cut;
      ASSERT_EQ(r.streamed, r.result.text) << "cut " << cut;
    }
  }
}

TEST(AnswerStreamTest, SecretsInModelNamesAndErrorFramesAreScrubbed) {
  const std::string key = fresh_secret();
  register_secret(key);
  Consumed named = run(ndjson_token("hi", "model-" + key) + ndjson_done(), ndjson(), answer_limits(16));
  EXPECT_EQ(named.result.model.find(key), std::string::npos) << named.result.model;
  Consumed ollama_error = run(json{{"error", "bad key " + key}}.dump() + "\n", ndjson(), answer_limits(16));
  ASSERT_TRUE(ollama_error.error);
  EXPECT_EQ(ollama_error.error->second.find(key), std::string::npos) << ollama_error.error->second;
  Consumed sse_error = run("error: {\"message\":\"you sent Bearer " + key + "\"}\n\n", sse(), answer_limits(16));
  ASSERT_TRUE(sse_error.error);
  EXPECT_EQ(sse_error.error->second.find(key), std::string::npos) << sse_error.error->second;
  Consumed garbage = run("not json " + key + "\n", ndjson(), answer_limits(16));
  ASSERT_TRUE(garbage.error);
  EXPECT_EQ(garbage.error->second.find(key), std::string::npos) << garbage.error->second;
  // JSON-escaped in the body: the decoded text is what is scrubbed.
  std::string escaped;
  for (char c : key) escaped += "\\u00" + std::string(1, "0123456789abcdef"[(c >> 4) & 15]) + "0123456789abcdef"[c & 15];
  Consumed unicode = run("{\"error\":\"" + escaped + "\"}\n", ndjson(), answer_limits(16));
  ASSERT_TRUE(unicode.error);
  EXPECT_EQ(unicode.error->second.find(key), std::string::npos) << unicode.error->second;
}

TEST(AnswerStreamTest, DeeplyNestedJsonFromTheServerIsAnErrorNotACrash) {
  // Quoting such a value in a message would serialise it recursively: 200,000 levels
  // overflow the stack.
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  AnswerFormat whole = ndjson();
  whole.stream = false;
  for (const auto& [body, format] : std::vector<std::pair<std::string, AnswerFormat>>{
           {"{\"error\":" + deep + "}\n", ndjson()},
           {"data: {\"choices\":" + deep + "}\n\n", sse()},
           {"event: error\ndata: " + deep + "\n\n", sse()},
           {"{\"message\":" + deep + ",\"done\":true}", whole}}) {
    Consumed r = run(body, format, answer_limits(1 << 20), 65536);
    ASSERT_TRUE(r.error);
    EXPECT_LE(r.error->second.size(), 1200u);
  }
  EXPECT_TRUE(parse_model_json("{\"a\":" + std::string(64, '[') + std::string(64, ']') + "}").is_discarded());
  EXPECT_FALSE(parse_model_json("{\"a\":" + std::string(63, '[') + std::string(63, ']') + "}").is_discarded());
  EXPECT_FALSE(parse_model_json("{\"a\":\"[[[[[[[[\\\"[[[[\"}").is_discarded()) << "brackets in strings do not count";
  EXPECT_LT(extract_error_message("{\"error\":" + deep + "}").size(), 1024u);
}

TEST(AnswerStreamTest, ACancelledOrDroppedAnswerKeepsItsTextButNoSecretStart) {
  const std::string key = fresh_secret();
  register_secret(key);
  Consumed r = run(ndjson_token("partial " + key.substr(0, 10)), ndjson(), answer_limits(16));
  // The stream ended without its final frame: a protocol error, the partial text kept scrubbed.
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.result.text.find(key.substr(0, 10)), std::string::npos) << r.result.text;
}

}  // namespace
}  // namespace cc::gen
