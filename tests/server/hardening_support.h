#pragma once
// Shared pieces of the fault, load and security tests (issue 7): a session on the real binary
// that answers the server's own requests like an editor, RSS readings from /proc, a text model
// that produces random incremental edits with their LSP ranges, the text a model received,
// and a backend that answers garbage.
//
// Thread-safety: none of these are shared between threads unless stated.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/fake_backend_server.h"
#include "tests/support/lsp_process.h"

namespace cc::testing {

// A field of /proc/<pid>/status in kB ("VmRSS", "VmHWM"); -1 when unreadable.
// Memory bounds hold for the real allocator only: under AddressSanitizer the server's RSS also
// holds shadow memory, redzones and the quarantine of freed blocks (both built by one preset,
// so the test binary's own instrumentation tells).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kMemoryBoundsApply = false;
#else
inline constexpr bool kMemoryBoundsApply = true;
#endif

inline long proc_status_kb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

// One endpoint per URL (kind from the URL: "/v1" → openai). No cache, a short connect timeout,
// a breaker that never opens (fault tests count every request), read timeout as given.
inline json backend_options(const std::vector<std::string>& urls, int read_ms = 20000, int max_concurrent = 2) {
  json endpoints = json::array();
  int n = 0;
  for (const auto& url : urls) {
    bool openai = url.size() > 3 && url.compare(url.size() - 3, 3, "/v1") == 0;
    endpoints.push_back({{"name", "fake-" + std::to_string(++n)}, {"kind", openai ? "openai" : "ollama"}, {"url", url},
                         {"tier", n == 1 ? "quality" : "fast"}, {"model", "m"}, {"maxConcurrent", max_concurrent}});
  }
  return json{{"generation",
               {{"endpoints", endpoints},
                {"timeouts", {{"connectMs", 300}, {"readMs", read_ms}, {"requestMs", 60000}}},
                {"breaker", {{"failureThreshold", 1000}, {"cooldownMs", 0}}},
                {"cache", {{"enabled", false}}}}}};
}

// Client capabilities of a plain editor: command-path code actions (no resolve), applyEdit,
// progress, disabled actions, utf-16.
inline json editor_caps(bool resolve = false) {
  json ca{{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", json::array()}}}}}, {"disabledSupport", true}};
  if (resolve) {
    ca["dataSupport"] = true;
    ca["resolveSupport"] = {{"properties", json::array({"edit"})}};
  }
  return json{{"general", {{"positionEncodings", json::array({"utf-16"})}}},
              {"window", {{"workDoneProgress", true}}},
              {"workspace", {{"applyEdit", true}, {"workspaceEdit", {{"documentChanges", true}}}}},
              {"textDocument", {{"codeAction", ca}}}};
}

// The real binary as an editor drives it. Answers progress/create, showDocument and
// configuration requests; applyEdit is answered "applied" unless answer_apply_edit is false.
class EditorSession {
 public:
  struct Options {
    json capabilities = editor_caps();
    json init_options = json::object();
    std::vector<std::string> args;  // after "lsp"
    std::vector<std::string> env;
    std::optional<std::vector<std::string>> argv;  // replaces {CC_BINARY, "lsp", args...}
    bool wait_for_status = true;                   // wait for the first codecrucible/status
  };

  explicit EditorSession(Options o) : p(argv_of(o), env_of(o)) {
    p.request(1, "initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", o.capabilities},
                                {"initializationOptions", o.init_options}});
    auto r = wait_response(1);
    EXPECT_TRUE(r && r->contains("result"));
    p.notify("initialized");
    if (o.wait_for_status) {
      status = p.wait_for([this](const json& m) { return answer(m), m.value("method", "") == "codecrucible/status"; });
      EXPECT_TRUE(status) << "no codecrucible/status after initialized";
    }
  }
  ~EditorSession() {
    p.request("bye", "shutdown");
    wait_response("bye");
    p.notify("exit");
    auto code = p.wait_exit();
    EXPECT_TRUE(code && *code == 0) << "exit code " << (code ? *code : -1);
    EXPECT_TRUE(p.framing_errors().empty());
  }

  void answer(const json& m) {
    if (!m.contains("id") || !m.contains("method")) return;
    const std::string method = m["method"];
    if (method == "workspace/applyEdit") {
      applied_edits.push_back(m["params"]);
      if (answer_apply_edit) p.send({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", {{"applied", true}}}});
      return;
    }
    server_requests.push_back(m);
    json result = method == "window/showDocument" ? json{{"success", true}} : json(nullptr);
    p.send({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", result}});
  }
  std::optional<json> wait_response(const json& id, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return p.wait_for([&](const json& m) { answer(m); return m.value("id", json()) == id && !m.contains("method"); }, timeout);
  }
  std::optional<json> wait_notification(const std::string& method, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return p.wait_for([&](const json& m) { answer(m); return !m.contains("id") && m.value("method", "") == method; }, timeout);
  }
  json call(const std::string& method, json params = json::object(), std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    json id = "call-" + std::to_string(++n);
    p.request(id, method, std::move(params));
    auto r = wait_response(id, timeout);
    return r ? *r : json();
  }
  bool sync(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    auto r = call("codecrucible/sync", json::object(), timeout);
    return r.contains("result");
  }
  void open(const std::string& uri, const std::string& text, int version = 1, const std::string& lang = "python") {
    p.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", lang}, {"version", version}, {"text", text}}}});
  }
  json actions(const std::string& uri, json range) {
    return call("textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", std::move(range)}, {"context", {{"diagnostics", json::array()}}}});
  }
  // The notifications of a method seen so far.
  std::vector<json> seen(const std::string& method) const {
    std::vector<json> out;
    for (const auto& m : p.all())
      if (!m.contains("id") && m.value("method", "") == method) out.push_back(m["params"]);
    return out;
  }

  LspProcess p;
  std::optional<json> status;
  std::vector<json> applied_edits;    // workspace/applyEdit params, in order
  std::vector<json> server_requests;  // every other server→client request
  bool answer_apply_edit = true;
  int n = 0;

 private:
  static std::vector<std::string> argv_of(const Options& o) {
    if (o.argv) return *o.argv;
    std::vector<std::string> a{CC_BINARY, "lsp"};
    a.insert(a.end(), o.args.begin(), o.args.end());
    return a;
  }
  static std::vector<std::string> env_of(const Options& o) {
    std::vector<std::string> e{"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=/tmp/cc-hardening-cache-" + std::to_string(::getpid())};
    e.insert(e.end(), o.env.begin(), o.env.end());
    return e;
  }
};

inline json range_json(int l1, int c1, int l2, int c2) {
  return json{{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}};
}
// A range the AI feature clamps to the whole document (the end column is not 0, so the last
// line is included).
inline json whole_document() { return range_json(0, 0, 10'000'000, 1); }

// The first AI action whose title contains `part`, or null.
inline json find_action(const json& actions, const std::string& part) {
  if (!actions.is_array()) return json();
  for (const auto& a : actions)
    if (a.value("title", "").find(part) != std::string::npos) return a;
  return json();
}

// Everything a model received in one generation request: message contents, prompt, suffix.
inline std::string model_input(const RecordedRequest& r) {
  json j = r.json();
  std::string out;
  if (!j.is_object()) return r.body;
  if (j.contains("messages"))
    for (const auto& m : j["messages"]) out += m.value("content", std::string()) + "\n";
  out += j.value("prompt", std::string()) + "\n" + j.value("suffix", std::string());
  return out;
}

// A document as the client sees it (ASCII only, so utf-16 columns are byte columns) and the
// incremental didChange that produces each random edit.
class TextModel {
 public:
  explicit TextModel(std::string text, std::uint32_t seed = 7) : text_(std::move(text)), rng_(seed) {}

  const std::string& text() const { return text_; }

  json position(std::size_t offset) const {
    int line = 0;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    return json{{"line", line}, {"character", static_cast<int>(offset - line_start)}};
  }

  // Replaces [begin, end) by `with`; returns the contentChanges entry.
  json replace(std::size_t begin, std::size_t end, const std::string& with) {
    json change{{"range", {{"start", position(begin)}, {"end", position(end)}}}, {"text", with}};
    text_.replace(begin, end - begin, with);
    return change;
  }

  // A random edit that keeps the text between min and max bytes: typing, newlines, deletions,
  // replacements of a span.
  json random_edit(std::size_t min_bytes = 200, std::size_t max_bytes = 2000) {
    static const char* kWords[] = {"x", "value", " = ", "1", "\n", "foo(", ")", "  ", "return ", "#", "ab", "\n    "};
    std::uniform_int_distribution<std::size_t> pick(0, text_.size());
    std::size_t at = pick(rng_);
    int kind = static_cast<int>(rng_() % 4);
    if (text_.size() > max_bytes) kind = 2;
    if (text_.size() < min_bytes) kind = 0;
    if (kind <= 1) return replace(at, at, kWords[rng_() % (sizeof kWords / sizeof *kWords)]);
    std::size_t len = std::min<std::size_t>(rng_() % 12 + 1, text_.size() - at);
    if (kind == 2) return replace(at, at + len, "");
    return replace(at, at + len, kWords[rng_() % (sizeof kWords / sizeof *kWords)]);
  }

 private:
  std::string text_;
  std::mt19937 rng_;
};

// A temporary directory removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / ("cc-" + tag + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct CommandRun {
  int exit_code = -1;  // 128 + n for death by signal n
  std::string output;  // stdout and stderr together
};

// The binary under `timeout`, for command lines: a hang is exit 124, not a stuck test.
inline const std::string kBoundedBinary = std::string("timeout 60 ") + CC_BINARY;

// Runs a shell command line and collects its output (bound it with kBoundedBinary).
inline CommandRun run_command(const std::string& command) {
  CommandRun r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// An Ollama whose every generation answers "ok": enough for server_view_of_text.
inline void answer_ok(FakeBackendServer& backend) {
  Script script;
  script.tokens = {"ok"};
  backend.set_default(script);
}

// Asks "Explain" about the whole document and returns what the model received: the server's
// view of the text, seen from outside.
inline std::string server_view_of_text(EditorSession& s, FakeBackendServer& backend, const std::string& uri) {
  std::size_t before = backend.generation_requests().size();
  json actions = s.call("textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", cc::testing::whole_document()},
                                                     {"context", {{"diagnostics", json::array()}}}})["result"];
  json explain = find_action(actions, "Explain");
  if (explain.is_null() || !explain.contains("command")) return "<no Explain action: " + actions.dump() + ">";
  auto r = s.call("workspace/executeCommand", {{"command", explain["command"]["command"]}, {"arguments", explain["command"]["arguments"]}});
  if (!r.contains("result")) return "<Explain failed: " + r.dump() + ">";
  auto requests = backend.generation_requests();
  if (requests.size() != before + 1) return "<expected one generation request>";
  return cc::testing::model_input(requests.back());
}

inline json did_change(const std::string& uri, int version, json changes) {
  return json{{"jsonrpc", "2.0"},
              {"method", "textDocument/didChange"},
              {"params", {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", std::move(changes)}}}};
}

// An "Ollama" that answers every generation request with bytes that are neither NDJSON nor
// JSON, and discovery with its usual answers so the server believes it healthy.
class GarbageBackend {
 public:
  GarbageBackend() {
    server_.Get("/api/tags", [](const httplib::Request&, httplib::Response& r) {
      r.set_content(R"({"models":[{"name":"m","model":"m"}]})", "application/json");
    });
    server_.Get("/api/version", [](const httplib::Request&, httplib::Response& r) { r.set_content(R"({"version":"0.5.7"})", "application/json"); });
    server_.Post("/api/show", [](const httplib::Request&, httplib::Response& r) { r.set_content(R"({"template":"{{ .Prompt }}"})", "application/json"); });
    auto garbage = [this](const httplib::Request&, httplib::Response& r) {
      ++requests_;
      r.set_content(std::string("\x01\x02garbage <html>not a model</html>\n{{{{\n\xff\xfe\n"), "application/x-ndjson");
    };
    server_.Post("/api/chat", garbage);
    server_.Post("/api/generate", garbage);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~GarbageBackend() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_; }

 private:
  httplib::Server server_;
  int port_ = -1;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace cc::testing
