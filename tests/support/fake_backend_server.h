#pragma once
// In-process fake model servers for tests: one cpp-httplib server on 127.0.0.1 with an
// ephemeral port that speaks the exact Ollama or OpenAI-compatible wire format, streaming
// through a chunked content provider, driven by a queue of scripted behaviours.
//
//   cc::testing::FakeBackendServer server(cc::testing::WireFormat::Ollama);
//   server.push({.tokens = {"a", "b"}, .chunk_bytes = 3});   // next generation request
//   ... point a backend at server.url() ...
//   server.requests()  // every request received (method, path, headers, body)
//
// Generation endpoints (Ollama /api/chat, /api/generate; OpenAI /v1/chat/completions,
// /v1/completions) consume one Script from the queue per request, or use the default script
// when the queue is empty. Discovery endpoints (/api/tags, /api/version, /api/show,
// /v1/models, /health) answer from the server's settings.
//
// Thread-safety: every public member may be called from any thread. The destructor releases
// hung requests and stops the server; it returns once every handler thread has finished.
// Header-only (inline) so it can be included from any *_test.cpp without a separate target.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/http_client_pool.h"

namespace cc::testing {

enum class WireFormat { Ollama, OpenAI };

// What the server does for one generation request.
struct Script {
  std::vector<std::string> tokens{"Hello", ",", " world"};
  std::string finish_reason = "stop";  // done_reason / finish_reason on the final frame
  bool send_final = true;              // false: the stream just ends (no done frame, no [DONE])
  int status = 200;                    // != 200: answer with error_body (or a built error) only
  std::string error_body;              // raw body for status != 200; empty → built from error_message
  std::string error_message = "scripted failure";
  std::optional<std::size_t> error_after;       // error frame after this many tokens, then end
  std::optional<std::size_t> disconnect_after;  // drop the connection after this many tokens
  std::optional<std::size_t> hang_after;        // block after this many tokens until release()/stop
  bool hang_before_headers = false;             // block before sending any response byte
  std::chrono::milliseconds token_delay{0};     // sleep before every token frame (or piece)
  std::size_t chunk_bytes = 0;                  // > 0: cut every frame into pieces of this size
  std::vector<std::size_t> split_points;        // non-empty: cut the whole stream at these offsets
  bool crlf = false;                            // use \r\n line endings
  bool comments = false;                        // OpenAI: a ": keep-alive" comment before each event
  int prompt_tokens = 7;
  std::size_t repeat = 1;                       // send `tokens` this many times over (huge answers, lazily)

  // An answer that opens a code block and trickles 400 more tokens, one per `delay`: long
  // enough to cancel mid-stream; the fake notices the client left at its next write.
  static Script slow_trickle(std::chrono::milliseconds delay) {
    Script s;
    s.tokens = {"```python\n"};
    s.tokens.insert(s.tokens.end(), 400, "x ");
    s.token_delay = delay;
    return s;
  }
};

struct RecordedRequest {
  std::string method;
  std::string path;
  std::string body;
  httplib::Headers headers;
  int remote_port = 0;  // the client's port: equal for requests on one kept-alive connection

  [[nodiscard]] nlohmann::json json() const {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json() : parsed;
  }
  [[nodiscard]] std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class FakeBackendServer {
 public:
  explicit FakeBackendServer(WireFormat format) : format_(format) {
    server_.new_task_queue = [] { return new httplib::ThreadPool(24); };
    server_.set_tcp_nodelay(true);
    install_routes();
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost; wait (bounded) until it runs.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  FakeBackendServer(const FakeBackendServer&) = delete;
  FakeBackendServer& operator=(const FakeBackendServer&) = delete;

  ~FakeBackendServer() { stop(); }

  // Stops accepting and releases every hung request. Idempotent.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
      // In-process clients keep idle connections for reuse; a handler thread would wait on
      // such a connection for the server's keep-alive timeout (5 s) before stop() returns.
      gen::HttpClientPool::shared().clear();
      server_.stop();
      thread_.join();
    }
  }

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] WireFormat format() const { return format_; }
  // Base URL as configured by users: Ollama "http://127.0.0.1:P", OpenAI "http://127.0.0.1:P/v1".
  [[nodiscard]] std::string url() const {
    std::string base = "http://127.0.0.1:" + std::to_string(port_);
    return format_ == WireFormat::OpenAI ? base + "/v1" : base;
  }

