#pragma once
// Generation scheduler: priority queues, per-endpoint concurrency limits, a batching window
// for background work, single-flight for identical in-flight requests, a bounded queue and
// cancellation of queued and running work.
//
// Dispatch order: interactive > normal > background. Within a priority, FIFO, skipping a
// request whose endpoint is at its concurrency limit (so one saturated endpoint never blocks
// work bound elsewhere). Background requests are held until the batching window closes
// (batchMax requests collected or batchWindow elapsed since the oldest), then the whole batch
// becomes runnable at once so servers with parallel slots process it together; at most
// maxBatchesInFlight batches are released and not yet finished.
//
// Single-flight: requests submitted with the same non-empty flight key while one is queued or
// running share one backend call. Every waiter receives every token (late joiners first get
// the text streamed so far) and its own copy of the result. A waiter that cancels gets
// Cancelled at once; the backend call is cancelled only when no waiter is left. A joiner more
// urgent than a flight that has not started lifts the flight to its own priority.
//
// Threads: `workers` threads run Generator::generate (never libuv's pool); token callbacks
// and completions of generated work run on them. Completions that involve no generation
// (cancelled while queued, queue full, shutdown, post()) run on one notifier thread. Each
// submit() gets exactly one on_done call; a waiter's token callbacks never overlap or follow
// its on_done. Callbacks may call submit()/cancel freely (no scheduler lock is held).
//
// Thread-safety: all public methods may be called from any thread.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "generation/types.h"

namespace cc::gen {

struct SchedulerConfig {
  std::size_t max_queue = 1000;                   // queued (not running) requests
  std::chrono::milliseconds batch_window{500};    // background batching window
  std::size_t batch_max = 64;                     // background batch size
  std::size_t max_batches_in_flight = 3;
  std::size_t workers = 8;                        // generation threads
  std::size_t default_max_concurrent = 4;         // endpoint limit when the endpoint has no entry
  std::map<std::string, std::size_t> endpoint_limits;  // endpoint name → maxConcurrent
};

using DoneCallback = std::function<void(GenerationResult)>;

struct ScheduledRequest {
  GenerationRequest request;
  std::string flight_key;  // "" = never share
  TokenCallback on_token;  // may be empty
  DoneCallback on_done;    // required
  CancelToken cancel;
};

class Scheduler {
 public:
  // Which endpoint a request will use (Router::decide). Without one, every request counts
  // against a single global limit equal to `workers`.
  using EndpointResolver = std::function<std::string(const GenerationRequest&)>;

  Scheduler(SchedulerConfig config, std::shared_ptr<Generator> generator, EndpointResolver resolver = {});
  ~Scheduler();  // shutdown()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void submit(ScheduledRequest request);
  // Runs fn on the notifier thread (inline once shut down).
  void post(std::function<void()> fn);
  // Cancels queued work (on_done gets Cancelled), cancels running work, joins all threads.
  void shutdown();

  // {"interactive", "normal", "background", "running", "batchesInFlight", "endpoints": {name: running}}
  [[nodiscard]] nlohmann::json status() const;
  // Counters and waits p50/p99 per priority.
  [[nodiscard]] nlohmann::json metrics() const;

  struct Core;  // shared with cancel hooks, which may outlive the scheduler

 private:
  std::shared_ptr<Core> core_;
};

GenerationResult make_error_result(ErrorKind kind, std::string message);

}  // namespace cc::gen
