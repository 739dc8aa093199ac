#pragma once
// Byte transport for the server: reads the input fd on the loop and writes frames to the
// output fd.
//
// Input may be a pipe, a socket, a tty or a regular file (tests redirect `< transcript`):
// uv_guess_handle picks a stream handle where libuv can poll one, and a blocking reader
// thread that posts chunks to the loop otherwise (a regular file cannot join epoll).
// Output is written synchronously on the loop thread, one whole frame per call, so frames
// never interleave and nothing is lost at exit. Loop thread only, except where noted.
#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "server/event_loop.h"

namespace cc::server {

class StdioTransport {
 public:
  using DataFn = std::function<void(std::string_view)>;
  using EofFn = std::function<void()>;

  StdioTransport(EventLoop& loop, int in_fd, int out_fd);
  ~StdioTransport();
  StdioTransport(const StdioTransport&) = delete;
  StdioTransport& operator=(const StdioTransport&) = delete;

  // Starts reading; on_data gets every chunk in order, on_eof once at end of input or on a
  // read error. Returns an error message when the input cannot be read at all.
  std::string start(DataFn on_data, EofFn on_eof);
  void stop_reading();

  // Writes all bytes (blocking). False once the peer is gone (EPIPE), after which further
  // writes are dropped silently: an orphaned server must not spin logging errors.
  bool write(std::string_view bytes);
  [[nodiscard]] bool broken() const { return broken_; }
  [[nodiscard]] std::uint64_t bytes_written() const { return bytes_written_; }

 private:
  struct Stream;
  void start_reader_thread();

  EventLoop& loop_;
  int in_fd_;
  int out_fd_;
  DataFn on_data_;
  EofFn on_eof_;
  Stream* stream_ = nullptr;  // uv stream state, freed by its close callback
  std::thread reader_;
  std::atomic<bool> stop_reader_{false};
  bool eof_sent_ = false;
  bool broken_ = false;
  std::uint64_t bytes_written_ = 0;
};

}  // namespace cc::server
