// Ollama and OpenAI backends against the in-process fake servers: chat, FIM, streaming and
// not, chunking, HTTP errors, error lines, disconnects, hangs (read timeout, deadline),
// cancellation, API keys, discovery and probes.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "generation/backends/ollama_backend.h"
#include "generation/backends/openai_backend.h"
#include "tests/support/fake_backend_server.h"

namespace cc::gen {
namespace {

using cc::testing::FakeBackendServer;
using cc::testing::Script;
using cc::testing::WireFormat;

EndpointConfig endpoint_for(const FakeBackendServer& server, const std::string& model = "qwen2.5-coder:7b") {
  EndpointConfig e;
  e.name = server.format() == WireFormat::Ollama ? "ollama-test" : "openai-test";
  e.kind = server.format() == WireFormat::Ollama ? BackendKind::Ollama : BackendKind::OpenAI;
  e.url = server.url();
  e.tier = server.format() == WireFormat::Ollama ? Tier::Quality : Tier::Fast;
  e.model = model;
  return e;
}

TimeoutConfig quick_timeouts() {
  TimeoutConfig t;
  t.connect = std::chrono::milliseconds(2000);
  t.read = std::chrono::milliseconds(10000);
  t.request = std::chrono::milliseconds(20000);
  return t;
}

GenerationRequest chat(const std::string& text) {
  GenerationRequest r;
  r.messages = {{"system", "You are terse."}, {"user", text}};
  r.temperature = 0.3;
  r.max_tokens = 64;
  r.stop = {"\n\n"};
  r.seed = 42;
  return r;
}

std::unique_ptr<EndpointBackend> backend_for(const FakeBackendServer& server, TimeoutConfig t = quick_timeouts()) {
  return make_endpoint_backend(endpoint_for(server), t);
}

class BothFormats : public ::testing::TestWithParam<WireFormat> {};

TEST_P(BothFormats, StreamingChatDeliversTokensInOrder) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"Hello", ",", " wörld", "!"}, .finish_reason = "stop"});
  auto backend = backend_for(server);
  std::vector<std::string> tokens;
  auto outcome = backend->generate_detailed(chat("hi"), [&](std::string_view t) { tokens.emplace_back(t); }, CancelToken());
  const auto& r = outcome.result;
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.text, "Hello, wörld!");
  EXPECT_EQ(tokens, (std::vector<std::string>{"Hello", ",", " wörld", "!"}));
  EXPECT_EQ(r.finish_reason, "stop");
  EXPECT_EQ(r.endpoint, GetParam() == WireFormat::Ollama ? "ollama-test" : "openai-test");
  EXPECT_EQ(r.backend, GetParam() == WireFormat::Ollama ? "ollama" : "openai");
  EXPECT_EQ(outcome.http_status, 200);
  EXPECT_GT(r.first_token_ms, 0);
  EXPECT_GE(r.latency_ms, r.first_token_ms);

  auto reqs = server.generation_requests();
  ASSERT_EQ(reqs.size(), 1u);
  auto body = reqs[0].json();
  EXPECT_EQ(body["model"], "qwen2.5-coder:7b");
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["messages"][1]["content"], "hi");
  if (GetParam() == WireFormat::Ollama) {
    EXPECT_EQ(reqs[0].path, "/api/chat");
    EXPECT_EQ(body["options"]["num_predict"], 64);
    EXPECT_DOUBLE_EQ(body["options"]["temperature"].get<double>(), 0.3);
    EXPECT_EQ(body["options"]["stop"][0], "\n\n");
    EXPECT_EQ(body["options"]["seed"], 42);
    EXPECT_EQ(body["keep_alive"], "15m");
    EXPECT_EQ(r.completion_tokens, 4);
    EXPECT_EQ(r.prompt_tokens, 7);
  } else {
    EXPECT_EQ(reqs[0].path, "/v1/chat/completions");
    EXPECT_EQ(body["max_tokens"], 64);
    EXPECT_EQ(body["seed"], 42);
    EXPECT_EQ(body["stop"][0], "\n\n");
  }
}

