#pragma once
// Starts tests/real_engine/server.mjs (llama.cpp via node-llama-cpp, tiny random GGUF model)
// as a child process for C++ tests, and talks to its debug routes.
//
// The server prints `LISTENING <port>` once the model is loaded; start() waits for that line
// (bounded). Destruction closes the child's stdin, on which the server exits
// (--exit-on-stdin-eof), so a crashed test never leaves a server behind.
//
// Thread-safety: start()/destruction on one thread; the accessors and the debug calls may be
// used from any thread.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"

namespace cc::test {

class RealEngineServer {
 public:
  // Why the tier cannot run here ("" when it can): node missing or < 20, npm packages absent.
  static std::string unavailable_reason();

  // nullptr + `error` (with the server's log tail) when it did not come up in `timeout`.
  static std::unique_ptr<RealEngineServer> start(const std::vector<std::string>& extra_args, std::string* error,
                                                 std::chrono::milliseconds timeout = std::chrono::seconds(120));

  ~RealEngineServer();

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::string ollama_url() const { return base_url(); }
  [[nodiscard]] std::string openai_url() const { return base_url() + "/v1"; }
  [[nodiscard]] const std::string& model_name() const { return model_name_; }

  // GET /debug/wait_idle: the server's counters once no request is in flight (nullopt when it
  // stays busy past `timeout` or does not answer).
  [[nodiscard]] std::optional<nlohmann::json> wait_idle(std::chrono::milliseconds timeout) const;

  // GET /debug/stats: the counters right now ({requests, active, cancelled, history, ...}).
  [[nodiscard]] std::optional<nlohmann::json> stats() const;

  // Last `lines` lines of the server's stderr log, for failure messages.
  [[nodiscard]] std::string log_tail(std::size_t lines = 20) const;

 private:
  RealEngineServer(ChildProcess child, int port, std::string log_path);

  ChildProcess child_;
  int port_;
  std::string log_path_;
  std::string model_name_ = "tiny-random:latest";
};

// A loopback port with nothing listening (bound but not listening, so connects are refused
// and nobody else can take it while the holder lives).
class RefusedPort {
 public:
  RefusedPort();
  ~RefusedPort();
  RefusedPort(const RefusedPort&) = delete;
  RefusedPort& operator=(const RefusedPort&) = delete;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace cc::test