  // --- scripting ----------------------------------------------------------------------
  void push(Script script) {
    std::lock_guard lock(mutex_);
    scripts_.push_back(std::move(script));
  }
  void set_default(Script script) {
    std::lock_guard lock(mutex_);
    default_script_ = std::move(script);
  }
  // The listing bodies are serialised here, in the test's thread, so that a discovery
  // answer of megabytes starts at once even under sanitizers (the client's read timeout
  // is what the hostile tests measure, not this fake's JSON speed).
  void set_models(std::vector<std::string> models) {
    std::string tags = tags_body(models), openai = openai_models_body(models, context_length());
    std::lock_guard lock(mutex_);
    models_ = std::move(models);
    tags_body_ = std::move(tags);
    openai_models_body_ = std::move(openai);
  }
  void set_version(std::string version) {
    std::lock_guard lock(mutex_);
    version_ = std::move(version);
  }
  // Status for discovery endpoints (/api/tags, /v1/models, /api/version, /api/show).
  void set_discovery_status(int status) {
    std::lock_guard lock(mutex_);
    discovery_status_ = status;
  }
  // true: discovery requests block until release_hangs() (or stop), then answer as usual.
  void set_discovery_held(bool held) {
    std::lock_guard lock(mutex_);
    discovery_held_ = held;
  }
  // The models' context window as the servers report it (0: not reported): Ollama's
  // /api/show gets `num_ctx` in its parameters and the trained length in model_info, the
  // OpenAI listing vLLM's `max_model_len`.
  void set_context_length(std::size_t tokens) {
    std::lock_guard lock(mutex_);
    context_length_ = tokens;
    openai_models_body_ = openai_models_body(models_, tokens);
  }
  std::size_t context_length() const {
    std::lock_guard lock(mutex_);
    return context_length_;
  }
  // /api/show: whether the template has a .Suffix slot ("insert" capability).
  void set_fim_capable(bool capable) {
    std::lock_guard lock(mutex_);
    fim_capable_ = capable;
  }
  // Non-empty: every request must carry "Authorization: Bearer <key>" or gets 401.
  void require_api_key(std::string key) {
    std::lock_guard lock(mutex_);
    api_key_ = std::move(key);
  }
  // true: error messages (401s, scripted errors, error frames) quote the request's
  // Authorization header, as some proxies and hostile servers do.
  void set_echo_authorization(bool echo) {
    std::lock_guard lock(mutex_);
    echo_authorization_ = echo;
  }
  // Lets every currently hung request continue (it then drops the connection).
  void release_hangs() {
    {
      std::lock_guard lock(mutex_);
      ++release_generation_;
    }
    cv_.notify_all();
  }

