#include "bench/support/router_measures.h"

#include <time.h>

#include <memory>
#include <string>
#include <vector>

#include "generation/router/router.h"
#include "generation/backends/stream_parsers.h"

namespace cc::gen {
namespace {

// A backend that must never be called: decide() does no I/O.
class IdleBackend final : public EndpointBackend {
 public:
  explicit IdleBackend(EndpointConfig config) : config_(std::move(config)) {}
  const EndpointConfig& config() const override { return config_; }
  BackendOutcome generate_detailed(const GenerationRequest&, const TokenCallback&, const CancelToken&) override {
    BackendOutcome o;
    o.result.error = ErrorKind::Unavailable;
    o.result.error_message = "bench backend";
    return o;
  }
  ProbeResult probe(const CancelToken&) override { return {}; }

 private:
  EndpointConfig config_;
};

// CPU time of the calling thread: the figures stay meaningful on a machine shared with
// other work (wall-clock rates drop with the load average, CPU-time rates do not).
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::unique_ptr<Router> bench_router(bool cached) {
  BackendConfig config = default_backend_config();
  config.endpoints.push_back(EndpointConfig{"ollama-2", BackendKind::Ollama, "http://127.0.0.1:11435", Tier::Quality, "m", 2, "", "15m"});
  config.routing.decision_cache_size = cached ? 1024 : 0;
  std::vector<std::unique_ptr<EndpointBackend>> backends;
  for (const auto& e : config.endpoints) backends.push_back(std::make_unique<IdleBackend>(e));
  return std::make_unique<Router>(config, std::move(backends));
}

std::vector<GenerationRequest> bench_requests() {
  std::vector<GenerationRequest> out;
  const TaskType tasks[] = {TaskType::Format, TaskType::Edit, TaskType::Debugging, TaskType::Security};
  for (TaskType t : tasks) {
    GenerationRequest r;
    r.task = t;
    r.messages = {{"system", "You are a careful senior engineer."},
                  {"user", "Please look at this function and fix the off-by-one error in the loop:\n"
                           "for (int i = 0; i <= n; ++i) { sum += values[i]; }"}};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

double measure_router_decisions_per_sec(bool cached, std::chrono::milliseconds duration) {
  auto router = bench_router(cached);
  auto requests = bench_requests();
  const double budget = std::chrono::duration<double>(duration).count();
  const double start = thread_cpu_seconds();
  std::uint64_t count = 0;
  std::size_t sink = 0;
  double elapsed = 0;
  do {
    for (int i = 0; i < 256; ++i) {
      RouteDecision d = router->decide(requests[count % requests.size()]);
      sink += d.endpoint.size();
      ++count;
    }
    elapsed = thread_cpu_seconds() - start;
  } while (elapsed < budget);
  return sink == 0 ? 0 : static_cast<double>(count) / elapsed;
}

double measure_parser_token_latency_us(bool sse, int frames) {
  std::string frame = sse ? "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token\"},\"finish_reason\":null}]}\n\n"
                          : "{\"model\":\"m\",\"created_at\":\"2024-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"token\"},\"done\":false}\n";
  using clock = std::chrono::steady_clock;
  NdjsonStreamParser ndjson;
  SseStreamParser events;
  clock::time_point delivered;
  std::size_t tokens = 0;
  FrameSink sink = [&](const StreamFrame& f) {
    if (!f.text.empty()) {
      delivered = clock::now();
      ++tokens;
    }
  };
  double total_us = 0;
  for (int i = 0; i < frames; ++i) {
    auto arrived = clock::now();
    if (sse) events.feed(frame, sink);
    else ndjson.feed(frame, sink);
    total_us += std::chrono::duration<double, std::micro>(delivered - arrived).count();
  }
  return tokens ? total_us / static_cast<double>(tokens) : 0;
}

}  // namespace cc::gen
