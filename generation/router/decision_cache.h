#pragma once
// Routing decision cache: LRU bounded by entry count, entries expire after a TTL.
// Key = (task, complexity bucket, forced tier, forced provider); value = tier + endpoint.
// The cache only remembers; the router re-checks the endpoint's breaker on every hit and
// drops the entry when the endpoint is no longer available, so a tripped breaker is never
// masked.
//
// Thread-safety: all members are safe to call from any thread (one mutex).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "generation/backends/endpoint_health.h"
#include "generation/types.h"

namespace cc::gen {

struct DecisionKey {
  TaskType task = TaskType::Chat;
  int complexity_bucket = 0;  // complexity * 20, rounded down
  int force_tier = -1;        // -1 none, else static_cast<int>(Tier)
  std::string force_provider;
  bool operator==(const DecisionKey& other) const = default;
};

struct DecisionKeyHash {
  std::size_t operator()(const DecisionKey& key) const noexcept;
};

struct CachedDecision {
  Tier tier = Tier::Fast;
  std::string endpoint;
  bool escalatable = false;
  std::size_t index = 0;  // position of `endpoint` in the router's pool (checked on use)
};

class DecisionCache {
 public:
  DecisionCache(std::size_t capacity, std::chrono::milliseconds ttl, ClockFn clock);

  std::optional<CachedDecision> get(const DecisionKey& key);
  void put(const DecisionKey& key, CachedDecision decision);
  void erase(const DecisionKey& key);
  void clear();
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::uint64_t hits() const;
  [[nodiscard]] std::uint64_t misses() const;

 private:
  struct Entry {
    DecisionKey key;
    CachedDecision decision;
    SteadyTime expires;
  };
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::chrono::milliseconds ttl_;
  ClockFn clock_;
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<DecisionKey, std::list<Entry>::iterator, DecisionKeyHash> index_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace cc::gen
