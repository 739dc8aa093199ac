#pragma once
// Minimal child-process runner for the real-engine tests: spawn with pipes, read lines from
// stdout with a bounded wait, run a command to completion with a deadline, and reap with a
// bounded wait (SIGKILL after it). POSIX only (posix_spawnp, poll, pidfd).
//
// Thread-safety: one ChildProcess is used by one thread at a time.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cc::test {

struct CommandResult {
  int exit_code = -1;  // -1 when it did not exit normally (signal, timeout)
  bool timed_out = false;
  std::string out;
  std::string err;
  std::string spawn_error;  // non-empty when the program could not be started
};

// Runs argv[0] (looked up in PATH) to completion; kills it after `timeout`. `stdin_text` is
// written to its stdin, which is then closed. `extra_env` ("KEY=VALUE") is added to (and
// overrides) this process's environment.
CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::string& stdin_text = "", const std::vector<std::string>& extra_env = {});

class ChildProcess {
 public:
  // Starts argv with stdin and stdout as pipes; stderr goes to `stderr_path` (appended).
  static std::optional<ChildProcess> spawn(const std::vector<std::string>& argv, const std::string& stderr_path,
                                           std::string* error);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ~ChildProcess();  // closes stdin, waits up to 15 s, then SIGKILL

  // One stdout line (without '\n'); nullopt on EOF or when `timeout` passes first.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  void close_stdin();
  // Exit status after waiting up to `timeout` (then SIGKILL); -1 for a signal death.
  int wait(std::chrono::milliseconds timeout);
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, int stdin_fd, int stdout_fd) : pid_(pid), stdin_fd_(stdin_fd), stdout_fd_(stdout_fd) {}

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
  bool reaped_ = false;
  int status_ = -1;
};

}  // namespace cc::test
