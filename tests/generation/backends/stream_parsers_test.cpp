// Streaming parsers: every byte split position, CRLF, comments, [DONE], error frames,
// truncation, whole bodies.
#include "generation/backends/stream_parsers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cc::gen {
namespace {

using Kind = StreamFrame::Kind;

struct Collected {
  std::string text;
  std::string finish_reason;
  int done = 0;
  int server_errors = 0;
  int protocol_errors = 0;
  std::string error;
  std::optional<int> prompt_tokens;
  std::optional<int> completion_tokens;
  std::vector<std::string> deltas;

  FrameSink sink() {
    return [this](const StreamFrame& f) {
      switch (f.kind) {
        case Kind::Delta:
        case Kind::Done:
          text += f.text;
          if (!f.text.empty()) deltas.push_back(f.text);
          if (!f.finish_reason.empty()) finish_reason = f.finish_reason;
          if (f.prompt_tokens) prompt_tokens = f.prompt_tokens;
          if (f.completion_tokens) completion_tokens = f.completion_tokens;
          if (f.kind == Kind::Done) ++done;
          break;
        case Kind::ServerError:
          ++server_errors;
          error = f.text;
          break;
        case Kind::ProtocolError:
          ++protocol_errors;
          error = f.text;
          break;
      }
    };
  }
};

template <typename Parser>
Collected run_chunks(Parser parser, const std::vector<std::string>& chunks) {
  Collected c;
  auto sink = c.sink();
  for (const auto& chunk : chunks) parser.feed(chunk, sink);
  parser.finish(sink);
  return c;
}

template <typename Parser>
Collected run_whole(Parser parser, const std::string& body) {
  return run_chunks(std::move(parser), {body});
}

const std::string kOllamaStream =
    R"({"model":"m","created_at":"t","message":{"role":"assistant","content":"Hel"},"done":false})"
    "\n"
    R"({"model":"m","created_at":"t","message":{"role":"assistant","content":"lo, wörld"},"done":false})"
    "\n"
    R"({"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":26,"eval_count":2,"eval_duration":1000000})"
    "\n";

const std::string kSseStream =
    ": hello comment\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
    ": keep-alive\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo, wörld\"},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
    "data: [DONE]\n\n";

std::string to_crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\r\n";
    else out += c;
  }
  return out;
}

void expect_ollama_complete(const Collected& c, const std::string& context) {
  EXPECT_EQ(c.text, "Hello, wörld") << context;
  EXPECT_EQ(c.finish_reason, "stop") << context;
  EXPECT_EQ(c.done, 1) << context;
  EXPECT_EQ(c.protocol_errors, 0) << context << " " << c.error;
  EXPECT_EQ(c.server_errors, 0) << context;
  EXPECT_EQ(c.prompt_tokens, 26) << context;
  EXPECT_EQ(c.completion_tokens, 2) << context;
}

void expect_sse_complete(const Collected& c, const std::string& context) {
  EXPECT_EQ(c.text, "Hello, wörld") << context;
  EXPECT_EQ(c.finish_reason, "length") << context;
  EXPECT_EQ(c.done, 1) << context;
  EXPECT_EQ(c.protocol_errors, 0) << context << " " << c.error;
  EXPECT_EQ(c.server_errors, 0) << context;
  EXPECT_EQ(c.prompt_tokens, 5) << context;
  EXPECT_EQ(c.completion_tokens, 2) << context;
}

TEST(NdjsonParser, WholeBody) { expect_ollama_complete(run_whole(NdjsonStreamParser(), kOllamaStream), "whole"); }

TEST(NdjsonParser, EverySingleSplitPosition) {
  for (std::size_t i = 0; i <= kOllamaStream.size(); ++i) {
    auto c = run_chunks(NdjsonStreamParser(), {kOllamaStream.substr(0, i), kOllamaStream.substr(i)});
    expect_ollama_complete(c, "split at " + std::to_string(i));
  }
}

TEST(NdjsonParser, EveryPairOfSplitPositionsCrlf) {
  const std::string body = to_crlf(kOllamaStream);
  for (std::size_t i = 0; i <= body.size(); i += 3) {
    for (std::size_t j = i; j <= body.size(); j += 7) {
      auto c = run_chunks(NdjsonStreamParser(), {body.substr(0, i), body.substr(i, j - i), body.substr(j)});
      expect_ollama_complete(c, "split at " + std::to_string(i) + "," + std::to_string(j));
    }
  }
}

