// Response cache hit latency per tier (printed figures, not tests): memory (target < 5 µs),
// disk (target < 200 µs), Redis on loopback (target < 1 ms; only when CC_REDIS_URL points at a
// reachable server).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "bench/support/generation_measures.h"

namespace {

void BM_CacheHitLatency(benchmark::State& state) {
  const char* env = std::getenv("CC_REDIS_URL");
  auto dir = std::filesystem::temp_directory_path() / ("cc-cache-bench-" + std::to_string(::getpid()));
  cc::gen::CacheBenchResult r;
  for (auto _ : state) r = cc::gen::run_cache_bench(20000, dir, env ? env : "");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  state.counters["memory_us"] = r.memory_hit_us;
  state.counters["disk_us"] = r.disk_hit_us;
  if (r.redis_hit_us >= 0) state.counters["redis_us"] = r.redis_hit_us;
  std::printf("cache hit: memory %.2f us (target < 5), disk %.1f us (target < 200), redis %s\n", r.memory_hit_us,
              r.disk_hit_us,
              r.redis_hit_us >= 0 ? (std::to_string(r.redis_hit_us) + " us (target < 1000)").c_str()
                                  : ("skipped: " + r.redis_note).c_str());
}
BENCHMARK(BM_CacheHitLatency)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
