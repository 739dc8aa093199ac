#pragma once
// Measurements of the scheduler and the response cache, shared by bench/scheduler_bench.cpp,
// bench/cache_bench.cpp and `codecrucible bench`. No network except an optional Redis server.
//
// Thread-safety: each call builds its own objects; calls may run concurrently.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace cc::gen {

struct SchedulerBenchResult {
  std::size_t requests = 0;
  std::size_t succeeded = 0;
  double seconds = 0;               // first submit → last completion
  double throughput_rps = 0;        // succeeded / seconds
  double ideal_rps = 0;             // slots / latency
  double efficiency = 0;            // throughput / ideal (target ≥ 0.95)
  double overhead_us = 0;           // scheduler round trip minus a direct call, zero-latency backend (target < 50)
};

// `requests` queued at once against a fake backend of fixed `latency` with `slots` parallel
// slots (the scheduler gets `slots` workers and that endpoint limit).
SchedulerBenchResult run_scheduler_bench(std::size_t requests = 1000,
                                         std::chrono::milliseconds latency = std::chrono::milliseconds(20),
                                         std::size_t slots = 8);

struct CacheBenchResult {
  double memory_hit_us = 0;  // target < 5
  double disk_hit_us = 0;    // target < 200
  double redis_hit_us = -1;  // target < 1000; -1 when no Redis was reachable
  std::string redis_note;    // why Redis was skipped
};

// Mean hit latency per tier over `iterations` lookups of a 2 KB answer. `dir` holds the disk
// tier (created and left in place); redis_url "" skips the Redis tier.
CacheBenchResult run_cache_bench(std::size_t iterations, const std::filesystem::path& dir, const std::string& redis_url);

nlohmann::json to_json(const SchedulerBenchResult& r);
nlohmann::json to_json(const CacheBenchResult& r);

}  // namespace cc::gen