TEST_P(BothFormats, FillInTheMiddleUsesCompletionEndpointWithSuffix) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"return ", "a + b;"}, .finish_reason = "length"});
  auto backend = backend_for(server);
  GenerationRequest req;
  req.task = TaskType::Completion;
  req.prompt = "int add(int a, int b) {\n  ";
  req.suffix = "\n}\n";
  auto r = backend->generate(req, nullptr, CancelToken());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.text, "return a + b;");
  EXPECT_EQ(r.finish_reason, "length");
  auto reqs = server.generation_requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].path, GetParam() == WireFormat::Ollama ? "/api/generate" : "/v1/completions");
  EXPECT_EQ(reqs[0].json()["prompt"], "int add(int a, int b) {\n  ");
  EXPECT_EQ(reqs[0].json()["suffix"], "\n}\n");
  EXPECT_FALSE(reqs[0].json().contains("messages"));
}

TEST_P(BothFormats, NonStreamingGivesOneCallbackAndTheWholeText) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"a", "b", "c"}});
  auto backend = backend_for(server);
  auto req = chat("x");
  req.stream = false;
  std::vector<std::string> tokens;
  auto r = backend->generate(req, [&](std::string_view t) { tokens.emplace_back(t); }, CancelToken());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.text, "abc");
  EXPECT_EQ(tokens, std::vector<std::string>{"abc"});
  EXPECT_EQ(server.generation_requests()[0].json()["stream"], false);
  EXPECT_EQ(r.completion_tokens, 3);
}

TEST_P(BothFormats, FramesSplitAcrossChunksAndCrlf) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"alpha", " beta", " gamma"}, .chunk_bytes = 5, .crlf = true, .comments = true});
  server.push(Script{.tokens = {"x", "y"}, .split_points = {1, 2, 3, 17, 40, 41, 90, 91, 150}});
  auto backend = backend_for(server);
  auto r1 = backend->generate(chat("1"), nullptr, CancelToken());
  ASSERT_TRUE(r1.ok()) << r1.error_message;
  EXPECT_EQ(r1.text, "alpha beta gamma");
  auto r2 = backend->generate(chat("2"), nullptr, CancelToken());
  ASSERT_TRUE(r2.ok()) << r2.error_message;
  EXPECT_EQ(r2.text, "xy");
}

TEST_P(BothFormats, HttpErrorCarriesTheServerMessage) {
  FakeBackendServer server(GetParam());
  server.push(Script{.status = 404, .error_message = "model 'nope' not found, try pulling it first"});
  auto backend = backend_for(server);
  auto outcome = backend->generate_detailed(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(outcome.result.error, ErrorKind::Http);
  EXPECT_EQ(outcome.http_status, 404);
  EXPECT_NE(outcome.result.error_message.find("model 'nope' not found"), std::string::npos) << outcome.result.error_message;
  EXPECT_NE(outcome.result.error_message.find("404"), std::string::npos);
}

TEST_P(BothFormats, ErrorLineMidStream) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"a", "b", "c"}, .error_message = "out of memory", .error_after = 2});
  auto backend = backend_for(server);
  auto r = backend->generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Http);
  EXPECT_NE(r.error_message.find("out of memory"), std::string::npos) << r.error_message;
  EXPECT_EQ(r.text, "ab");
}

TEST_P(BothFormats, DisconnectMidStreamIsAProtocolError) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"a", "b", "c"}, .disconnect_after = 1});
  auto backend = backend_for(server);
  auto r = backend->generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Protocol) << r.error_message;
  EXPECT_EQ(r.text, "a");
}

TEST_P(BothFormats, TruncatedStreamWithoutFinalFrame) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"a", "b"}, .send_final = false});
  auto backend = backend_for(server);
  auto r = backend->generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Protocol);
  EXPECT_NE(r.error_message.find("truncated"), std::string::npos) << r.error_message;
  EXPECT_EQ(r.text, "ab");
}

TEST_P(BothFormats, HangBeforeHeadersHitsTheReadTimeout) {
  FakeBackendServer server(GetParam());
  server.push(Script{.hang_before_headers = true});
  TimeoutConfig t = quick_timeouts();
  t.read = std::chrono::milliseconds(200);
  auto backend = backend_for(server, t);
  auto r = backend->generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Timeout) << r.error_message;
  EXPECT_NE(r.error_message.find("read timeout"), std::string::npos) << r.error_message;
}