TEST(NdjsonParser, OneByteAtATime) {
  std::vector<std::string> chunks;
  for (char ch : kOllamaStream) chunks.emplace_back(1, ch);
  auto c = run_chunks(NdjsonStreamParser(), chunks);
  expect_ollama_complete(c, "bytewise");
  EXPECT_EQ(c.deltas, (std::vector<std::string>{"Hel", "lo, wörld"}));
}

TEST(NdjsonParser, LastLineWithoutNewlineIsParsed) {
  std::string body = kOllamaStream.substr(0, kOllamaStream.size() - 1);
  expect_ollama_complete(run_whole(NdjsonStreamParser(), body), "no final newline");
}

TEST(NdjsonParser, GenerateShapeUsesResponseField) {
  std::string body = R"({"model":"m","response":"def ","done":false})" "\n"
                     R"({"model":"m","response":"f():","done":false})" "\n"
                     R"({"model":"m","response":"","done":true,"done_reason":"length","eval_count":2})" "\n";
  auto c = run_whole(NdjsonStreamParser(NdjsonShape::Generate), body);
  EXPECT_EQ(c.text, "def f():");
  EXPECT_EQ(c.finish_reason, "length");
  EXPECT_EQ(c.done, 1);
}

TEST(NdjsonParser, ErrorLineMidStream) {
  std::string body = R"({"message":{"content":"a"},"done":false})" "\n" R"({"error":"model runner crashed"})" "\n"
                     R"({"message":{"content":"ignored"},"done":false})" "\n";
  auto c = run_whole(NdjsonStreamParser(), body);
  EXPECT_EQ(c.text, "a");
  EXPECT_EQ(c.server_errors, 1);
  EXPECT_EQ(c.error, "model runner crashed");
  EXPECT_EQ(c.protocol_errors, 0);  // an error is not also reported as truncation
}

TEST(NdjsonParser, TruncatedStreamIsReported) {
  std::string body = R"({"message":{"content":"a"},"done":false})" "\n";
  auto c = run_whole(NdjsonStreamParser(), body);
  EXPECT_EQ(c.text, "a");
  EXPECT_EQ(c.done, 0);
  EXPECT_EQ(c.protocol_errors, 1);
  EXPECT_NE(c.error.find("truncated"), std::string::npos);
}

TEST(NdjsonParser, GarbageLineIsAProtocolError) {
  auto c = run_whole(NdjsonStreamParser(), "<html>502 Bad Gateway</html>\n");
  EXPECT_EQ(c.protocol_errors, 1);
  EXPECT_NE(c.error.find("502 Bad Gateway"), std::string::npos);
}

TEST(NdjsonParser, BlankLinesAreIgnored) {
  auto c = run_whole(NdjsonStreamParser(), "\n\r\n" + kOllamaStream + "\n\n");
  expect_ollama_complete(c, "blank lines");
}

TEST(SseParser, WholeBody) { expect_sse_complete(run_whole(SseStreamParser(), kSseStream), "whole"); }

TEST(SseParser, EverySingleSplitPosition) {
  for (std::size_t i = 0; i <= kSseStream.size(); ++i) {
    auto c = run_chunks(SseStreamParser(), {kSseStream.substr(0, i), kSseStream.substr(i)});
    expect_sse_complete(c, "split at " + std::to_string(i));
  }
}

TEST(SseParser, EverySingleSplitPositionCrlf) {
  const std::string body = to_crlf(kSseStream);
  for (std::size_t i = 0; i <= body.size(); ++i) {
    auto c = run_chunks(SseStreamParser(), {body.substr(0, i), body.substr(i)});
    expect_sse_complete(c, "split at " + std::to_string(i));
  }
}

TEST(SseParser, EveryPairOfSplitPositions) {
  const std::string body = to_crlf(kSseStream);
  for (std::size_t i = 0; i <= body.size(); i += 5) {
    for (std::size_t j = i; j <= body.size(); j += 3) {
      auto c = run_chunks(SseStreamParser(), {body.substr(0, i), body.substr(i, j - i), body.substr(j)});
      expect_sse_complete(c, "split at " + std::to_string(i) + "," + std::to_string(j));
    }
  }
}

TEST(SseParser, OneByteAtATimeWithBareCr) {
  std::string body;
  for (char ch : kSseStream) body += (ch == '\n') ? '\r' : ch;  // old-Mac line endings are legal SSE
  std::vector<std::string> chunks;
  for (char ch : body) chunks.emplace_back(1, ch);
  auto c = run_chunks(SseStreamParser(), chunks);
  expect_sse_complete(c, "bytewise CR");
  EXPECT_EQ(c.deltas, (std::vector<std::string>{"Hel", "lo, wörld"}));
}

