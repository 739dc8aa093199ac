#pragma once
// Test support: runs the real `codecrucible` binary as a child process speaking LSP over
// pipes, with bounded waits on everything (no sleeps). Header-only so any test area can
// include it.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/frame_decoder.h"
#include "protocol/json_wire.h"

extern char** environ;

namespace cc::testing {

using json = nlohmann::json;

class LspProcess {
 public:
  explicit LspProcess(std::vector<std::string> args, std::vector<std::string> extra_env = {}) {
    int in_pipe[2], out_pipe[2];
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_addclose(&actions, in_pipe[1]);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    for (auto& e : extra_env) env_strings.push_back(e);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    if (rc != 0) throw std::runtime_error(std::string("spawn failed: ") + std::strerror(rc));
    to_child_ = in_pipe[1];
    from_child_ = out_pipe[0];
    ::signal(SIGPIPE, SIG_IGN);
  }

  ~LspProcess() {
    close_input();
    if (from_child_ >= 0) ::close(from_child_);
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      int status;
      ::waitpid(pid_, &status, 0);
    }
  }

  void send_raw(const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::write(to_child_, bytes.data() + off, bytes.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }
  void send(const json& message) { send_raw(protocol::encode_frame(protocol::dump_wire(message))); }
  void request(const json& id, const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  }
  void notify(const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  void close_input() {
    if (to_child_ >= 0) ::close(to_child_);
    to_child_ = -1;
  }
  // Closes our end of the server's stdout, as a client that stops listening does.
  void close_output() {
    if (from_child_ >= 0) ::close(from_child_);
    from_child_ = -1;
    eof_ = true;
  }
  // Sends a signal to the server (it must be running).
  void signal(int signum) const { ::kill(pid_, signum); }

  // Next message from the server, or nullopt on timeout/EOF.
  std::optional<json> next(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received_.empty()) {
      if (eof_) return std::nullopt;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{from_child_, POLLIN, 0};
      int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0) return std::nullopt;
      char buf[65536];
      ssize_t n = ::read(from_child_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        eof_ = true;
        std::vector<protocol::FrameEvent> events;
        decoder_.finish(events);
        absorb(events);
        continue;
      }
      raw_bytes_ += static_cast<std::size_t>(n);
      std::vector<protocol::FrameEvent> events;
      decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)), events);
      absorb(events);
    }
    json m = std::move(received_.front());
    received_.pop_front();
    if (keep_history_) all_.push_back(m);
    return m;
  }

  // Waits for the first message satisfying pred; others are kept in history (all()).
  std::optional<json> wait_for(const std::function<bool(const json&)>& pred,
                               std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto m = next(left);
      if (!m) return std::nullopt;
      if (pred(*m)) return m;
    }
  }
  std::optional<json> wait_response(const json& id, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    return wait_for([&](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); }, timeout);
  }
  std::optional<json> wait_notification(const std::string& method,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    return wait_for([&](const json& m) { return !m.contains("id") && m.value("method", "") == method; }, timeout);
  }

  // Waits (bounded) for the child to exit; nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    if (exit_code_) return exit_code_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code_;
      }
      // Drain output meanwhile so the child never blocks on a full pipe.
      if (!eof_) next(std::chrono::milliseconds(20));
      else {
        pollfd none{-1, 0, 0};
        ::poll(&none, 0, 10);
      }
    }
    return std::nullopt;
  }

  // Reads everything until EOF (bounded) into history.
  void drain(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof_ && std::chrono::steady_clock::now() < deadline) next(std::chrono::milliseconds(100));
    while (!received_.empty()) next(std::chrono::milliseconds(0));
  }

  const std::vector<json>& all() const { return all_; }
  // Benchmarks turn the history off: a deep copy of every message is client work that would
  // be counted in the server's latency.
  void keep_history(bool keep) { keep_history_ = keep; }
  const std::vector<std::string>& framing_errors() const { return framing_errors_; }
  pid_t pid() const { return pid_; }

 private:
  void absorb(std::vector<protocol::FrameEvent>& events) {
    for (auto& e : events) {
      if (e.kind == protocol::FrameEvent::Kind::Error) {
        framing_errors_.push_back(e.text);
        continue;
      }
      json m = json::parse(e.text, nullptr, false);
      if (m.is_discarded()) framing_errors_.push_back("server sent a body that is not JSON: " + e.text.substr(0, 200));
      else received_.push_back(std::move(m));
    }
  }

  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  bool eof_ = false;
  bool keep_history_ = true;
  std::optional<int> exit_code_;
  std::size_t raw_bytes_ = 0;
  protocol::FrameDecoder decoder_;
  std::deque<json> received_;
  std::vector<json> all_;
  std::vector<std::string> framing_errors_;
};

// Subset match: every key in `expected` is in `actual` with a matching value; arrays must
// have the same length and match element-wise. Returns a path describing the first
// mismatch, or empty when it matches.
inline std::string json_mismatch(const json& expected, const json& actual, const std::string& path = "$") {
  if (expected.is_object()) {
    if (!actual.is_object()) return path + ": expected an object, got " + actual.dump();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) return path + "." + it.key() + ": missing";
      auto m = json_mismatch(it.value(), actual[it.key()], path + "." + it.key());
      if (!m.empty()) return m;
    }
    return {};
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size())
      return path + ": expected " + expected.dump() + ", got " + actual.dump();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      auto m = json_mismatch(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
      if (!m.empty()) return m;
    }
    return {};
  }
  if (expected == actual) return {};
  return path + ": expected " + expected.dump() + ", got " + actual.dump();
}

}  // namespace cc::testing
