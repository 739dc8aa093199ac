#pragma once
// Turns termination signals into a callback on the loop thread (uv_signal), so SIGTERM,
// SIGINT and SIGHUP end the server the way closing stdin does: queued output flushed, whole
// frames only, exit code from the lifecycle, instead of the default action killing the
// process mid-write. The handles never keep the loop alive.
// Loop thread only. Destroying the watch closes its handles (freed by their close callbacks),
// so the loop must run once more afterwards, as EventLoop's destructor does.
#include <functional>
#include <initializer_list>
#include <vector>

#include "server/event_loop.h"

namespace cc::server {

class SignalWatch {
 public:
  SignalWatch(EventLoop& loop, std::initializer_list<int> signals, std::function<void(int)> on_signal);
  ~SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

 private:
  struct Handle;
  std::vector<Handle*> handles_;
};

}  // namespace cc::server
