// Bench area 4: resident memory before, at peak and after 10,000 document open/change/close
// cycles through an in-process server and 10,000 generation requests through the engine (fake
// in-process generator, memory-only cache). Growth after the run must stay under 5 MB.
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <functional>
#include <mutex>

#include "generation/engine.h"
#include "protocol/frame_decoder.h"
#include "protocol/json_wire.h"
#include "bench/areas/bench_area.h"
#include "bench/areas/fake_generator.h"
#include "server/event_loop.h"
#include "server/features/install.h"
#include "server/server.h"

namespace cc::server::bench {
namespace {

using nlohmann::json;

std::string frame(const json& message) { return protocol::encode_frame(protocol::dump_wire(message)); }

// A server that reads nothing and writes to /dev/null; fed framed JSON directly.
class InProcessServer {
 public:
  InProcessServer() {
    ServerOptions options;
    in_fd_ = ::open("/dev/null", O_RDONLY);
    out_fd_ = ::open("/dev/null", O_WRONLY);
    options.in_fd = in_fd_;
    options.out_fd = out_fd_;
    options.analysis_threads = 0;
    options.file_config = json{{"ai", {{"enabled", false}}}};
    server_ = std::make_unique<Server>(loop_, options);
    install_features(*server_);
    send({{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"}, {"params", {{"capabilities", json::object()}}}});
    send({{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}});
  }
  ~InProcessServer() {
    send({{"jsonrpc", "2.0"}, {"id", "shutdown"}, {"method", "shutdown"}});
    send({{"jsonrpc", "2.0"}, {"method", "exit"}});
    server_.reset();
    if (in_fd_ >= 0) ::close(in_fd_);
    if (out_fd_ >= 0) ::close(out_fd_);
  }
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  void send(const json& message) { server_->on_bytes(frame(message)); }

  // didOpen → didChange (an incremental edit) → didClose of one document.
  void document_cycle(int i) {
    const std::string uri = "file:///bench/doc" + std::to_string(i % 97) + ".py";
    const std::string text = "import os\n\ndef handler(request):\n    value = request.args.get('q')\n    return value\n";
    send({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
          {"params", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", text}}}}}});
    send({{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
          {"params", {{"textDocument", {{"uri", uri}, {"version", 2}}},
                      {"contentChanges", json::array({{{"range", {{"start", {{"line", 3}, {"character", 4}}}, {"end", {{"line", 3}, {"character", 9}}}}},
                                                       {"text", "result" + std::to_string(i)}}})}}}});
    send({{"jsonrpc", "2.0"}, {"method", "textDocument/didClose"}, {"params", {{"textDocument", {{"uri", uri}}}}}});
  }

 private:
  int in_fd_ = -1, out_fd_ = -1;
  EventLoop loop_;
  std::unique_ptr<Server> server_;
};

gen::EngineConfig memory_only_engine_config() {
  gen::EngineConfig config;
  config.cache.enabled = true;
  config.cache.disk = false;
  config.cache.redis.clear();
  return config;
}

// Submits `count` requests with at most `window` in flight; returns how many succeeded.
// The counters live in a shared block: an engine callback may still be unlocking after the
// last wait returns.
std::size_t run_generation_requests(gen::Engine& engine, int count, int window, const std::function<void(int)>& on_progress) {
  struct State {
    std::mutex mutex;
    std::condition_variable cv;
    int in_flight = 0;
    std::size_t ok = 0;
  };
  auto state = std::make_shared<State>();
  for (int i = 0; i < count; ++i) {
    {
      std::unique_lock lock(state->mutex);
      state->cv.wait_for(lock, std::chrono::seconds(30), [&] { return state->in_flight < window; });
      ++state->in_flight;
    }
    gen::GenerationRequest request;
    request.task = gen::TaskType::Edit;
    request.temperature = 0;  // reproducible: cacheable
    request.messages = {{"user", "Rename the variable in function number " + std::to_string(i)}};
    engine.submit(std::move(request), {}, [state](gen::GenerationResult r) {
      std::lock_guard lock(state->mutex);
      state->ok += r.ok();
      --state->in_flight;
      state->cv.notify_all();
    });
    on_progress(i);
  }
  std::unique_lock lock(state->mutex);
  state->cv.wait_for(lock, std::chrono::seconds(60), [&] { return state->in_flight == 0; });
  return state->ok;
}

}  // namespace

BenchArea run_memory_area(const BenchOptions& options) {
  BenchArea area;
  area.id = "memory";
  area.title = "Memory";
  // Quick mode: a fifth of the work (the full counts take ~15 s in a Debug build).
  const int cycles = options.quick ? 2'000 : 10'000;
  const int requests = options.quick ? 2'000 : 10'000;
  const int sample_every = options.quick ? 200 : 250;
  BenchChart timeline{"Resident memory over the run", "MB", true, {}};
  auto sample = [&](double x) {
    double mb = static_cast<double>(current_rss_kb()) / 1024.0;
    timeline.points.push_back({std::to_string(x), mb});
    return mb;
  };

  // Warm-up: one-time allocations (rule tables, logger, allocator arenas) are not growth.
  {
    InProcessServer warm;
    for (int i = 0; i < 100; ++i) warm.document_cycle(i);
    auto engine = gen::Engine::with_generator(std::make_shared<FakeGenerator>(), memory_only_engine_config());
    run_generation_requests(*engine, 100, 64, [](int) {});
  }
  ::malloc_trim(0);
  const double before = sample(0);
  double peak = before;
  std::size_t generated = 0;
  {
    InProcessServer server;
    for (int i = 0; i < cycles; ++i) {
      server.document_cycle(i);
      if ((i + 1) % sample_every == 0) peak = std::max(peak, sample(i + 1));
    }
    auto engine = gen::Engine::with_generator(std::make_shared<FakeGenerator>(), memory_only_engine_config());
    generated = run_generation_requests(*engine, requests, 256, [&](int i) {
      if ((i + 1) % sample_every == 0) peak = std::max(peak, sample(cycles + i + 1));
    });
    peak = std::max(peak, sample(cycles + requests));
  }
  ::malloc_trim(0);
  const double after = sample(cycles + requests + 1);
  area.metrics.push_back(metric_info("rssBeforeMB", "RSS before", before, "MB"));
  area.metrics.push_back(metric_info("rssPeakMB", "RSS at peak", peak, "MB"));
  area.metrics.push_back(metric_info("rssAfterMB", "RSS after", after, "MB"));
  area.metrics.push_back(metric_below("growthMB", "growth after the run", after - before, "MB", 5));
  area.metrics.push_back(metric_at_least("generationSuccessPct", "generation requests answered",
                                         100.0 * static_cast<double>(generated) / requests, "%", 100));
  area.charts.push_back(timeline);
  area.details = {{"documentCycles", cycles}, {"generationRequests", requests}, {"generationSucceeded", generated}};
  area.notes.push_back("x axis of the timeline: document cycles, then generation requests; RSS from /proc/self/status "
                       "VmRSS; 'before' after a 100-cycle warm-up; malloc_trim(0) before 'before' and 'after'");
  return area;
}

}  // namespace cc::server::bench
