// Bench area 2: the scheduler. Throughput share of K/L and overhead come from
// bench/support/generation_measures.h; queue waits per priority from a second, mixed-priority run of the
// same size through a cc::gen::Scheduler (its metrics() keeps p50/p99 waits per priority).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bench/support/generation_measures.h"
#include "generation/scheduler/scheduler.h"
#include "bench/areas/bench_area.h"

namespace cc::server::bench {
namespace {

// K parallel slots of fixed latency L: the scheduler's workers are the slots.
class SleepingGenerator final : public gen::Generator {
 public:
  explicit SleepingGenerator(std::chrono::milliseconds latency) : latency_(latency) {}
  gen::GenerationResult generate(const gen::GenerationRequest&, const gen::TokenCallback& on_token,
                                 const CancelToken&) override {
    std::this_thread::sleep_for(latency_);
    if (on_token) on_token("ok");
    gen::GenerationResult r;
    r.text = "ok";
    r.finish_reason = "stop";
    return r;
  }

 private:
  std::chrono::milliseconds latency_;
};

struct MixedRun {
  std::size_t succeeded = 0;
  double seconds = 0;
  nlohmann::json waits;
};

MixedRun run_mixed_priorities(std::size_t requests, std::chrono::milliseconds latency, std::size_t slots) {
  gen::SchedulerConfig config;
  config.workers = slots;
  config.default_max_concurrent = slots;
  config.max_queue = requests + 1;
  config.batch_window = std::chrono::milliseconds(20);
  gen::Scheduler scheduler(config, std::make_shared<SleepingGenerator>(latency));
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t remaining = requests, ok = 0;
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < requests; ++i) {
    gen::GenerationRequest request;
    request.messages = {{"user", "mixed request " + std::to_string(i)}};
    // 20 % interactive, 50 % normal, 30 % background.
    std::size_t slot = i % 10;
    request.priority = slot < 2 ? gen::Priority::Interactive : slot < 7 ? gen::Priority::Normal : gen::Priority::Background;
    scheduler.submit({std::move(request), "", {}, [&](gen::GenerationResult r) {
                        std::lock_guard lock(mutex);
                        ok += r.ok();
                        if (--remaining == 0) cv.notify_all();
                      }, {}});
  }
  MixedRun run;
  {
    std::unique_lock lock(mutex);
    // Bounded: 10x the ideal duration plus slack.
    auto ideal = latency * static_cast<long>(requests / slots + 1);
    cv.wait_for(lock, ideal * 10 + std::chrono::seconds(10), [&] { return remaining == 0; });
    run.succeeded = ok;
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.waits = scheduler.metrics().value("waits", nlohmann::json::object());
  return run;
}

}  // namespace

BenchArea run_scheduler_area(const BenchOptions& options) {
  BenchArea area;
  area.id = "scheduler";
  area.title = "Batching / scheduler";
  const std::size_t requests = 1000;
  const std::size_t slots = 8;
  const auto latency = std::chrono::milliseconds(options.quick ? 5 : 20);
  auto r = gen::run_scheduler_bench(requests, latency, slots);
  double success = r.requests ? 100.0 * static_cast<double>(r.succeeded) / static_cast<double>(r.requests) : 0;
  area.metrics.push_back(metric_at_least("successRatePct", "success rate", success, "%", 100));
  area.metrics.push_back(metric_at_least("throughputSharePct", "throughput share of K/L", 100.0 * r.efficiency, "%", 95));
  area.metrics.push_back(metric_info("throughputRps", "throughput", r.throughput_rps, "/s"));
  area.metrics.push_back(metric_below("overheadUs", "overhead per request", r.overhead_us, "µs", 50));

  auto mixed = run_mixed_priorities(requests, latency, slots);
  double mixed_success = 100.0 * static_cast<double>(mixed.succeeded) / static_cast<double>(requests);
  area.metrics.push_back(metric_at_least("mixedSuccessRatePct", "mixed priorities: success rate", mixed_success, "%", 100));
  BenchChart waits{"Queue wait per priority (mixed run)", "ms", false, {}};
  for (const char* priority : {"interactive", "normal", "background"}) {
    auto summary = mixed.waits.value(priority, nlohmann::json::object());
    double p50 = summary.value("p50Ms", 0.0), p99 = summary.value("p99Ms", 0.0);
    area.metrics.push_back(metric_info(std::string(priority) + "WaitP50Ms", std::string(priority) + " queue wait p50", p50, "ms"));
    area.metrics.push_back(metric_info(std::string(priority) + "WaitP99Ms", std::string(priority) + " queue wait p99", p99, "ms"));
    waits.points.push_back({std::string(priority) + " p50", p50});
    waits.points.push_back({std::string(priority) + " p99", p99});
  }
  area.charts.push_back(waits);
  area.details = {{"requests", requests}, {"slots", slots}, {"latencyMs", latency.count()},
                  {"result", gen::to_json(r)}, {"mixed", {{"seconds", mixed.seconds}, {"waits", mixed.waits}}}};
  area.notes.push_back(std::to_string(requests) + " requests queued at once, K=" + std::to_string(slots) +
                       " slots, L=" + std::to_string(latency.count()) + " ms; mixed run: 20 % interactive, 50 % normal, 30 % background");
  return area;
}

}  // namespace cc::server::bench
