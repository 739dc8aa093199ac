#include "server/stdio_transport.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <spdlog/spdlog.h>

namespace cc::server {

struct StdioTransport::Stream {
  union {
    uv_pipe_t pipe;
    uv_tty_t tty;
    uv_tcp_t tcp;
  } h;
  StdioTransport* owner = nullptr;
  uv_stream_t* stream() { return reinterpret_cast<uv_stream_t*>(&h); }
};

struct StdioTransport::OutputWatch {
  uv_poll_t poll;
  StdioTransport* owner = nullptr;
  bool active = false;
  bool disconnect = true;  // watching for the reader to go away
};

StdioTransport::StdioTransport(EventLoop& loop, int in_fd, int out_fd)
    : loop_(loop), in_fd_(in_fd), out_fd_(out_fd) {
  // Pipes and sockets only: a tty's file description is shared with the user's shell, which
  // would be left non-blocking.
  uv_handle_type type = uv_guess_handle(out_fd_);
  if (type != UV_NAMED_PIPE && type != UV_TCP) return;
  out_flags_ = ::fcntl(out_fd_, F_GETFL);
  if (out_flags_ < 0 || ::fcntl(out_fd_, F_SETFL, out_flags_ | O_NONBLOCK) != 0) {
    spdlog::debug("output stays blocking: {}", std::strerror(errno));
    out_flags_ = -1;
    return;
  }
  auto* watch = new OutputWatch;
  if (int rc = uv_poll_init(loop_.raw(), &watch->poll, out_fd_); rc != 0) {
    spdlog::debug("output stays blocking: {}", uv_strerror(rc));
    delete watch;
    return;
  }
  watch->owner = this;
  watch->poll.data = watch;
  output_watch_ = watch;
}

StdioTransport::~StdioTransport() {
  stop_reading();
  if (reader_.joinable()) reader_.detach();  // blocked in read(); it only posts to a closed loop
  finish_output(1000);
}

std::string StdioTransport::start(DataFn on_data, EofFn on_eof, BrokenFn on_broken) {
  on_data_ = std::move(on_data);
  on_eof_ = std::move(on_eof);
  on_broken_ = std::move(on_broken);
  if (output_watch_) watch_output(false);
  uv_handle_type type = uv_guess_handle(in_fd_);
  auto* s = new Stream;
  s->owner = this;
  int rc = UV_EINVAL;
  if (type == UV_NAMED_PIPE) {
    uv_pipe_init(loop_.raw(), &s->h.pipe, 0);
    rc = uv_pipe_open(&s->h.pipe, in_fd_);
  } else if (type == UV_TTY) {
    rc = uv_tty_init(loop_.raw(), &s->h.tty, in_fd_, 1);
  } else if (type == UV_TCP) {
    uv_tcp_init(loop_.raw(), &s->h.tcp);
    rc = uv_tcp_open(&s->h.tcp, in_fd_);
  } else {
    delete s;
    s = nullptr;
  }
  if (s && rc != 0) {
    spdlog::debug("cannot open input as a uv stream ({}); using a reader thread", uv_strerror(rc));
    uv_close(reinterpret_cast<uv_handle_t*>(&s->h), [](uv_handle_t* h) { delete reinterpret_cast<Stream*>(h); });
    s = nullptr;
  }
  if (!s) {
    start_reader_thread();
    return {};
  }
  stream_ = s;
  s->h.pipe.data = s;  // every union member starts with the same uv_handle_t fields
  rc = uv_read_start(
      s->stream(),
      [](uv_handle_t*, size_t suggested, uv_buf_t* buf) {
        buf->base = new char[suggested];
        buf->len = suggested;
      },
      [](uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
        std::unique_ptr<char[]> data(buf->base);
        auto* self = static_cast<Stream*>(stream->data)->owner;
        if (!self) return;
        if (nread > 0) {
          self->on_data_(std::string_view(buf->base, static_cast<std::size_t>(nread)));
        } else if (nread < 0) {
          if (nread != UV_EOF) spdlog::error("reading input: {}", uv_strerror(static_cast<int>(nread)));
          self->stop_reading();
          if (!self->eof_sent_) {
            self->eof_sent_ = true;
            self->on_eof_();
          }
        }
      });
  if (rc != 0) return std::string("cannot read input: ") + uv_strerror(rc);
  return {};
}

void StdioTransport::start_reader_thread() {
  reader_ = std::thread([this] {
    std::string chunk(64 * 1024, '\0');
    for (;;) {
      ssize_t n = ::read(in_fd_, chunk.data(), chunk.size());
      if (n < 0 && (errno == EINTR)) continue;
      if (n < 0 && errno == EAGAIN) {  // someone made the fd non-blocking
        pollfd p{in_fd_, POLLIN, 0};
        ::poll(&p, 1, 1000);
        if (stop_reader_) return;
        continue;
      }
      if (stop_reader_) return;
      if (n <= 0) {
        if (n < 0) spdlog::error("reading input: {}", std::strerror(errno));
        loop_.post([this] {
          if (!eof_sent_) {
            eof_sent_ = true;
            on_eof_();
          }
        });
        return;
      }
      loop_.post([this, data = std::string(chunk.data(), static_cast<std::size_t>(n))] {
        if (!stop_reader_) on_data_(data);
      });
    }
  });
}

void StdioTransport::stop_reading() {
  stop_reader_ = true;
  if (stream_) {
    Stream* s = stream_;
    stream_ = nullptr;
    s->owner = nullptr;
    uv_read_stop(s->stream());
    if (!uv_is_closing(reinterpret_cast<uv_handle_t*>(&s->h)))
      uv_close(reinterpret_cast<uv_handle_t*>(&s->h), [](uv_handle_t* h) { delete reinterpret_cast<Stream*>(h); });
  }
}

bool StdioTransport::write_some(std::string_view& bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(out_fd_, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      bytes_written_ += static_cast<std::uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // the peer is full
    mark_broken(n < 0 ? std::strerror(errno) : "short write");
    return false;
  }
  return true;
}

void StdioTransport::mark_broken(const char* why) {
  if (broken_) return;
  broken_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  queue_front_offset_ = 0;
  spdlog::warn("output closed ({}); dropping further messages", why);
  if (output_watch_ && output_watch_->active) {
    uv_poll_stop(&output_watch_->poll);
    output_watch_->active = false;
  }
  if (on_broken_) on_broken_();
}

bool StdioTransport::peer_gone() const {
  pollfd p{out_fd_, 0, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0;
}

void StdioTransport::watch_output(bool writable) {
  OutputWatch* watch = output_watch_;
  if (!watch || broken_) return;
  const int events = (watch->disconnect ? UV_DISCONNECT : 0) | (writable ? UV_WRITABLE : 0);
  watch->active = events != 0;
  if (!watch->active) {
    uv_poll_stop(&watch->poll);
    return;
  }
  // A pipe's writer sees EPOLLERR once the reader closes (libuv reports it as a poll error,
  // UV_DISCONNECT on sockets): the watch stays armed while idle to notice that.
  uv_poll_start(&watch->poll, events, [](uv_poll_t* handle, int status, int got) {
    auto* w = static_cast<OutputWatch*>(handle->data);
    StdioTransport* self = w->owner;
    if (!self) return;
    if (status < 0 || (got & UV_DISCONNECT)) {
      if (self->peer_gone()) {
        self->mark_broken("the client closed it");
        return;
      }
      // A socket whose peer only stopped sending: level-triggered, so stop asking.
      if (got & UV_DISCONNECT) w->disconnect = false;
    }
    if (status < 0) spdlog::debug("output poll: {}", uv_strerror(status));
    if (!self->write_queued()) return;
    self->watch_output(!self->queue_.empty());  // libuv stops the poll on an error: re-arm
  });
}

bool StdioTransport::write_queued() {
  while (!queue_.empty()) {
    std::string_view front(queue_.front());
    front.remove_prefix(queue_front_offset_);
    const std::size_t before = front.size();
    if (!write_some(front)) return false;
    queued_bytes_ -= before - front.size();
    if (!front.empty()) {
      queue_front_offset_ += before - front.size();
      return true;
    }
    queue_.pop_front();
    queue_front_offset_ = 0;
  }
  return true;
}

void StdioTransport::drain_blocking(int timeout_ms) {
  while (!broken_ && !queue_.empty()) {
    if (!write_queued() || queue_.empty()) return;
    pollfd p{out_fd_, POLLOUT, 0};
    int rc = ::poll(&p, 1, timeout_ms < 0 ? 1000 : timeout_ms);
    if (rc == 0 && timeout_ms >= 0) {
      spdlog::warn("the client did not read {} bytes of output; dropping them", queued_bytes_);
      return;
    }
  }
}

bool StdioTransport::write(std::string_view bytes) {
  if (broken_) return false;
  if (queue_.empty()) {  // the common case: the peer takes it all now
    if (!write_some(bytes)) return false;
    if (bytes.empty()) return true;
  }
  queue_.emplace_back(bytes);
  queued_bytes_ += bytes.size();
  if (!output_watch_) {
    // Blocking output whose file description someone else made non-blocking: wait for room.
    drain_blocking(-1);
    return !broken_;
  }
  if (queued_bytes_ > kMaxQueuedOutput) {
    spdlog::warn("the client is not reading ({} bytes queued); waiting for it", queued_bytes_);
    drain_blocking(-1);
    return !broken_;
  }
  watch_output(true);
  return true;
}

void StdioTransport::finish_output(int timeout_ms) {
  drain_blocking(timeout_ms);
  if (!output_watch_) return;
  OutputWatch* watch = output_watch_;
  output_watch_ = nullptr;
  watch->owner = nullptr;
  auto* handle = reinterpret_cast<uv_handle_t*>(&watch->poll);
  if (!uv_is_closing(handle)) uv_close(handle, [](uv_handle_t* h) { delete static_cast<OutputWatch*>(h->data); });
  if (out_flags_ >= 0) ::fcntl(out_fd_, F_SETFL, out_flags_);  // leave the fd as we found it
}

}  // namespace cc::server
