// Bench area 5: the response cache. Hit latency per tier from bench/support/generation_measures.h
// (Redis when CC_REDIS_URL is set), miss latency of the memory and disk tiers, and the hit
// ratio of a repeated workload (Zipf-like draws from 100 prompts) through the engine.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <system_error>

#include "bench/support/generation_measures.h"
#include "generation/cache/cache.h"
#include "generation/cache/disk_cache.h"
#include "generation/cache/memory_cache.h"
#include "generation/engine.h"
#include "bench/areas/bench_area.h"
#include "bench/areas/fake_generator.h"

namespace cc::server::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

template <typename Fn>
double mean_us(std::size_t iterations, Fn&& fn) {
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < iterations; ++i) fn(i);
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / static_cast<double>(iterations);
}

gen::GenerationRequest prompt_request(std::size_t prompt) {
  gen::GenerationRequest r;
  r.task = gen::TaskType::Explain;
  r.temperature = 0;
  r.messages = {{"user", "Explain function number " + std::to_string(prompt) + " of the module"}};
  return r;
}

}  // namespace

BenchArea run_cache_area(const BenchOptions& options) {
  BenchArea area;
  area.id = "cache";
  area.title = "Cache";
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec) / ("codecrucible-bench-cache-" + std::to_string(::getpid()));
  const char* redis_env = std::getenv("CC_REDIS_URL");
  std::string redis_url = redis_env ? redis_env : "";
  const std::size_t iterations = options.quick ? 2000 : 20000;
  auto hits = gen::run_cache_bench(iterations, dir / "hits", redis_url);
  area.metrics.push_back(metric_below("memoryHitUs", "memory tier hit", hits.memory_hit_us, "µs", 5));
  area.metrics.push_back(metric_below("diskHitUs", "disk tier hit", hits.disk_hit_us, "µs", 200));
  if (hits.redis_hit_us >= 0) {
    area.metrics.push_back(metric_below("redisHitUs", "Redis tier hit", hits.redis_hit_us, "µs", 1000));
  } else {
    area.notes.push_back("Redis tier skipped: " + hits.redis_note);
  }

  // Misses: lookups of keys that were never stored.
  gen::MemoryCache memory(64u << 20, std::chrono::hours(1));
  gen::DiskCache disk(dir / "misses", 64u << 20, std::chrono::hours(1));
  volatile std::size_t sink = 0;
  double memory_miss = mean_us(iterations, [&](std::size_t i) { sink = sink + memory.get("absent-" + std::to_string(i)).has_value(); });
  double disk_miss = mean_us(iterations, [&](std::size_t i) { sink = sink + disk.get(gen::cache_key(prompt_request(i))).has_value(); });
  area.metrics.push_back(metric_info("memoryMissUs", "memory tier miss", memory_miss, "µs"));
  area.metrics.push_back(metric_info("diskMissUs", "disk tier miss", disk_miss, "µs"));

  // Repeated workload through the engine: rank k drawn with weight 1/k.
  const std::size_t distinct = 100, requests = 1000;
  std::vector<double> weights;
  for (std::size_t k = 1; k <= distinct; ++k) weights.push_back(1.0 / static_cast<double>(k));
  std::mt19937 rng(7);
  std::discrete_distribution<std::size_t> draw(weights.begin(), weights.end());
  gen::EngineConfig config;
  config.cache.disk = false;
  config.cache.redis.clear();
  auto generator = std::make_shared<FakeGenerator>(std::chrono::microseconds(options.quick ? 200 : 1000));
  std::size_t from_cache = 0, ok = 0;
  std::vector<double> hit_ms, miss_ms;
  std::set<std::size_t> drawn;
  {
    auto engine = gen::Engine::with_generator(generator, config);
    for (std::size_t i = 0; i < requests; ++i) {
      auto t0 = Clock::now();
      std::size_t prompt = draw(rng);
      drawn.insert(prompt);
      auto result = engine->generate_blocking(prompt_request(prompt));
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      ok += result.ok();
      from_cache += result.from_cache;
      (result.from_cache ? hit_ms : miss_ms).push_back(ms);
    }
  }
  double ratio = 100.0 * static_cast<double>(from_cache) / static_cast<double>(requests);
  // Every first sight of a prompt is a miss: the best possible ratio.
  double expected = 100.0 * static_cast<double>(requests - drawn.size()) / static_cast<double>(requests);
  area.metrics.push_back(metric_info("hitRatioPct", "hit ratio, 1,000 Zipf draws from 100 prompts", ratio, "%"));
  area.metrics.push_back(metric_info("backendCalls", "backend calls", static_cast<double>(generator->calls()), ""));
  area.metrics.push_back(metric_at_least("requestsAnsweredPct", "requests answered", 100.0 * static_cast<double>(ok) / requests, "%", 100));
  double hit_p50 = percentile(hit_ms, 0.5), hit_p99 = percentile(hit_ms, 0.99);
  double miss_p50 = percentile(miss_ms, 0.5), miss_p99 = percentile(miss_ms, 0.99);
  area.metrics.push_back(metric_info("engineHitP50Ms", "engine round trip on a hit, p50", hit_p50, "ms"));
  area.metrics.push_back(metric_info("engineHitP99Ms", "engine round trip on a hit, p99", hit_p99, "ms"));
  area.metrics.push_back(metric_info("engineMissP50Ms", "engine round trip on a miss, p50", miss_p50, "ms"));
  area.metrics.push_back(metric_info("engineMissP99Ms", "engine round trip on a miss, p99", miss_p99, "ms"));

  BenchChart tiers{"Cache lookup latency per tier", "µs", false,
                   {{"memory hit", hits.memory_hit_us}, {"memory miss", memory_miss}, {"disk hit", hits.disk_hit_us}, {"disk miss", disk_miss}}};
  if (hits.redis_hit_us >= 0) tiers.points.push_back({"Redis hit", hits.redis_hit_us});
  area.charts.push_back(tiers);
  area.charts.push_back({"Engine round trip, hit vs miss (fake backend)", "ms", false,
                         {{"hit p50", hit_p50}, {"hit p99", hit_p99}, {"miss p50", miss_p50}, {"miss p99", miss_p99}}});
  area.details = {{"tiers", gen::to_json(hits)}, {"distinctPrompts", distinct}, {"requests", requests},
                  {"bestPossibleHitRatioPct", expected}};
  area.notes.push_back("hit latency: mean of " + std::to_string(iterations) + " lookups of a 2 KB answer; engine: memory-only cache, "
                       "fake backend answering in " + std::to_string(options.quick ? 200 : 1000) + " µs");
  fs::remove_all(dir, ec);
  return area;
}

}  // namespace cc::server::bench
