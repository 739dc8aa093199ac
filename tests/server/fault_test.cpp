// Faults as an editor sees them, through the real binary (issue 7): model servers that refuse,
// trickle, hang, answer garbage, drop the stream or fail in bursts; Redis stopped mid-run; a
// client that sends garbage between its edits; huge and binary files; a document edited
// 100,000 times. Each test shows no crash, no lost or reordered edit, bounded memory and a
// clear message, and that the server still answers right after the fault.
// (A client that never answers workspace/applyEdit: LspFeatures.UnansweredClientRequestsAreBounded.)
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "protocol/frame_decoder.h"
#include "tests/server/hardening_support.h"
#include "tests/support/free_port.h"

using namespace cc::testing;  // the shared harness in hardening_support.h

namespace {

namespace fs = std::filesystem;

const char* kDoc = "def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n";
const char* kUri = "file:///w/fault.py";

EditorSession::Options with_backends(const std::vector<std::string>& urls, int read_ms = 20000) {
  EditorSession::Options o;
  o.init_options = backend_options(urls, read_ms);
  return o;
}

// Starts an AI action through workspace/executeCommand (the command path every editor has).
void start_action(EditorSession& s, const json& id, const std::string& title_part, int line = 0) {
  json actions = s.actions(kUri, range_json(line, 0, line, 0))["result"];
  json action = find_action(actions, title_part);
  ASSERT_FALSE(action.is_null()) << actions.dump();
  ASSERT_TRUE(action.contains("command")) << action.dump();
  s.p.request(id, "workspace/executeCommand", {{"command", action["command"]["command"]}, {"arguments", action["command"]["arguments"]}});
}

// The server answers a sync and a code action request: its loop is not stuck.
void expect_responsive(EditorSession& s, const std::string& uri = kUri) {
  EXPECT_TRUE(s.sync()) << "codecrucible/sync got no answer";
  auto r = s.actions(uri, range_json(0, 0, 0, 0));
  EXPECT_TRUE(r.contains("result") || r.contains("error")) << "codeAction got no answer: " << r.dump();
}

// The window/showMessage warnings seen so far.
std::vector<std::string> warnings_shown(const EditorSession& s) {
  std::vector<std::string> out;
  for (const auto& m : s.seen("window/showMessage"))
    if (m.value("type", 0) <= 2) out.push_back(m.value("message", ""));
  return out;
}

std::string error_message(const std::optional<json>& reply) {
  if (!reply || !reply->contains("error")) return {};
  return (*reply)["error"].value("message", "");
}

bool mentions_any(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (text.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace

// ------------------------------------------------------------------------ model servers

TEST(FaultBackend, RefusedConnectionIsAClearErrorAndTheServerStaysResponsive) {
  std::string dead = "http://127.0.0.1:" + std::to_string(cc::testing::unused_loopback_port());
  EditorSession s(with_backends({dead}));
  EXPECT_EQ((*s.status)["params"]["available"], false);
  s.open(kUri, kDoc);
  start_action(s, "refused", "Refactor");
  auto reply = s.wait_response("refused");
  ASSERT_TRUE(reply);
  ASSERT_TRUE(reply->contains("error")) << reply->dump();
  EXPECT_EQ((*reply)["error"]["code"], -32803);
  std::string message = error_message(reply);
  EXPECT_TRUE(mentions_any(message, {"fake-1", "No model server", "refused", "unavailable"})) << message;
  auto shown = warnings_shown(s);
  ASSERT_FALSE(shown.empty()) << "the user is told";
  EXPECT_NE(shown.back().find("Refactor failed"), std::string::npos) << shown.back();
  EXPECT_TRUE(s.applied_edits.empty());
  expect_responsive(s);
}

TEST(FaultBackend, SlowTrickleCompletesAndTheServerAnswersMeanwhile) {
  FakeBackendServer ollama(WireFormat::Ollama);
  Script slow;
  slow.tokens = {"```python\n", "def add(a, b):\n", "    # slow\n", "    return a + b\n", "```\n"};
  slow.token_delay = std::chrono::milliseconds(150);
  ollama.set_default(slow);
  EditorSession s(with_backends({ollama.url()}));
  s.open(kUri, kDoc);
  start_action(s, "slow", "Refactor");
  // The first token has arrived (streamed into progress): the stream is in progress.
  auto first = s.p.wait_for([&](const json& m) {
    s.answer(m);
    return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "report";
  });
  ASSERT_TRUE(first);
  expect_responsive(s);
  auto reply = s.wait_response("slow");
  ASSERT_TRUE(reply && reply->contains("result")) << (reply ? reply->dump() : "timeout");
  ASSERT_EQ(s.applied_edits.size(), 1u);
  EXPECT_EQ(s.applied_edits[0]["edit"]["documentChanges"][0]["edits"][0]["newText"], "def add(a, b):\n    # slow\n    return a + b\n");
}

TEST(FaultBackend, HangingBackendTimesOutWithAClearErrorWhileTheServerAnswers) {
  FakeBackendServer ollama(WireFormat::Ollama);
  Script hang;
  hang.tokens = {"```python\n", "never finished"};
  hang.hang_after = 1;
  ollama.set_default(hang);
  EditorSession s(with_backends({ollama.url()}, /*read_ms=*/1500));
  s.open(kUri, kDoc);
  start_action(s, "hang", "Refactor");
  ASSERT_TRUE(ollama.wait_for_hung(1, std::chrono::seconds(20)));
  expect_responsive(s);  // while the backend is silent
  auto reply = s.wait_response("hang");
  ASSERT_TRUE(reply) << "the read timeout must end the request";
  ASSERT_TRUE(reply->contains("error")) << reply->dump();
  std::string message = error_message(reply);
  EXPECT_TRUE(mentions_any(message, {"timeout", "timed out", "Timeout"})) << message;
  EXPECT_TRUE(s.applied_edits.empty()) << "a partial answer is never applied";
  EXPECT_FALSE(warnings_shown(s).empty());
  ollama.release_hangs();
  expect_responsive(s);
}

TEST(FaultBackend, SettingsChangedDuringTheFirstProbeAreProbedToo) {
  // The first health probe hangs on a slow server; meanwhile the user points the settings at
  // another one. The status must come to describe the new server, not the one probed.
  FakeBackendServer slow(WireFormat::Ollama), fresh(WireFormat::Ollama);
  slow.set_discovery_held(true);
  EditorSession::Options o = with_backends({slow.url()});
  o.wait_for_status = false;  // the first status waits for the held probe
  EditorSession s(o);
  ASSERT_TRUE(slow.wait_for_hung(1, std::chrono::seconds(20))) << "the first probe never reached the slow server";
  json settings = backend_options({fresh.url()});
  settings["generation"]["endpoints"][0]["name"] = "fresh";
  s.p.notify("workspace/didChangeConfiguration", {{"settings", {{"codecrucible", settings}}}});
  ASSERT_TRUE(s.sync());
  slow.set_discovery_held(false);
  slow.release_hangs();
  auto names_fresh = [](const json& m) {
    if (m.value("method", "") != "codecrucible/status") return false;
    const auto& backends = m["params"]["backends"];
    return backends.size() == 1 && backends[0].value("name", "") == "fresh";
  };
  auto status = s.p.wait_for([&](const json& m) { return s.answer(m), names_fresh(m); }, std::chrono::seconds(20));
  ASSERT_TRUE(status) << "no status ever described the server the settings name now";
  EXPECT_EQ((*status)["params"]["available"], true) << status->dump();
  for (const auto& m : s.seen("codecrucible/status"))
    for (const auto& b : m["backends"]) EXPECT_EQ(b.value("name", ""), "fresh") << "a status described the replaced server: " << m.dump();
}

TEST(FaultBackend, GarbageFromTheBackendIsAClearErrorNeverAnEdit) {
  cc::testing::GarbageBackend garbage;
  EditorSession s(with_backends({garbage.url()}));
  s.open(kUri, kDoc);
  start_action(s, "garbage", "Refactor");
  auto reply = s.wait_response("garbage");
  ASSERT_TRUE(reply);
  ASSERT_TRUE(reply->contains("error")) << reply->dump();
  EXPECT_GE(garbage.requests(), 1);
  std::string message = error_message(reply);
  EXPECT_FALSE(message.empty());
  EXPECT_TRUE(mentions_any(message, {"protocol", "parse", "invalid", "JSON", "json", "malformed", "unexpected"})) << message;
  EXPECT_TRUE(s.applied_edits.empty());
  EXPECT_FALSE(warnings_shown(s).empty());
  expect_responsive(s);
}

TEST(FaultBackend, DisconnectMidStreamIsAClearErrorNeverAPartialEdit) {
  FakeBackendServer ollama(WireFormat::Ollama);
  Script cut;
  cut.tokens = {"```python\n", "def add(a, b):\n", "    return 0\n", "```\n"};
  cut.disconnect_after = 2;
  ollama.set_default(cut);
  EditorSession s(with_backends({ollama.url()}));
  s.open(kUri, kDoc);
  start_action(s, "cut", "Refactor");
  auto reply = s.wait_response("cut");
  ASSERT_TRUE(reply);
  ASSERT_TRUE(reply->contains("error")) << reply->dump();
  std::string message = error_message(reply);
  EXPECT_TRUE(mentions_any(message, {"connection", "closed", "ended", "disconnect", "incomplete", "truncated", "protocol"})) << message;
  EXPECT_TRUE(s.applied_edits.empty()) << "half an answer is never applied";
  EXPECT_FALSE(warnings_shown(s).empty());
  expect_responsive(s);
}

TEST(FaultBackend, Http500BurstsFailEachRequestClearlyThenRecover) {
  FakeBackendServer ollama(WireFormat::Ollama);
  Script boom;
  boom.status = 500;
  boom.error_message = "model runner crashed (burst)";
  for (int i = 0; i < 5; ++i) ollama.push(boom);
  Script good;
  good.tokens = {"```python\n", "def add(a, b):\n", "    return b + a\n", "```\n"};
  ollama.set_default(good);
  EditorSession s(with_backends({ollama.url()}));
  s.open(kUri, kDoc);
  int failures = 0;
  bool recovered = false;
  for (int attempt = 0; attempt < 12 && !recovered; ++attempt) {
    json id = "burst-" + std::to_string(attempt);
    start_action(s, id, "Refactor");
    auto reply = s.wait_response(id);
    ASSERT_TRUE(reply) << "request " << attempt << " got no answer";
    if (reply->contains("result")) {
      recovered = true;
      break;
    }
    ++failures;
    std::string message = error_message(reply);
    EXPECT_TRUE(mentions_any(message, {"500", "model runner crashed"})) << message;
    expect_responsive(s);
  }
  EXPECT_TRUE(recovered) << "the server recovers once the backend does";
  EXPECT_GE(failures, 1);
  EXPECT_LE(failures, 5) << "never more failures than failed backend answers";
  EXPECT_EQ(warnings_shown(s).size(), static_cast<std::size_t>(failures)) << "one clear message per failed request";
  ASSERT_EQ(s.applied_edits.size(), 1u);
  EXPECT_EQ(s.applied_edits[0]["edit"]["documentChanges"][0]["edits"][0]["newText"], "def add(a, b):\n    return b + a\n");
}

// ------------------------------------------------------------------------ Redis

namespace {

std::string find_redis_server() {
  for (const char* p : {"/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"})
    if (fs::exists(p)) return p;
  return {};
}

// True once something accepts connections on the port (bounded by the caller's loop).
bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

TEST(FaultRedis, StoppingRedisMidRunKeepsEveryAiRequestWorking) {
  std::string binary = find_redis_server();
  if (binary.empty()) GTEST_SKIP() << "redis-server is not installed (apt-get install redis-server)";
  int port = cc::testing::unused_loopback_port();
  pid_t redis = ::fork();
  if (redis == 0) {
    std::string p = std::to_string(port);
    ::execl(binary.c_str(), "redis-server", "--port", p.c_str(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--loglevel", "warning", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool up = false;
  for (int i = 0; i < 500 && !up; ++i) {  // bounded: 5 s
    up = accepts(port);
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto stop_redis = [&] {
    if (redis > 0) {
      ::kill(redis, SIGKILL);
      ::waitpid(redis, nullptr, 0);
      redis = -1;
    }
  };
  if (!up) {
    stop_redis();
    FAIL() << "redis-server did not listen on " << port;
  }

  FakeBackendServer ollama(WireFormat::Ollama);
  Script good;
  good.tokens = {"```python\n", "def add(a, b):\n", "    return a + b  # ok\n", "```\n"};
  ollama.set_default(good);
  auto options = with_backends({ollama.url()});
  // cacheSampled: the actions' answers (temperature > 0) go through the cache tiers too.
  options.init_options["generation"]["cache"] = {{"enabled", true}, {"disk", false}, {"cacheSampled", true},
                                                 {"redis", "redis://127.0.0.1:" + std::to_string(port) + "/0"}};
  EditorSession s(options);
  s.open(kUri, kDoc);
  start_action(s, "before", "Refactor");
  auto before = s.wait_response("before");
  ASSERT_TRUE(before && before->contains("result")) << (before ? before->dump() : "timeout");

  stop_redis();
  for (const char* title : {"Add documentation", "Optimise", "Refactor"}) {
    json id = std::string("after-") + title;
    start_action(s, id, title);
    auto reply = s.wait_response(id);
    ASSERT_TRUE(reply && reply->contains("result")) << title << ": " << (reply ? reply->dump() : "timeout");
  }
  auto metrics = s.call("codecrucible/metrics");
  ASSERT_TRUE(metrics.contains("result")) << metrics.dump();
  bool redis_tier_down = false;
  for (const auto& t : metrics["result"]["status"]["cache"].value("tiers", json::array()))
    if (t.value("name", "") == "redis") redis_tier_down = !t.value("connected", true);
  EXPECT_TRUE(redis_tier_down) << metrics["result"]["status"]["cache"].dump();
  expect_responsive(s);
}

// ------------------------------------------------------------------------ client faults

namespace {

// What a confused client or a noisy pipe can put between valid messages, cycling.
std::string garbage(int i) {
  using cc::protocol::encode_frame;
  switch (i % 8) {
    case 0: return encode_frame("{bad json");
    case 1: return encode_frame("[]");
    case 2: return "garbage garbage\r\nX-Noise: 1\r\n\r\n";  // a header block without Content-Length
    case 3: return encode_frame(R"({"jsonrpc":"2.0","method":"no/such/notification","params":{}})");
    case 4: return encode_frame(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/other.py","version":9},"contentChanges":[{"text":"x"}]}})");
    case 5: return encode_frame(R"({"jsonrpc":"2.0","id":987654,"result":{"applied":true}})");  // a reply to nothing
    case 6: return encode_frame(R"({"jsonrpc":"1.0","id":"g6","method":"shutdown"})");
    default: return encode_frame(std::string("\xff\xfe\x00\x01 binary", 11));
  }
}

std::string initial_text() {
  std::string t;
  for (int i = 0; i < 30; ++i) t += "line" + std::to_string(i) + " = " + std::to_string(i * 7) + "\n";
  return t;
}

// Reads whatever the server has written so far (it must never block on a full pipe).
void drain_ready(EditorSession& s) {
  while (auto m = s.p.next(std::chrono::milliseconds(1))) s.answer(*m);
}

}  // namespace

TEST(FaultClient, GarbageBetweenValidMessagesLosesAndReordersNoEdit) {
  FakeBackendServer ollama(WireFormat::Ollama);
  Script answer;
  answer.tokens = {"It adds numbers."};
  ollama.set_default(answer);
  EditorSession s(with_backends({ollama.url()}));
  const std::string uri = "file:///w/garbage.py";
  cc::testing::TextModel model(initial_text(), 11);
  s.open(uri, model.text());
  int garbage_sent = 0;
  for (int version = 2; version <= 3001; ++version) {
    s.p.send(cc::testing::did_change(uri, version, json::array({model.random_edit()})));
    if (version % 7 == 0) s.p.send_raw(garbage(garbage_sent++));
    if (version % 500 == 0) drain_ready(s);
  }
  ASSERT_TRUE(s.sync());
  std::string seen = server_view_of_text(s, ollama, uri);
  EXPECT_NE(seen.find(model.text()), std::string::npos) << "the server's text differs from the client's after "
                                                         << garbage_sent << " pieces of garbage:\n--- model received\n"
                                                         << seen << "\n--- expected\n" << model.text();
  // Every garbage request that could be answered was answered with an error, and nothing
  // was dropped by the edits' document.
  int parse_errors = 0;
  for (const auto& m : s.p.all())
    if (m.contains("error") && m["error"].value("code", 0) == -32700) ++parse_errors;
  EXPECT_GE(parse_errors, garbage_sent / 8) << "each body that is not JSON gets a ParseError";
  for (const auto& log : s.seen("window/logMessage"))
    EXPECT_EQ(log.value("message", "").find("garbage.py"), std::string::npos) << "our document was touched: " << log.dump();
  expect_responsive(s, uri);
}

TEST(FaultClient, HundredThousandEditsKeepTheTextAndTheMemoryBounded) {
  int edits = 100000;
  if (const char* e = std::getenv("CC_EDIT_COUNT")) edits = std::max(1, std::atoi(e));
  FakeBackendServer ollama(WireFormat::Ollama);
  Script answer;
  answer.tokens = {"Fine."};
  ollama.set_default(answer);
  EditorSession s(with_backends({ollama.url()}));
  const std::string uri = "file:///w/edited.py";
  cc::testing::TextModel model(initial_text(), 2024);
  s.open(uri, model.text());
  ASSERT_TRUE(s.sync());
  long rss_before = proc_status_kb(s.p.pid(), "VmRSS");
  for (int version = 2; version <= edits + 1; ++version) {
    s.p.send(cc::testing::did_change(uri, version, json::array({model.random_edit()})));
    if (version % 1000 == 0) drain_ready(s);
  }
  ASSERT_TRUE(s.sync());
  long rss_after = proc_status_kb(s.p.pid(), "VmRSS");
  long peak = proc_status_kb(s.p.pid(), "VmHWM");
  std::printf("[ figures ] %d edits: VmRSS before %ld kB, after %ld kB, VmHWM %ld kB\n", edits, rss_before, rss_after, peak);
  std::string seen = server_view_of_text(s, ollama, uri);
  EXPECT_NE(seen.find(model.text()), std::string::npos) << "--- model received\n" << seen << "\n--- expected\n" << model.text();
  if (cc::testing::kMemoryBoundsApply) {
    EXPECT_LT(rss_after - rss_before, 64 * 1024) << "memory grew by " << (rss_after - rss_before) << " kB over " << edits << " edits";
  }
  expect_responsive(s, uri);
}

TEST(FaultClient, NeverAnsweringApplyEditForAiActionsIsBoundedAndTold) {
  // LspFeatures.UnansweredClientRequestsAreBounded covers applyFix; this is the AI path: the
  // model answered, the editor never answers workspace/applyEdit.
  FakeBackendServer ollama(WireFormat::Ollama);
  Script answer;
  answer.tokens = {"```python\n", "def add(a, b):\n", "    return a + b  # checked\n", "```\n"};
  ollama.set_default(answer);
  EditorSession s(with_backends({ollama.url()}));
  s.answer_apply_edit = false;
  s.open(kUri, kDoc);
  json action = find_action(s.actions(kUri, range_json(0, 0, 0, 0))["result"], "Refactor");
  ASSERT_TRUE(action.contains("command")) << action.dump();
  constexpr int kCommands = 101;  // one more than the server's pending client-request table
  for (int i = 0; i < kCommands; ++i)
    s.p.request("ai-" + std::to_string(i), "workspace/executeCommand", {{"command", action["command"]["command"]}, {"arguments", action["command"]["arguments"]}});
  auto first = s.wait_response("ai-0", std::chrono::seconds(60));
  ASSERT_TRUE(first) << "the oldest command must be failed, not left waiting forever";
  ASSERT_TRUE(first->contains("error")) << first->dump();
  EXPECT_NE(error_message(first).find("did not answer"), std::string::npos) << error_message(first);
  auto shown = warnings_shown(s);
  ASSERT_FALSE(shown.empty());
  EXPECT_NE(shown.back().find("did not apply"), std::string::npos) << shown.back();
  // The oldest command fails as soon as 100 newer client requests are pending, which can be
  // before the last generations finish: wait for every applyEdit, bounded.
  auto all_offered = [&] { return s.applied_edits.size() >= static_cast<std::size_t>(kCommands); };
  if (!all_offered()) s.p.wait_for([&](const json& m) { return s.answer(m), all_offered(); }, std::chrono::seconds(60));
  EXPECT_EQ(s.applied_edits.size(), static_cast<std::size_t>(kCommands)) << "every AI answer was offered to the editor once";
  auto metrics = s.call("codecrucible/metrics");
  EXPECT_LE(metrics["result"]["server"]["pendingClientRequests"].get<int>(), 100) << metrics.dump();
  expect_responsive(s);
}

// ------------------------------------------------------------------------ huge and binary files

namespace {

std::size_t big_size_bytes() {
  std::size_t mb = 100;
  if (const char* e = std::getenv("CC_BIG_FILE_MB")) mb = static_cast<std::size_t>(std::max(1, std::atoi(e)));
  return mb * 1024 * 1024;
}

// `bytes` of Python-looking lines.
std::string big_text(std::size_t bytes) {
  const std::string line = "value = compute(1, 2, 3)  # padding padding padding padding padding\n";
  std::string t;
  t.reserve(bytes + line.size());
  while (t.size() < bytes) t += line;
  return t;
}

}  // namespace

TEST(FaultLargeFiles, HundredMegabyteAndBinaryDocumentsStayBoundedAndAnswered) {
  EditorSession::Options o;
  o.init_options = json{{"ai", {{"enabled", false}}}};
  o.wait_for_status = false;
  EditorSession s(o);
  const std::size_t bytes = big_size_bytes();
  ASSERT_TRUE(s.sync());
  long rss_before = proc_status_kb(s.p.pid(), "VmRSS");
  {
    // didOpen framed by hand: the text has no character JSON must escape except newlines.
    std::string text = big_text(bytes);
    std::string escaped;
    escaped.reserve(text.size() + text.size() / 30);
    for (char c : text) {
      if (c == '\n') escaped += "\\n";
      else escaped += c;
    }
    std::string().swap(text);
    std::string body = R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/huge.py","languageId":"python","version":1,"text":")" +
                       escaped + "\"}}}";
    std::string().swap(escaped);
    s.p.send_raw(cc::protocol::encode_frame(body));
  }
  // A NUL-laden "binary" document and an edit at the start of the huge one.
  std::string binary;
  for (int i = 0; i < 20000; ++i) binary += static_cast<char>(i % 7 == 0 ? 0 : (i % 256 == 0 ? 1 : 'a' + i % 26));
  s.open("file:///w/blob.py", binary);
  s.p.send(cc::testing::did_change("file:///w/huge.py", 2, json::array({{{"range", range_json(0, 0, 0, 0)}, {"text", "breakpoint()\n"}}})));
  // Generous: a Debug or sanitizer build parses and analyses 100 MB slowly (Release: seconds).
  ASSERT_TRUE(s.sync(std::chrono::minutes(5))) << "the server must answer after a " << bytes / (1024 * 1024) << " MB document";
  auto actions = s.call("textDocument/codeAction", {{"textDocument", {{"uri", "file:///w/huge.py"}}}, {"range", range_json(0, 0, 0, 0)},
                                                    {"context", {{"diagnostics", json::array()}}}});
  EXPECT_TRUE(actions.contains("result")) << actions.dump();
  long peak = proc_status_kb(s.p.pid(), "VmHWM");
  long rss_open = proc_status_kb(s.p.pid(), "VmRSS");
  s.p.notify("textDocument/didClose", {{"textDocument", {{"uri", "file:///w/huge.py"}}}});
  s.p.notify("textDocument/didClose", {{"textDocument", {{"uri", "file:///w/blob.py"}}}});
  ASSERT_TRUE(s.sync());
  long rss_after = proc_status_kb(s.p.pid(), "VmRSS");
  std::printf("[ figures ] %zu MB document: VmRSS before %ld kB, open %ld kB, after close %ld kB, VmHWM %ld kB\n", bytes >> 20,
              rss_before, rss_open, rss_after, peak);
  bool binary_told = false;
  for (const auto& log : s.seen("window/logMessage")) {
    std::string message = log.value("message", "");
    std::printf("[ message ] %s\n", message.c_str());
    binary_told |= message.find("blob.py") != std::string::npos && message.find("binary") != std::string::npos;
  }
  EXPECT_TRUE(binary_told) << "the user is told why the binary document has no diagnostics";
  // Bounded: a few copies of the document at most (frame buffer, parsed message, document,
  // line index, the analysis snapshot), never one per edit; plus a fixed allowance for
  // allocator arenas and worker stacks (and a sanitizer's bookkeeping) that matters when
  // CC_BIG_FILE_MB makes the document small.
  const long doc_kb = static_cast<long>(bytes / 1024);
  if (cc::testing::kMemoryBoundsApply) {
    EXPECT_LT(peak - rss_before, 8 * doc_kb + 64 * 1024) << "peak " << peak << " kB for a " << doc_kb << " kB document";
  }
  for (const auto& p : s.seen("textDocument/publishDiagnostics"))
    if (p.value("uri", "") == "file:///w/blob.py") {
      EXPECT_TRUE(p["diagnostics"].empty()) << "a binary document yields no findings";
    }
  expect_responsive(s, "file:///w/small.py");
}

TEST(FaultLargeFiles, WorkspaceScanSkipsHugeAndBinaryFilesWithBoundedMemory) {
  fs::path root = fs::temp_directory_path() / ("cc-hardening-big-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  std::ofstream(root / "small.py") << "import pickle\ndef f(b):\n    return pickle.loads(b)\n";
  {
    std::ofstream big(root / "huge.py", std::ios::binary);
    std::string chunk = big_text(1 << 20);
    for (std::size_t written = 0; written < big_size_bytes(); written += chunk.size()) big << chunk;
  }
  {
    std::ofstream bin(root / "blob.py", std::ios::binary);
    for (int i = 0; i < 100000; ++i) bin.put(static_cast<char>(i % 5 == 0 ? 0 : i % 251));
  }
  {
    EditorSession::Options o;
    o.init_options = json{{"ai", {{"enabled", false}}}};
    o.wait_for_status = false;
    EditorSession s(o);
    long rss_before = proc_status_kb(s.p.pid(), "VmRSS");
    auto r = s.call("workspace/executeCommand", {{"command", "codecrucible.analyzeWorkspace"}, {"arguments", json::array({{{"root", root.string()}}})}});
    ASSERT_TRUE(r.contains("result")) << r.dump();
    std::printf("[ figures ] scan result %s; VmRSS before %ld kB, VmHWM %ld kB\n", r["result"].dump().c_str(), rss_before,
                proc_status_kb(s.p.pid(), "VmHWM"));
    EXPECT_EQ(r["result"]["filesAnalyzed"], 1);
    EXPECT_EQ(r["result"]["filesSkipped"], 2);
    // The size cap is checked before reading: the huge file is never loaded.
    if (cc::testing::kMemoryBoundsApply) {
      EXPECT_LT(proc_status_kb(s.p.pid(), "VmHWM") - rss_before, 64 * 1024);
    }
    bool small_published = false;
    for (const auto& p : s.seen("textDocument/publishDiagnostics")) {
      std::string uri = p.value("uri", "");
      small_published |= uri.find("small.py") != std::string::npos;
      EXPECT_EQ(uri.find("huge.py"), std::string::npos);
      EXPECT_EQ(uri.find("blob.py"), std::string::npos);
    }
    EXPECT_TRUE(small_published);
    expect_responsive(s, "file:///w/none.py");
  }
  fs::remove_all(root);
}

// A client that pipelines many requests without reading the answers: the output pipe fills,
// the transport queues what the client cannot take yet and keeps reading input (before, the
// loop blocked in write() and both sides waited forever).
TEST(FaultClient, ClientThatDoesNotReadNeverStallsTheServersInput) {
  EditorSession::Options o;
  o.init_options = json{{"ai", {{"enabled", false}}}};
  o.wait_for_status = false;
  EditorSession s(o);
  constexpr int kRequests = 5000;  // ~2 MB of answers, far beyond a pipe's 64 KiB
  std::atomic<bool> written{false};
  std::thread writer([&] {
    for (int i = 0; i < kRequests; ++i) s.p.request("m-" + std::to_string(i), "codecrucible/metrics");
    written = true;
  });
  // Not reading: wait (bounded; generous for sanitizer builds) until the server took all input.
  for (int i = 0; i < 2400 && !written; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const bool input_consumed = written.load();
  // Read everything so both sides are unblocked, then check every request was answered.
  int answered = 0;
  while (answered < kRequests) {
    auto m = s.p.wait_for([](const json& m) { return m.contains("id") && !m.contains("method"); }, std::chrono::seconds(30));
    if (!m) break;
    ++answered;
  }
  writer.join();
  EXPECT_TRUE(input_consumed) << "the server stopped reading its input while its output was not being read";
  EXPECT_EQ(answered, kRequests);
}
