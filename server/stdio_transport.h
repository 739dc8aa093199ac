#pragma once
// Byte transport for the server: reads the input fd on the loop and writes frames to the
// output fd.
//
// Input may be a pipe, a socket, a tty or a regular file (tests redirect `< transcript`):
// uv_guess_handle picks a stream handle where libuv can poll one, and a blocking reader
// thread that posts chunks to the loop otherwise (a regular file cannot join epoll).
// Output goes out whole frames in order from the loop thread. To a pipe, socket or tty it
// is non-blocking: what the peer cannot take yet waits in a queue flushed when the fd is
// writable, so a client that is slow to read never freezes the loop (input, cancellation
// and worker results keep flowing). The queue is bounded: past kMaxQueuedOutput bytes the
// writer blocks until the peer drains it (back-pressure instead of unbounded memory).
// finish_output() drains the queue before exit so nothing is lost. Regular files and
// /dev/null are written synchronously. A pipe or socket is also watched while idle, so a
// client that closes its end of our output is noticed at once (on_broken), not at the
// next write. Loop thread only, except where noted.
#include <atomic>
#include <deque>
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
  using BrokenFn = std::function<void()>;

  StdioTransport(EventLoop& loop, int in_fd, int out_fd);
  ~StdioTransport();
  StdioTransport(const StdioTransport&) = delete;
  StdioTransport& operator=(const StdioTransport&) = delete;

  // Starts reading; on_data gets every chunk in order, on_eof once at end of input or on a
  // read error, on_broken once when the output's reader is gone (it may run inside write():
  // it should only schedule work). Returns an error message when the input cannot be read.
  std::string start(DataFn on_data, EofFn on_eof, BrokenFn on_broken = {});
  void stop_reading();

  static constexpr std::size_t kMaxQueuedOutput = 64u << 20;

  // Queues or writes all bytes. False once the peer is gone (EPIPE), after which further
  // writes are dropped silently: an orphaned server must not spin logging errors.
  bool write(std::string_view bytes);
  // Writes everything still queued (blocking, at most timeout_ms without progress) and
  // stops watching the output fd. Call before the loop closes.
  void finish_output(int timeout_ms = 5000);
  [[nodiscard]] bool broken() const { return broken_; }
  [[nodiscard]] std::uint64_t bytes_written() const { return bytes_written_; }
  [[nodiscard]] std::size_t bytes_queued() const { return queued_bytes_; }

 private:
  struct Stream;
  struct OutputWatch;
  void start_reader_thread();
  // Writes from the queue without blocking; false when the peer is gone.
  bool write_queued();
  bool write_some(std::string_view& bytes);  // one write() call; false when the peer is gone
  void drain_blocking(int timeout_ms);
  void mark_broken(const char* why);
  void watch_output(bool writable);  // (re)arms the output poll: disconnect, and room when asked
  [[nodiscard]] bool peer_gone() const;

  EventLoop& loop_;
  int in_fd_;
  int out_fd_;
  DataFn on_data_;
  EofFn on_eof_;
  BrokenFn on_broken_;
  Stream* stream_ = nullptr;  // uv stream state, freed by its close callback
  std::thread reader_;
  std::atomic<bool> stop_reader_{false};
  bool eof_sent_ = false;
  bool broken_ = false;
  std::uint64_t bytes_written_ = 0;
  OutputWatch* output_watch_ = nullptr;  // non-null when output is non-blocking
  int out_flags_ = -1;                   // the output fd's flags before we changed them
  std::deque<std::string> queue_;
  std::size_t queue_front_offset_ = 0;  // bytes of queue_.front() already written
  std::size_t queued_bytes_ = 0;
};

}  // namespace cc::server