TEST_P(BothFormats, HangMidStreamHitsTheReadTimeout) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"a", "b"}, .hang_after = 1});
  TimeoutConfig t = quick_timeouts();
  t.read = std::chrono::milliseconds(1000);  // the first token must arrive within it, even under sanitizers
  auto backend = backend_for(server, t);
  auto r = backend->generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Timeout) << r.error_message;
  EXPECT_EQ(r.text, "a");
}

TEST_P(BothFormats, SlowTricklePassesReadTimeoutButHitsTheDeadline) {
  FakeBackendServer server(GetParam());
  Script endless;
  endless.tokens.assign(2000, "t");  // 40 s of trickle: far beyond the deadline
  endless.token_delay = std::chrono::milliseconds(20);
  server.push(endless);
  TimeoutConfig t = quick_timeouts();
  t.read = std::chrono::milliseconds(5000);
  t.request = std::chrono::milliseconds(300);
  auto backend = backend_for(server, t);
  auto r = backend->generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Timeout) << r.error_message;
  // The whole-request deadline (300 ms) ended it, not the 5 s read timeout.
  EXPECT_NE(r.error_message.find("deadline"), std::string::npos) << r.error_message;
}

TEST_P(BothFormats, CancelDuringStreamStopsAtOnce) {
  FakeBackendServer server(GetParam());
  Script endless;
  endless.tokens.assign(5000, "t");  // 10 s of stream: the cancel comes long before the end
  endless.token_delay = std::chrono::milliseconds(2);
  server.push(endless);
  auto backend = backend_for(server);
  CancelSource source;
  int tokens = 0;
  auto r = backend->generate(
      chat("x"),
      [&](std::string_view) {
        if (++tokens == 3) source.cancel();
      },
      source.token());
  EXPECT_EQ(r.error, ErrorKind::Cancelled);
  EXPECT_EQ(r.finish_reason, "cancelled");
  EXPECT_EQ(tokens, 3);  // no token is delivered after the cancel
  EXPECT_EQ(r.text, "ttt");
  // The server sees the client go away (bounded wait, no timing assertion).
  EXPECT_TRUE(server.wait_for_aborted_streams(1));
}

TEST_P(BothFormats, CancelWhileServerHangsUnblocksTheCall) {
  FakeBackendServer server(GetParam());
  server.push(Script{.hang_before_headers = true});
  auto backend = backend_for(server);  // read timeout 10 s: only the cancel can end this
  CancelSource source;
  auto done = std::async(std::launch::async, [&] { return backend->generate(chat("x"), nullptr, source.token()); });
  ASSERT_TRUE(server.wait_for_hung(1));
  source.cancel();
  ASSERT_EQ(done.wait_for(std::chrono::seconds(8)), std::future_status::ready);
  EXPECT_EQ(done.get().error, ErrorKind::Cancelled);
}

TEST_P(BothFormats, SequentialCallsReuseOneKeptAliveConnection) {
  FakeBackendServer server(GetParam());
  auto backend = backend_for(server);
  for (int i = 0; i < 3; ++i) {
    auto r = backend->generate_detailed(chat("hi"), {}, CancelToken()).result;
    ASSERT_TRUE(r.ok()) << r.error_message;
  }
  auto reqs = server.generation_requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[1].remote_port, reqs[0].remote_port);
  EXPECT_EQ(reqs[2].remote_port, reqs[0].remote_port);
}

TEST_P(BothFormats, ACancelledCallsConnectionIsNeverReused) {
  FakeBackendServer server(GetParam());
  server.push(Script{.tokens = {"a", "b", "c"}, .hang_after = 1});
  auto backend = backend_for(server);
  CancelSource cancel;
  auto r = backend->generate_detailed(chat("hi"), [&](std::string_view) { cancel.cancel(); }, cancel.token()).result;
  EXPECT_EQ(r.error, ErrorKind::Cancelled);
  auto next = backend->generate_detailed(chat("again"), {}, CancelToken()).result;
  ASSERT_TRUE(next.ok()) << next.error_message;
  auto reqs = server.generation_requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_NE(reqs[1].remote_port, reqs[0].remote_port);
}

TEST_P(BothFormats, AlreadyCancelledSendsNothing) {
  FakeBackendServer server(GetParam());
  auto backend = backend_for(server);
  CancelSource source;
  source.cancel();
  auto r = backend->generate(chat("x"), nullptr, source.token());
  EXPECT_EQ(r.error, ErrorKind::Cancelled);
  EXPECT_EQ(server.generation_requests().size(), 0u);
}

