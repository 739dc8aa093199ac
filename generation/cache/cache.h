#pragma once
// Response cache: key derivation, the tier interface, and the tiered cache used by the engine
// (memory → disk → Redis). Lower-tier hits are promoted into the faster tiers.
//
// What is cached (policy, see cacheable_request/cacheable_result):
//   - only successful, complete answers (error None, finish_reason "stop", not from a cancel);
//   - only reproducible requests: temperature 0 or an explicit seed. A sampled answer
//     (temperature > 0, no seed) would freeze one random draw and make "ask again" useless,
//     so it is not cached unless the config sets cache.cacheSampled = true;
//   - never when request.use_cache is false.
// Prompts reaching the cache are already redacted by the engine (secrets never enter the
// shared Redis tier or the disk).
//
// Thread-safety: every tier and TieredCache are safe to call from any thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/latency_stats.h"
#include "generation/types.h"

namespace cc::gen {

// What a cache stores: the answer and where it came from.
struct CachedAnswer {
  std::string text;
  std::string finish_reason = "stop";
  std::string backend;
  std::string endpoint;
  std::string model;
  Tier tier = Tier::Fast;
  int completion_tokens = 0;
};

// Hex SHA-256 over a canonical serialisation of (model, voice, messages, prompt, suffix,
// temperature, max_tokens, stop, seed, task). Stable across processes and machines, so the
// disk and Redis tiers can share entries.
std::string cache_key(const GenerationRequest& request);
std::string sha256_hex(std::string_view data);

bool cacheable_request(const GenerationRequest& request, bool cache_sampled);
bool cacheable_result(const GenerationResult& result);

CachedAnswer to_cached(const GenerationResult& result);
GenerationResult from_cached(const CachedAnswer& answer);

// Serialised form shared by the disk and Redis tiers: a JSON object with an expiry
// (milliseconds since the Unix epoch). nullopt when malformed or expired.
std::string encode_entry(const std::string& key, const CachedAnswer& answer, std::int64_t expires_unix_ms);
std::optional<CachedAnswer> decode_entry(std::string_view bytes, const std::string& key, std::int64_t now_unix_ms);

std::int64_t unix_now_ms();

class CacheTier {
 public:
  virtual ~CacheTier() = default;
  virtual std::optional<CachedAnswer> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const CachedAnswer& answer) = 0;
  virtual void clear() = 0;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual nlohmann::json status() const = 0;
};

// Memory → disk → Redis. Absent tiers are simply skipped.
class TieredCache {
 public:
  explicit TieredCache(std::vector<std::unique_ptr<CacheTier>> tiers);
  TieredCache(const TieredCache&) = delete;
  TieredCache& operator=(const TieredCache&) = delete;

  // Looks up tiers in order; a hit in tier i is written back into tiers 0..i-1.
  std::optional<CachedAnswer> get(const std::string& key);
  // Only the first tier (memory), for the engine's submit-time fast path.
  std::optional<CachedAnswer> get_fast(const std::string& key);
  void put(const std::string& key, const CachedAnswer& answer);
  void clear();

  // {"hits", "misses", "hitRate", "tiers": [{name, hits, ...tier status}]}
  [[nodiscard]] nlohmann::json status() const;
  // Hit latency per tier.
  [[nodiscard]] nlohmann::json metrics() const;

 private:
  struct TierSlot {
    std::unique_ptr<CacheTier> tier;
    std::atomic<std::uint64_t> hits{0};
    LatencyStats hit_latency;
  };
  std::vector<std::unique_ptr<TierSlot>> tiers_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  LatencyStats miss_latency_;
};

}  // namespace cc::gen