  // --- observation --------------------------------------------------------------------
  [[nodiscard]] std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  [[nodiscard]] std::vector<RecordedRequest> generation_requests() const {
    std::lock_guard lock(mutex_);
    std::vector<RecordedRequest> out;
    for (const auto& r : requests_)
      if (is_generation_path(r.path)) out.push_back(r);
    return out;
  }
  [[nodiscard]] std::size_t request_count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }
  // True once at least n requests arrived (bounded wait).
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
  }
  // Streams whose client went away before the stream was complete (a write failed).
  [[nodiscard]] std::size_t aborted_streams() const {
    std::lock_guard lock(mutex_);
    return aborted_streams_;
  }
  bool wait_for_aborted_streams(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return aborted_streams_ >= n; });
  }
  // When each streamed piece was handed to the socket (steady clock), for latency benches.
  [[nodiscard]] std::vector<std::chrono::steady_clock::time_point> write_times() const {
    std::lock_guard lock(mutex_);
    return write_times_;
  }
  void clear_write_times() {
    std::lock_guard lock(mutex_);
    write_times_.clear();
  }
  // Requests currently blocked in a hang.
  [[nodiscard]] std::size_t hung_requests() const {
    std::lock_guard lock(mutex_);
    return hung_;
  }
  bool wait_for_hung(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return hung_ >= n; });
  }

  static bool is_generation_path(const std::string& path) {
    return path == "/api/chat" || path == "/api/generate" || path == "/v1/chat/completions" ||
           path == "/v1/completions";
  }

 private:
  enum class Kind { OllamaChat, OllamaGenerate, OpenAIChat, OpenAICompletion };

  void install_routes() {
    if (format_ == WireFormat::Ollama) {
      server_.Post("/api/chat", [this](const httplib::Request& q, httplib::Response& r) { generation(q, r, Kind::OllamaChat); });
      server_.Post("/api/generate", [this](const httplib::Request& q, httplib::Response& r) { generation(q, r, Kind::OllamaGenerate); });
      server_.Get("/api/tags", [this](const httplib::Request& q, httplib::Response& r) { discovery(q, r); });
      server_.Get("/api/version", [this](const httplib::Request& q, httplib::Response& r) { discovery(q, r); });
      server_.Post("/api/show", [this](const httplib::Request& q, httplib::Response& r) { discovery(q, r); });
      server_.Get("/", [this](const httplib::Request& q, httplib::Response& r) {
        record(q);
        r.set_content("Ollama is running", "text/plain");
      });
    } else {
      server_.Post("/v1/chat/completions", [this](const httplib::Request& q, httplib::Response& r) { generation(q, r, Kind::OpenAIChat); });
      server_.Post("/v1/completions", [this](const httplib::Request& q, httplib::Response& r) { generation(q, r, Kind::OpenAICompletion); });
      server_.Get("/v1/models", [this](const httplib::Request& q, httplib::Response& r) { discovery(q, r); });
      server_.Get("/health", [this](const httplib::Request& q, httplib::Response& r) { discovery(q, r); });
    }
  }

  void record(const httplib::Request& q) {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(RecordedRequest{q.method, q.path, q.body, q.headers, q.remote_port});
    }
    cv_.notify_all();
  }

  bool authorized(const httplib::Request& q, httplib::Response& r) {
    std::string key;
    {
      std::lock_guard lock(mutex_);
      key = api_key_;
    }
    if (key.empty() || q.get_header_value("Authorization") == "Bearer " + key) return true;
    r.status = 401;
    r.set_content(error_json(echoed(q, "Incorrect API key provided"), "invalid_api_key").dump(), "application/json");
    return false;
  }

  // `message`, quoting the Authorization header when echo_authorization is on.
  std::string echoed(const httplib::Request& q, const std::string& message) {
    std::lock_guard lock(mutex_);
    if (!echo_authorization_) return message;
    return message + " (you sent Authorization: " + q.get_header_value("Authorization") + ")";
  }

  nlohmann::json error_json(const std::string& message, const std::string& code = "server_error") const {
    if (format_ == WireFormat::Ollama) return {{"error", message}};
    return {{"error", {{"message", message}, {"type", "invalid_request_error"}, {"param", nullptr}, {"code", code}}}};
  }

  void discovery(const httplib::Request& q, httplib::Response& r) {
    record(q);
    if (!authorized(q, r)) return;
    bool held;
    {
      std::lock_guard lock(mutex_);
      held = discovery_held_;
    }
    if (held) hang();
    std::lock_guard lock(mutex_);
    if (discovery_status_ != 200) {
      r.status = discovery_status_;
      r.set_content(error_json("discovery failure").dump(), "application/json");
      return;
    }
    nlohmann::json body;
    if (q.path == "/api/tags") {
      r.set_content(tags_body_, "application/json");
      return;
    } else if (q.path == "/api/version") {
      body = {{"version", version_}};
    } else if (q.path == "/api/show") {
      auto req = nlohmann::json::parse(q.body, nullptr, false);
      std::string name = req.is_object() ? req.value("model", req.value("name", std::string())) : std::string();
      if (std::find(models_.begin(), models_.end(), name) == models_.end()) {
        r.status = 404;
        r.set_content(error_json("model '" + name + "' not found").dump(), "application/json");
        return;
      }
      std::string tmpl = fim_capable_ ? "{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}{{ .Prompt }}{{- end }}"
                                      : "{{ .System }} {{ .Prompt }}";
      std::string parameters = "stop \"<|endoftext|>\"";
      if (context_length_) parameters += "\nnum_ctx                        " + std::to_string(context_length_);
      body = {{"modelfile", "FROM " + name}, {"parameters", parameters}, {"template", tmpl},
              {"details", {{"family", "qwen2"}}},
              {"capabilities", fim_capable_ ? nlohmann::json{"completion", "insert"} : nlohmann::json{"completion"}}};
      if (context_length_) body["model_info"] = {{"general.architecture", "qwen2"}, {"qwen2.context_length", 32768}};
    } else if (q.path == "/v1/models") {
      r.set_content(openai_models_body_, "application/json");
      return;
    } else if (q.path == "/health") {
      body = {{"status", "ok"}};
    }
    r.set_content(body.dump(), "application/json");
  }

  static std::string tags_body(const std::vector<std::string>& models) {
    nlohmann::json body = {{"models", nlohmann::json::array()}};
    for (const auto& m : models)
      body["models"].push_back({{"name", m}, {"model", m}, {"modified_at", "2024-01-01T00:00:00Z"}, {"size", 4683087332},
                                {"digest", "sha256:0000"}, {"details", {{"family", "qwen2"}, {"parameter_size", "7.6B"}}}});
    return body.dump();
  }
  static std::string openai_models_body(const std::vector<std::string>& models, std::size_t context_length) {
    nlohmann::json body = {{"object", "list"}, {"data", nlohmann::json::array()}};
    for (const auto& m : models) {
      nlohmann::json entry = {{"id", m}, {"object", "model"}, {"created", 1700000000}, {"owned_by", "fake"}};
      if (context_length) entry["max_model_len"] = context_length;
      body["data"].push_back(std::move(entry));
    }
    return body.dump();
  }

  Script next_script() {
    std::lock_guard lock(mutex_);
    if (scripts_.empty()) return default_script_;
    Script s = std::move(scripts_.front());
    scripts_.pop_front();
    return s;
  }

  // Blocks until release_hangs() or stop(). Returns when released.
  void hang() {
    std::unique_lock lock(mutex_);
    const auto generation = release_generation_;
    ++hung_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return stopping_ || release_generation_ != generation; });
    --hung_;
  }

  void sleep_or_stop(std::chrono::milliseconds delay) {
    if (delay.count() <= 0) return;
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, delay, [&] { return stopping_; });
  }

  void generation(const httplib::Request& q, httplib::Response& r, Kind kind) {
    record(q);
    if (!authorized(q, r)) return;
    Script script = next_script();
    auto request = nlohmann::json::parse(q.body, nullptr, false);
    if (script.hang_before_headers) {
      hang();
      r.status = 500;
      r.set_content(error_json("released").dump(), "application/json");
      return;
    }
    script.error_message = echoed(q, script.error_message);
    if (script.status != 200) {
      r.status = script.status;
      r.set_content(script.error_body.empty() ? error_json(script.error_message).dump() : script.error_body, "application/json");
      return;
    }
    std::string model = request.is_object() ? request.value("model", std::string("fake-model")) : std::string("fake-model");
    // Ollama streams unless "stream": false; OpenAI streams only with "stream": true.
    bool stream = format_ == WireFormat::Ollama ? !(request.is_object() && request.value("stream", true) == false)
                                                : (request.is_object() && request.value("stream", false) == true);
    if (!stream) {
      single_response(r, kind, script, model);
      return;
    }
    const char* type = format_ == WireFormat::Ollama ? "application/x-ndjson" : "text/event-stream";
    r.set_chunked_content_provider(type, [this, kind, script, model](std::size_t, httplib::DataSink& sink) {
      return stream_body(sink, kind, script, model);
    });
  }

  void single_response(httplib::Response& r, Kind kind, const Script& s, const std::string& model) {
    std::size_t produced = s.tokens.size() * s.repeat;
    if (s.error_after) produced = std::min(produced, *s.error_after);
    std::string text;
    for (std::size_t i = 0; i < produced; ++i) text += s.tokens[i % s.tokens.size()];
    if (s.hang_after) {
      hang();
      r.status = 500;
      return;
    }
    if (s.error_after) {
      r.status = 500;
      r.set_content(error_json(s.error_message).dump(), "application/json");
      return;
    }
    nlohmann::json body;
    int count = static_cast<int>(produced);
    switch (kind) {
      case Kind::OllamaChat:
        body = {{"model", model}, {"created_at", "2024-01-01T00:00:00.000000Z"}, {"message", {{"role", "assistant"}, {"content", text}}},
                {"done_reason", s.finish_reason}, {"done", true}, {"total_duration", 1000000}, {"prompt_eval_count", s.prompt_tokens},
                {"eval_count", count}, {"eval_duration", 500000}};
        break;
      case Kind::OllamaGenerate:
        body = {{"model", model}, {"created_at", "2024-01-01T00:00:00.000000Z"}, {"response", text}, {"done", true},
                {"done_reason", s.finish_reason}, {"context", {1, 2, 3}}, {"prompt_eval_count", s.prompt_tokens}, {"eval_count", count}};
        break;
      case Kind::OpenAIChat:
        body = {{"id", "chatcmpl-1"}, {"object", "chat.completion"}, {"created", 1700000000}, {"model", model},
                {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", s.finish_reason}}}},
                {"usage", {{"prompt_tokens", s.prompt_tokens}, {"completion_tokens", count}, {"total_tokens", s.prompt_tokens + count}}}};
        break;
      case Kind::OpenAICompletion:
        body = {{"id", "cmpl-1"}, {"object", "text_completion"}, {"created", 1700000000}, {"model", model},
                {"choices", {{{"index", 0}, {"text", text}, {"logprobs", nullptr}, {"finish_reason", s.finish_reason}}}},
                {"usage", {{"prompt_tokens", s.prompt_tokens}, {"completion_tokens", count}, {"total_tokens", s.prompt_tokens + count}}}};
        break;
    }
    r.set_content(body.dump(), "application/json");
  }

  std::string token_frame(Kind kind, const std::string& token, const std::string& model, const std::string& eol) const {
    switch (kind) {
      case Kind::OllamaChat:
        return nlohmann::json{{"model", model}, {"created_at", "2024-01-01T00:00:00.000000Z"},
                              {"message", {{"role", "assistant"}, {"content", token}}}, {"done", false}}.dump() + eol;
      case Kind::OllamaGenerate:
        return nlohmann::json{{"model", model}, {"created_at", "2024-01-01T00:00:00.000000Z"}, {"response", token}, {"done", false}}.dump() + eol;
      case Kind::OpenAIChat:
        return "data: " + nlohmann::json{{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"created", 1700000000}, {"model", model},
                                         {"choices", {{{"index", 0}, {"delta", {{"content", token}}}, {"finish_reason", nullptr}}}}}.dump() +
               eol + eol;
      case Kind::OpenAICompletion:
        return "data: " + nlohmann::json{{"id", "cmpl-1"}, {"object", "text_completion"}, {"created", 1700000000}, {"model", model},
                                         {"choices", {{{"index", 0}, {"text", token}, {"logprobs", nullptr}, {"finish_reason", nullptr}}}}}.dump() +
               eol + eol;
    }
    return {};
  }

  std::string final_frames(Kind kind, const Script& s, const std::string& model, int count, const std::string& eol) const {
    switch (kind) {
      case Kind::OllamaChat:
        return nlohmann::json{{"model", model}, {"created_at", "2024-01-01T00:00:00.000000Z"}, {"message", {{"role", "assistant"}, {"content", ""}}},
                              {"done_reason", s.finish_reason}, {"done", true}, {"total_duration", 1000000}, {"load_duration", 1000},
                              {"prompt_eval_count", s.prompt_tokens}, {"prompt_eval_duration", 1000}, {"eval_count", count},
                              {"eval_duration", 500000}}.dump() + eol;
      case Kind::OllamaGenerate:
        return nlohmann::json{{"model", model}, {"created_at", "2024-01-01T00:00:00.000000Z"}, {"response", ""}, {"done", true},
                              {"done_reason", s.finish_reason}, {"context", {1, 2, 3}}, {"total_duration", 1000000},
                              {"prompt_eval_count", s.prompt_tokens}, {"eval_count", count}, {"eval_duration", 500000}}.dump() + eol;
      case Kind::OpenAIChat:
        return "data: " + nlohmann::json{{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"created", 1700000000}, {"model", model},
                                         {"choices", {{{"index", 0}, {"delta", nlohmann::json::object()}, {"finish_reason", s.finish_reason}}}},
                                         {"usage", {{"prompt_tokens", s.prompt_tokens}, {"completion_tokens", count}, {"total_tokens", s.prompt_tokens + count}}}}.dump() +
               eol + eol + "data: [DONE]" + eol + eol;
      case Kind::OpenAICompletion:
        return "data: " + nlohmann::json{{"id", "cmpl-1"}, {"object", "text_completion"}, {"created", 1700000000}, {"model", model},
                                         {"choices", {{{"index", 0}, {"text", ""}, {"logprobs", nullptr}, {"finish_reason", s.finish_reason}}}}}.dump() +
               eol + eol + "data: [DONE]" + eol + eol;
    }
    return {};
  }

  std::string error_frame(const Script& s, const std::string& eol) const {
    if (format_ == WireFormat::Ollama) return error_json(s.error_message).dump() + eol;
    return "data: " + nlohmann::json{{"error", {{"message", s.error_message}, {"type", "server_error"}}}}.dump() + eol + eol;
  }

  // Writes one piece; false when the client went away.
  bool write_piece(httplib::DataSink& sink, const std::string& piece) {
    if (piece.empty()) return true;
    {
      std::lock_guard lock(mutex_);
      if (write_times_.size() < 100000) write_times_.push_back(std::chrono::steady_clock::now());
    }
    if (sink.write(piece.data(), piece.size())) return true;
    {
      std::lock_guard lock(mutex_);
      ++aborted_streams_;
    }
    cv_.notify_all();
    return false;
  }

  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  bool stream_body(httplib::DataSink& sink, Kind kind, const Script& s, const std::string& model) {
    const std::string eol = s.crlf ? "\r\n" : "\n";
    const std::string comment = (s.comments && format_ == WireFormat::OpenAI) ? ": keep-alive" + eol + eol : "";
    std::size_t limit = s.tokens.size() * s.repeat;
    for (auto cut : {s.error_after, s.disconnect_after, s.hang_after})
      if (cut) limit = std::min(limit, *cut);

    bool ends_normally = !s.disconnect_after && !s.hang_after;
    std::string trailer;
    if (s.error_after && limit == *s.error_after) trailer = error_frame(s, eol);
    else if (ends_normally && s.send_final) trailer = comment + final_frames(kind, s, model, static_cast<int>(limit), eol);

    if (!s.split_points.empty()) {
      // Render the whole stream, cut it at the given offsets.
      std::string all;
      for (std::size_t i = 0; i < limit; ++i) all += comment + token_frame(kind, s.tokens[i % s.tokens.size()], model, eol);
      all += trailer;
      std::vector<std::size_t> cuts = s.split_points;
      std::sort(cuts.begin(), cuts.end());
      std::size_t prev = 0;
      cuts.push_back(all.size());
      for (auto c : cuts) {
        if (c <= prev || c > all.size()) continue;
        sleep_or_stop(s.token_delay);
        if (stopping() || !write_piece(sink, all.substr(prev, c - prev))) return false;
        prev = c;
      }
    } else {
      // Frames rendered lazily (scripts may hold a huge number of tokens).
      auto send = [&](const std::string& frame) {
        if (s.chunk_bytes == 0) return write_piece(sink, frame);
        for (std::size_t at = 0; at < frame.size(); at += s.chunk_bytes)
          if (!write_piece(sink, frame.substr(at, s.chunk_bytes))) return false;
        return true;
      };
      for (std::size_t i = 0; i < limit; ++i) {
        sleep_or_stop(s.token_delay);
        if (stopping() || !send(comment + token_frame(kind, s.tokens[i % s.tokens.size()], model, eol))) return false;
      }
      if (!trailer.empty() && !send(trailer)) return false;
    }
    if (s.hang_after) {
      hang();
      return false;
    }
    if (s.disconnect_after) return false;  // drops the connection without the final chunk
    sink.done();
    return true;
  }

  const WireFormat format_;
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::deque<Script> scripts_;
  Script default_script_;
  std::vector<std::string> models_{"qwen2.5-coder:7b"};
  std::string tags_body_ = tags_body(models_);
  std::size_t context_length_ = 0;
  std::string openai_models_body_ = openai_models_body(models_, 0);
  std::string version_ = "0.5.7";
  int discovery_status_ = 200;
  bool discovery_held_ = false;
  bool fim_capable_ = true;
  std::string api_key_;
  bool echo_authorization_ = false;
  std::vector<RecordedRequest> requests_;
  std::size_t aborted_streams_ = 0;
  std::vector<std::chrono::steady_clock::time_point> write_times_;
  std::size_t hung_ = 0;
  std::uint64_t release_generation_ = 0;
};

}  // namespace cc::testing