TEST_P(BothFormats, ConnectionRefusedIsUnavailable) {
  int port;
  {
    FakeBackendServer server(GetParam());
    port = server.port();
  }  // stopped: nothing listens on the port any more
  EndpointConfig e;
  e.name = "gone";
  e.kind = GetParam() == WireFormat::Ollama ? BackendKind::Ollama : BackendKind::OpenAI;
  e.url = "http://127.0.0.1:" + std::to_string(port) + (GetParam() == WireFormat::OpenAI ? "/v1" : "");
  e.model = "m";
  auto backend = make_endpoint_backend(e, quick_timeouts());
  auto r = backend->generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(r.error, ErrorKind::Unavailable) << r.error_message;
  EXPECT_NE(r.error_message.find(std::to_string(port)), std::string::npos) << r.error_message;
  auto probe = backend->probe(CancelToken());
  EXPECT_FALSE(probe.reachable);
  EXPECT_FALSE(probe.error.empty());
}

INSTANTIATE_TEST_SUITE_P(Wire, BothFormats, ::testing::Values(WireFormat::Ollama, WireFormat::OpenAI),
                         [](const auto& info) { return info.param == WireFormat::Ollama ? "Ollama" : "OpenAI"; });

TEST(OllamaBackend, ProbeReportsVersionModelsAndFim) {
  FakeBackendServer server(WireFormat::Ollama);
  server.set_models({"qwen2.5-coder:7b", "llama3:latest"});
  server.set_version("0.6.1");
  OllamaBackend backend(endpoint_for(server), quick_timeouts());
  auto p = backend.probe(CancelToken());
  EXPECT_TRUE(p.reachable) << p.error;
  EXPECT_EQ(p.version, "0.6.1");
  EXPECT_EQ(p.models, (std::vector<std::string>{"qwen2.5-coder:7b", "llama3:latest"}));
  EXPECT_EQ(p.model_available, true);
  EXPECT_EQ(p.fim_capable, true);
  server.set_fim_capable(false);
  EXPECT_EQ(backend.supports_fim("qwen2.5-coder:7b", CancelToken()), false);
  auto paths = server.requests();
  ASSERT_GE(paths.size(), 3u);
  EXPECT_EQ(paths[0].path, "/api/version");
  EXPECT_EQ(paths[1].path, "/api/tags");
  EXPECT_EQ(paths[2].path, "/api/show");
  EXPECT_EQ(paths[2].json()["model"], "qwen2.5-coder:7b");
}

TEST_P(BothFormats, ProbeReportsTheModelsContextWindow) {
  FakeBackendServer server(GetParam());
  auto backend = make_endpoint_backend(endpoint_for(server), quick_timeouts());
  EXPECT_EQ(backend->probe(CancelToken()).context_tokens, std::nullopt) << "not reported: unknown";
  server.set_context_length(8192);
  auto p = backend->probe(CancelToken());
  ASSERT_TRUE(p.reachable) << p.error;
  EXPECT_EQ(p.context_tokens, 8192u);  // Ollama: num_ctx, not the trained 32768
  EXPECT_EQ(to_json(p)["contextTokens"], 8192);
}

TEST(OllamaBackend, ProbeNoticesMissingModel) {
  FakeBackendServer server(WireFormat::Ollama);
  server.set_models({"llama3"});
  OllamaBackend backend(endpoint_for(server), quick_timeouts());
  auto p = backend.probe(CancelToken());
  EXPECT_TRUE(p.reachable);
  EXPECT_EQ(p.model_available, false);
}

TEST(OllamaBackend, ProbeOfAFailingServerIsReachableWithAnError) {
  FakeBackendServer server(WireFormat::Ollama);
  server.set_discovery_status(500);
  OllamaBackend backend(endpoint_for(server), quick_timeouts());
  auto p = backend.probe(CancelToken());
  EXPECT_TRUE(p.reachable);
  EXPECT_NE(p.error.find("500"), std::string::npos) << p.error;
}

