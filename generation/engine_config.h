#pragma once
// Configuration of the generation engine, read from the "generation" section of the merged
// config (camelCase JSON). Backends/routing/timeouts/breaker are parsed by
// backend_config_from_json (generation/backends/backend_config.h); this adds:
//
//   "generation": {
//     "scheduler": {"maxQueue": 1000, "batchWindowMs": 500, "batchMax": 64,
//                   "maxBatchesInFlight": 3, "workers": 8},
//     "cache": {"enabled": true, "memoryBytes": 67108864, "ttlMs": 86400000, "disk": true,
//               "dir": "", "diskBytes": 536870912, "redis": "", "cacheSampled": false},
//     "voices": [{"id", "name", "style", "temperature", "tier", "systemPrompt"}],
//     "presets": {"name": ["voice ids"]}
//   }
//
// cache.dir "" means <user cache dir>/responses ($XDG_CACHE_HOME/codecrucible/responses or
// ~/.cache/codecrucible/responses). cache.redis is a redis://[[user]:password@]host[:port][/db]
// URL; "" disables the shared tier. Per-endpoint concurrency limits come from each endpoint's
// maxConcurrent. A wrong type or out-of-range value gives a warning naming the key and keeps the
// default; unknown keys inside "scheduler" and "cache" are warned about. Never throws.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/backend_config.h"
#include "generation/scheduler/scheduler.h"
#include "generation/voices/voices.h"

namespace cc::gen {

struct CacheConfig {
  bool enabled = true;
  std::size_t memory_bytes = 64u << 20;
  std::chrono::milliseconds ttl{86'400'000};
  bool disk = true;
  std::string dir;  // "" → default_response_cache_dir()
  std::uint64_t disk_bytes = 512ull << 20;
  std::string redis;  // "" → no shared tier
  bool cache_sampled = false;  // also cache temperature > 0 answers without a seed
};

struct EngineConfig {
  BackendConfig backend = default_backend_config();
  SchedulerConfig scheduler;
  CacheConfig cache;
  VoiceRegistry voices;  // built-ins + user voices and presets
};

EngineConfig engine_config_from_json(const nlohmann::json& root, std::vector<std::string>& warnings);

// Mirrors cc::config::user_cache_dir() (server/, which generation/ cannot link) + "/responses".
std::filesystem::path default_response_cache_dir();

// The scheduler/cache part back as camelCase JSON (for status and `doctor --json`).
nlohmann::json to_json(const SchedulerConfig& config);
nlohmann::json to_json(const CacheConfig& config);

}  // namespace cc::gen
