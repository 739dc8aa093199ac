#include "server/signal_watch.h"

#include <spdlog/spdlog.h>

namespace cc::server {

struct SignalWatch::Handle {
  uv_signal_t signal{};
  std::function<void(int)> fn;
};

SignalWatch::SignalWatch(EventLoop& loop, std::initializer_list<int> signals, std::function<void(int)> on_signal) {
  for (int signum : signals) {
    auto* h = new Handle;
    h->fn = on_signal;
    uv_signal_init(loop.raw(), &h->signal);
    h->signal.data = h;
    int rc = uv_signal_start(
        &h->signal,
        [](uv_signal_t* s, int got) {
          auto* handle = static_cast<Handle*>(s->data);
          if (handle->fn) handle->fn(got);
        },
        signum);
    if (rc != 0) spdlog::warn("cannot watch signal {}: {}", signum, uv_strerror(rc));
    uv_unref(reinterpret_cast<uv_handle_t*>(&h->signal));
    handles_.push_back(h);
  }
}

SignalWatch::~SignalWatch() {
  for (Handle* h : handles_) {
    h->fn = nullptr;
    auto* raw = reinterpret_cast<uv_handle_t*>(&h->signal);
    if (!uv_is_closing(raw)) uv_close(raw, [](uv_handle_t* c) { delete static_cast<Handle*>(c->data); });
  }
}

}  // namespace cc::server