TEST(OllamaBackend, NumericKeepAliveIsSentAsANumber) {
  FakeBackendServer server(WireFormat::Ollama);
  auto e = endpoint_for(server);
  e.keep_alive = "-1";
  OllamaBackend backend(e, quick_timeouts());
  EXPECT_EQ(backend.request_body(chat("x"))["keep_alive"], -1);
}

TEST(OpenAIBackend, EmptyModelIsDiscoveredFromModelsList) {
  FakeBackendServer server(WireFormat::OpenAI);
  server.set_models({"local-model-q4", "other"});
  OpenAIBackend backend(endpoint_for(server, ""), quick_timeouts());
  auto r = backend.generate(chat("x"), nullptr, CancelToken());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.model, "local-model-q4");
  auto r2 = backend.generate(chat("y"), nullptr, CancelToken());
  ASSERT_TRUE(r2.ok());
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 3u);  // /v1/models once, then two completions
  EXPECT_EQ(reqs[0].path, "/v1/models");
  EXPECT_EQ(reqs[1].json()["model"], "local-model-q4");
  EXPECT_EQ(reqs[2].json()["model"], "local-model-q4");
}

TEST(OpenAIBackend, ApiKeyFromEnvironmentIsSentAsBearer) {
  FakeBackendServer server(WireFormat::OpenAI);
  server.require_api_key("sk-test-123");
  auto e = endpoint_for(server);
  e.api_key_env = "CC_GEN_WIRE_TEST_KEY";
  ::setenv("CC_GEN_WIRE_TEST_KEY", "sk-test-123", 1);
  OpenAIBackend backend(e, quick_timeouts());
  auto r = backend.generate(chat("x"), nullptr, CancelToken());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(server.generation_requests()[0].header("Authorization"), "Bearer sk-test-123");
  // The key travels only in the header, never in the body.
  EXPECT_EQ(server.generation_requests()[0].body.find("sk-test-123"), std::string::npos);

  ::setenv("CC_GEN_WIRE_TEST_KEY", "wrong", 1);
  auto denied = backend.generate(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(denied.error, ErrorKind::Http);
  EXPECT_NE(denied.error_message.find("401"), std::string::npos);
  EXPECT_NE(denied.error_message.find("CC_GEN_WIRE_TEST_KEY"), std::string::npos) << denied.error_message;
  EXPECT_EQ(denied.error_message.find("wrong"), std::string::npos);  // the key never shows in messages
  ::unsetenv("CC_GEN_WIRE_TEST_KEY");
}

TEST(OpenAIBackend, ProbeListsModels) {
  FakeBackendServer server(WireFormat::OpenAI);
  server.set_models({"a", "b"});
  OpenAIBackend backend(endpoint_for(server, "b"), quick_timeouts());
  auto p = backend.probe(CancelToken());
  EXPECT_TRUE(p.reachable);
  EXPECT_EQ(p.models, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.model_available, true);
}

TEST(OpenAIBackend, LlamaServerStyleErrorStatus) {
  FakeBackendServer server(WireFormat::OpenAI);
  server.push(Script{.status = 503, .error_body = R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})"});
  OpenAIBackend backend(endpoint_for(server), quick_timeouts());
  auto outcome = backend.generate_detailed(chat("x"), nullptr, CancelToken());
  EXPECT_EQ(outcome.result.error, ErrorKind::Http);
  EXPECT_EQ(outcome.http_status, 503);
  EXPECT_NE(outcome.result.error_message.find("Loading model"), std::string::npos);
}

TEST(HttpUrl, ParsesSchemesPortsAndPaths) {
  auto u = parse_url("http://127.0.0.1:1234/v1/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 1234);
  EXPECT_EQ(u->base_path, "/v1");
  auto s = parse_url("https://api.example.com/v1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->port, 443);
  EXPECT_EQ(s->origin(), "https://api.example.com:443");
  auto v6 = parse_url("http://[::1]:11434");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->origin(), "http://[::1]:11434");
  auto bare = parse_url("localhost:8080");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->scheme, "http");
  EXPECT_EQ(bare->port, 8080);
  std::string error;
  EXPECT_FALSE(parse_url("ftp://x", &error));
  EXPECT_NE(error.find("ftp"), std::string::npos);
  EXPECT_FALSE(parse_url("http://h:99999"));
  EXPECT_FALSE(parse_url(""));
}

}  // namespace
}  // namespace cc::gen
