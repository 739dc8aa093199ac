// Hostile model servers as an editor and a shell user see them (issue 14, defects 4 and 13,
// and credentials in endpoint URLs), through the real binary against fake servers speaking
// the exact wire formats:
//   - a 100 MB answer to a 1,024-token request: cut off with a clear error, peak RSS bounded,
//     no giant window/logMessage, other requests answered meanwhile (figures printed);
//   - an API key echoed by the server (401 bodies, error frames, tokens, model names) never
//     reaches the editor, the --log-file trace log, stderr, `doctor` or `ask`;
//   - user:password in an endpoint URL works as HTTP Basic authentication and never shows in
//     codecrucible/status, metrics, logs or `doctor`.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "tests/server/hardening_support.h"
#include "tests/support/shell_run.h"

using namespace cc::testing;  // the shared harness in hardening_support.h

namespace {

namespace fs = std::filesystem;

std::string fresh(const std::string& tag) {
  static std::mt19937_64 rng(std::random_device{}());
  return tag + "-" + std::to_string(rng()) + std::to_string(rng());
}

// A CLI command's stdout+stderr (env and args quoted), bounded by `timeout`. `peak_kb`
// (optional) receives the largest RSS of the command and its children, from wait4.
std::string run_cli(const TempDir& dir, const std::vector<std::string>& env, const std::vector<std::string>& args,
                    long* peak_kb = nullptr) {
  std::string cmd = "cd " + shell_quote(dir.path().string()) + " && exec env -u OLLAMA_HOST XDG_CONFIG_HOME=/nonexistent XDG_CACHE_HOME=" +
                    shell_quote((dir.path() / "cache").string());
  for (const auto& e : env) cmd += " " + shell_quote(e);
  cmd += " timeout 120 " + shell_quote(CC_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " > " + shell_quote((dir.path() / "cli.out").string()) + " 2>&1";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  EXPECT_EQ(::wait4(pid, &status, 0, &usage), pid) << cmd;
  EXPECT_TRUE(WIFEXITED(status)) << cmd;
  if (peak_kb) *peak_kb = usage.ru_maxrss;
  return read_whole_file(dir.path() / "cli.out");
}

const char* kUri = "file:///w/hostile.py";
const char* kDoc = "def add(a, b):\n    return a + b\n";

EditorSession::Options resolving(json init_options) {
  EditorSession::Options o;
  o.capabilities = editor_caps(true);
  o.init_options = std::move(init_options);
  return o;
}

json refactor_action(EditorSession& s) {
  s.open(kUri, kDoc);
  json actions = s.actions(kUri, range_json(0, 0, 0, 0))["result"];
  json action = find_action(actions, "Refactor");
  EXPECT_FALSE(action.is_null()) << actions.dump();
  return action;
}

std::string everything_sent(const EditorSession& s) {
  std::string all;
  for (const auto& m : s.p.all()) all += m.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  return all;
}

}  // namespace

// ------------------------------------------------------------------------ defect 4

TEST(HostileModel, AHundredMegabyteAnswerIsCutWithBoundedMemoryWhileOtherRequestsAreAnswered) {
  for (WireFormat format : {WireFormat::Ollama, WireFormat::OpenAI}) {
    FakeBackendServer server(format);
    Script flood;
    flood.tokens = {std::string(1000, 'z')};
    flood.repeat = 100 * 1000;  // 100 MB of answer text (more on the wire), never held by the fake
    server.set_default(flood);
    EditorSession s(resolving(backend_options({server.url()})));
    json action = refactor_action(s);
    ASSERT_TRUE(s.sync());
    const long rss_before = proc_status_kb(s.p.pid(), "VmRSS");
    const long peak_before = proc_status_kb(s.p.pid(), "VmHWM");

    // As fast as the server can send.
    const auto started = std::chrono::steady_clock::now();
    json reply = s.call("codeAction/resolve", action, std::chrono::seconds(60));
    const double reply_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(reply.contains("error")) << reply.dump().substr(0, 2000);
    const std::string message = reply["error"].value("message", "");
    EXPECT_NE(message.find("at most 1024 tokens"), std::string::npos) << message;
    EXPECT_NE(message.find("cut off"), std::string::npos) << message;
    EXPECT_TRUE(server.wait_for_aborted_streams(1)) << "the HTTP call was aborted";

    // Trickled (1 ms a token), with codecrucible/metrics asked again and again meanwhile.
    Script trickle = flood;
    trickle.token_delay = std::chrono::milliseconds(1);
    server.push(trickle);
    s.p.request("trickle", "codeAction/resolve", action);
    std::vector<double> waits;
    auto done = [&] {
      for (const auto& m : s.p.all())
        if (m.value("id", json()) == "trickle" && !m.contains("method")) return true;
      return false;
    };
    while (!done() && waits.size() < 5000) {
      const auto t0 = std::chrono::steady_clock::now();
      json metrics = s.call("codecrucible/metrics");
      ASSERT_TRUE(metrics.contains("result")) << metrics.dump();
      waits.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    ASSERT_TRUE(done() || s.wait_response("trickle"));
    const long peak = proc_status_kb(s.p.pid(), "VmHWM");
    const long rss_after = proc_status_kb(s.p.pid(), "VmRSS");
    std::sort(waits.begin(), waits.end());
    std::printf("[ figures ] %s, 100 MB answer offered for 1024 tokens: error after %.1f ms; VmRSS before %ld kB, after %ld kB; "
                "VmHWM before %ld kB, peak %ld kB (+%ld kB); %zu metrics requests during the trickled stream: median %.2f ms, "
                "max %.2f ms\n",
                format == WireFormat::Ollama ? "Ollama" : "OpenAI", reply_ms, rss_before, rss_after, peak_before, peak,
                peak - rss_before, waits.size(), waits.empty() ? 0.0 : waits[waits.size() / 2], waits.empty() ? 0.0 : waits.back());
    EXPECT_FALSE(waits.empty()) << "other requests were answered while the answer streamed";
    if (kMemoryBoundsApply) {
      EXPECT_LT(peak - rss_before, 64 * 1024) << "peak RSS grew by " << peak - rss_before << " kB";
    }
    // Nothing the size of the answer went to the editor.
    for (const auto& m : s.p.all()) {
      std::string sent = m.dump(-1, ' ', false, json::error_handler_t::replace);
      ASSERT_LT(sent.size(), 256u * 1024) << sent.substr(0, 300);
    }
  }
}

// The largest answer any request may bring (8 MiB of text, asked for with --max-tokens far
// past it) while the server offers 100 MB: `ask` stops at the ceiling with bounded memory.
TEST(HostileModel, AskAtTheLargestBudgetStopsAtTheCeilingWithBoundedMemory) {
  TempDir dir("ceiling");
  FakeBackendServer server(WireFormat::Ollama);
  Script flood;
  flood.tokens = {std::string(1000, 'z')};
  flood.repeat = 100 * 1000;
  server.set_default(flood);
  long peak_kb = 0;
  const std::string out = run_cli(dir, {}, {"ask", "hi", "--max-tokens", "100000000", "--no-cache", "--ollama-url", server.url(),
                                            "--openai-url", "http://127.0.0.1:1/v1"},
                                  &peak_kb);
  const long text_bytes = static_cast<long>(std::count(out.begin(), out.end(), 'z'));
  std::printf("[ figures ] ask --max-tokens 100000000 against a 100 MB answer: %ld bytes of answer printed before the cut, "
              "peak RSS %ld kB\n",
              text_bytes, peak_kb);
  EXPECT_NE(out.find("cut off"), std::string::npos) << out.substr(out.size() > 2000 ? out.size() - 2000 : 0);
  EXPECT_LE(text_bytes, 8L * 1024 * 1024);
  EXPECT_TRUE(server.wait_for_aborted_streams(1));
  if (kMemoryBoundsApply) {
    EXPECT_LT(peak_kb, 96L * 1024) << "peak RSS " << peak_kb << " kB";
  }
}

// ------------------------------------------------------------------------ defect 13

TEST(HostileModel, AnEchoedApiKeyNeverReachesTheEditorLogsDoctorOrAsk) {
  TempDir dir("echo");
  const std::string key = fresh("sk-echo");
  const fs::path log_file = dir.path() / "trace.log";
  const fs::path stderr_file = dir.path() / "stderr.log";
  FakeBackendServer server(WireFormat::OpenAI);
  server.require_api_key(key);
  server.set_echo_authorization(true);
  server.set_models({"m", "model-named-" + key});
  Script said;  // the model repeats the key, cut across tokens and chunks
  said.tokens = {"```python\n# ", key.substr(0, 6), key.substr(6, 9), key.substr(15), "\ndef add(a, b):\n    return a + b\n```\n"};
  said.chunk_bytes = 7;
  Script boom;
  boom.status = 500;
  boom.error_message = "upstream exploded";
  Script frame;
  frame.tokens = {"a", "b"};
  frame.error_after = 1;

  json options = backend_options({server.url()});
  options["generation"]["endpoints"][0]["apiKeyEnv"] = "CC_ECHO_API_KEY";
  for (bool to_file : {true, false}) {
    EditorSession::Options o = resolving(options);
    o.env = {"CC_ECHO_API_KEY=" + key};
    if (to_file) {
      o.args = {"--log-level", "trace", "--log-file", log_file.string()};
    } else {
      o.argv = std::vector<std::string>{"/bin/sh", "-c", "exec \"$0\" lsp --log-level trace 2>\"$1\"", CC_BINARY, stderr_file.string()};
    }
    EditorSession s(o);
    s.p.notify("$/setTrace", {{"value", "verbose"}});
    json action = refactor_action(s);
    server.push(said);
    json ok = s.call("codeAction/resolve", action);
    EXPECT_TRUE(ok.contains("result")) << ok.dump();
    server.push(boom);
    s.call("codeAction/resolve", action);
    server.push(frame);
    s.call("codeAction/resolve", action);
    server.require_api_key(key + "-rotated");  // a 401 quoting the header
    json denied = s.call("codeAction/resolve", action);
    ASSERT_TRUE(denied.contains("error")) << denied.dump();
    EXPECT_NE(denied["error"]["message"].get<std::string>().find("[REDACTED:"), std::string::npos) << denied.dump();
    s.p.request(json("doctor"), "workspace/executeCommand", {{"command", "codecrucible.doctor"}});
    ASSERT_TRUE(s.wait_response("doctor"));
    s.call("codecrucible/metrics");
    server.require_api_key(key);
    std::string sent = everything_sent(s);
    EXPECT_EQ(sent.find(key), std::string::npos) << "the key reached the editor";
    EXPECT_EQ(sent.find(key.substr(0, 16)), std::string::npos) << "a long prefix of the key reached the editor";
  }
  std::string file_log = read_whole_file(log_file), err_log = read_whole_file(stderr_file);
  EXPECT_GT(file_log.size(), 1000u);
  EXPECT_GT(err_log.size(), 1000u);
  EXPECT_NE(file_log.find("upstream exploded"), std::string::npos) << "errors are still logged";
  EXPECT_EQ(file_log.find(key), std::string::npos) << "API key in --log-file";
  EXPECT_EQ(err_log.find(key), std::string::npos) << "API key on stderr";

  // The command line: doctor (text and JSON) and ask (text and JSON), with a 401 echo, error
  // frames and the model saying the key.
  const std::vector<std::string> env = {"OPENAI_API_KEY=" + key};
  std::ofstream(dir.path() / "config.json")
      << json{{"generation", {{"endpoints", {{{"name", "lm"}, {"kind", "openai"}, {"url", server.url()}, {"apiKeyEnv", "OPENAI_API_KEY"},
                                              {"model", "m"}}}},
                              {"cache", {{"enabled", false}}}}}}.dump();
  const std::vector<std::string> config = {"--config", (dir.path() / "config.json").string()};
  std::vector<std::string> outputs;
  auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  outputs.push_back(run_cli(dir, env, with({"doctor"}, config)));
  outputs.push_back(run_cli(dir, env, with({"doctor", "--json"}, config)));
  server.push(said);
  outputs.push_back(run_cli(dir, env, with({"ask", "hi", "--log-level", "trace"}, config)));
  server.push(frame);
  outputs.push_back(run_cli(dir, env, with({"ask", "hi", "--json"}, config)));
  server.require_api_key(key + "-rotated");
  outputs.push_back(run_cli(dir, env, with({"doctor"}, config)));
  outputs.push_back(run_cli(dir, env, with({"ask", "hi", "--log-level", "trace"}, config)));
  outputs.push_back(run_cli(dir, env, with({"ask", "hi", "--json"}, config)));
  EXPECT_NE(outputs.back().find("[REDACTED:"), std::string::npos) << outputs.back();
  for (const auto& out : outputs) EXPECT_EQ(out.find(key), std::string::npos) << out;
}

// ------------------------------------------------------------------------ URL credentials

TEST(HostileModel, CredentialsInAnEndpointUrlAreBasicAuthAndNeverShown) {
  TempDir dir("basic");
  const std::string password = fresh("pw");
  FakeBackendServer server(WireFormat::Ollama);
  server.set_echo_authorization(true);
  Script answer;
  answer.tokens = {"```python\n", "def add(a, b):\n    return a + b\n", "```\n"};
  server.set_default(answer);
  std::string url = server.url();
  url.insert(url.find("://") + 3, "user:" + password + "@");
  const fs::path log_file = dir.path() / "trace.log";
  EditorSession::Options o = resolving(backend_options({url}));
  o.args = {"--log-level", "trace", "--log-file", log_file.string()};
  {
    EditorSession s(o);
    EXPECT_EQ((*s.status)["params"]["available"], true) << s.status->dump();
    json action = refactor_action(s);
    json ok = s.call("codeAction/resolve", action);
    EXPECT_TRUE(ok.contains("result")) << ok.dump();
    Script boom;
    boom.status = 500;
    server.push(boom);  // an error quoting the Basic header
    s.call("codeAction/resolve", action);
    s.p.request(json("doctor"), "workspace/executeCommand", {{"command", "codecrucible.doctor"}});
    ASSERT_TRUE(s.wait_response("doctor"));
    json metrics = s.call("codecrucible/metrics");
    EXPECT_NE(metrics.dump().find(server.url()), std::string::npos) << "the URL is shown, without credentials: " << metrics.dump();
    std::string sent = everything_sent(s);
    EXPECT_EQ(sent.find(password), std::string::npos) << "the password reached the editor";
  }
  bool basic = false;
  for (const auto& r : server.requests()) basic |= r.header("Authorization").rfind("Basic ", 0) == 0;
  EXPECT_TRUE(basic) << "the credentials were sent as HTTP Basic authentication";
  EXPECT_EQ(read_whole_file(log_file).find(password), std::string::npos) << "password in the log";
  std::string doctor = run_cli(dir, {}, {"doctor", "--ollama-url", url, "--openai-url", url + "/v1"});
  EXPECT_EQ(doctor.find(password), std::string::npos) << doctor;
  EXPECT_NE(doctor.find(server.url()), std::string::npos) << doctor;
}