TEST(SseParser, CompletionShapeUsesText) {
  std::string body = "data: {\"choices\":[{\"text\":\"int \",\"finish_reason\":null}]}\n\n"
                     "data: {\"choices\":[{\"text\":\"x;\",\"finish_reason\":\"stop\"}]}\n\n"
                     "data: [DONE]\n\n";
  auto c = run_whole(SseStreamParser(SseShape::Completion), body);
  EXPECT_EQ(c.text, "int x;");
  EXPECT_EQ(c.finish_reason, "stop");
  EXPECT_EQ(c.done, 1);
}

TEST(SseParser, OpenAIErrorObjectInData) {
  std::string body = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
                     "data: {\"error\":{\"message\":\"context length exceeded\",\"type\":\"invalid_request_error\"}}\n\n";
  auto c = run_whole(SseStreamParser(), body);
  EXPECT_EQ(c.text, "a");
  EXPECT_EQ(c.server_errors, 1);
  EXPECT_EQ(c.error, "context length exceeded");
  EXPECT_EQ(c.protocol_errors, 0);
}

TEST(SseParser, LlamaCppErrorFieldAndEventError) {
  auto c = run_whole(SseStreamParser(), "error: {\"code\":500,\"message\":\"slot unavailable\",\"type\":\"server_error\"}\n\n");
  EXPECT_EQ(c.server_errors, 1);
  EXPECT_EQ(c.error, "slot unavailable");
  auto d = run_whole(SseStreamParser(), "event: error\ndata: {\"message\":\"overloaded\"}\n\n");
  EXPECT_EQ(d.server_errors, 1);
  EXPECT_EQ(d.error, "overloaded");
}

TEST(SseParser, MultiLineDataIsJoined) {
  std::string body = "data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
  auto c = run_whole(SseStreamParser(), body);
  EXPECT_EQ(c.text, "x");
  EXPECT_EQ(c.done, 1);
}

TEST(SseParser, TruncatedStreamIsReported) {
  std::string body = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";
  auto c = run_whole(SseStreamParser(), body);
  EXPECT_EQ(c.text, "a");
  EXPECT_EQ(c.done, 0);
  EXPECT_EQ(c.protocol_errors, 1);
  EXPECT_NE(c.error.find("truncated"), std::string::npos);
}

TEST(SseParser, FinishReasonWithoutDoneCountsAsComplete) {
  std::string body = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\n\n";
  auto c = run_whole(SseStreamParser(), body);
  EXPECT_EQ(c.done, 1);
  EXPECT_EQ(c.protocol_errors, 0);
  EXPECT_EQ(c.finish_reason, "stop");
}

TEST(SseParser, LastEventWithoutBlankLineIsDispatched) {
  auto c = run_whole(SseStreamParser(), "data: {\"choices\":[{\"delta\":{\"content\":\"z\"},\"finish_reason\":\"stop\"}]}");
  EXPECT_EQ(c.text, "z");
  EXPECT_EQ(c.done, 1);
}

TEST(SseParser, InvalidJsonIsAProtocolError) {
  auto c = run_whole(SseStreamParser(), "data: {not json\n\n");
  EXPECT_EQ(c.protocol_errors, 1);
}

TEST(WholeBodies, OllamaAndOpenAI) {
  auto o = parse_ollama_response(R"({"message":{"role":"assistant","content":"hi"},"done":true,"done_reason":"stop","eval_count":1})",
                                 NdjsonShape::Chat);
  EXPECT_EQ(o.kind, Kind::Done);
  EXPECT_EQ(o.text, "hi");
  EXPECT_EQ(o.completion_tokens, 1);
  auto a = parse_openai_response(
      R"({"choices":[{"message":{"role":"assistant","content":"yo"},"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":1}})",
      SseShape::Chat);
  EXPECT_EQ(a.kind, Kind::Done);
  EXPECT_EQ(a.text, "yo");
  EXPECT_EQ(a.finish_reason, "length");
  EXPECT_EQ(a.prompt_tokens, 3);
  EXPECT_EQ(parse_openai_response("nope", SseShape::Chat).kind, Kind::ProtocolError);
  EXPECT_EQ(parse_ollama_response(R"({"error":"boom"})", NdjsonShape::Chat).kind, Kind::ServerError);
}

TEST(ErrorMessages, AllShapes) {
  EXPECT_EQ(extract_error_message(R"({"error":"model 'x' not found"})"), "model 'x' not found");
  EXPECT_EQ(extract_error_message(R"({"error":{"message":"bad key","type":"auth"}})"), "bad key");
  EXPECT_EQ(extract_error_message(R"({"detail":"Not Found"})"), "Not Found");
  EXPECT_EQ(extract_error_message("  plain text  "), "plain text");
}

}  // namespace
}  // namespace cc::gen
