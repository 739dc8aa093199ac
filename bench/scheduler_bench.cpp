// Scheduler throughput and overhead (printed figures, not tests):
//   1,000 requests queued at once against a fake backend of fixed latency L with K parallel
//   slots → success rate, throughput as a share of the ideal K/L (target ≥ 95 %), and the
//   overhead the scheduler adds to one request (target < 50 µs).
#include <benchmark/benchmark.h>

#include <cstdio>

#include "bench/support/generation_measures.h"

namespace {

void BM_SchedulerQueuedThroughput(benchmark::State& state) {
  const auto latency = std::chrono::milliseconds(state.range(0));
  const auto slots = static_cast<std::size_t>(state.range(1));
  cc::gen::SchedulerBenchResult r;
  for (auto _ : state) r = cc::gen::run_scheduler_bench(1000, latency, slots);
  state.counters["success_pct"] = 100.0 * static_cast<double>(r.succeeded) / static_cast<double>(r.requests);
  state.counters["throughput_rps"] = r.throughput_rps;
  state.counters["ideal_rps"] = r.ideal_rps;
  state.counters["efficiency_pct"] = 100.0 * r.efficiency;
  state.counters["overhead_us"] = r.overhead_us;
  std::printf("scheduler L=%lld ms K=%zu: %zu/%zu ok, %.1f req/s of ideal %.1f (%.1f %%, target >= 95 %%), "
              "overhead %.1f us/request (target < 50)\n",
              static_cast<long long>(latency.count()), slots, r.succeeded, r.requests, r.throughput_rps, r.ideal_rps,
              100.0 * r.efficiency, r.overhead_us);
}
BENCHMARK(BM_SchedulerQueuedThroughput)->Args({20, 8})->Args({5, 4})->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
