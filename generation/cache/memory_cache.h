#pragma once
// In-memory LRU tier bounded in bytes, with a TTL. The clock is injectable for tests.
//
// Thread-safe (one mutex; every operation is O(1) apart from eviction).
#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>

#include "generation/cache/cache.h"

namespace cc::gen {

class MemoryCache final : public CacheTier {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  MemoryCache(std::size_t max_bytes, std::chrono::milliseconds ttl, Clock clock = {});

  std::optional<CachedAnswer> get(const std::string& key) override;
  void put(const std::string& key, const CachedAnswer& answer) override;
  void clear() override;
  [[nodiscard]] std::string name() const override { return "memory"; }
  [[nodiscard]] nlohmann::json status() const override;

  [[nodiscard]] std::size_t bytes() const;
  [[nodiscard]] std::size_t entries() const;
  // Approximate footprint of one entry (what counts against max_bytes).
  static std::size_t entry_bytes(const std::string& key, const CachedAnswer& answer);

 private:
  struct Entry {
    std::string key;
    CachedAnswer answer;
    std::chrono::steady_clock::time_point expires;
    std::size_t bytes = 0;
  };
  void erase_locked(std::list<Entry>::iterator it);

  std::size_t max_bytes_;
  std::chrono::milliseconds ttl_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // front = most recently used; guarded by mutex_
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // guarded by mutex_
  std::size_t bytes_ = 0;                                               // guarded by mutex_
  std::uint64_t evictions_ = 0;                                         // guarded by mutex_
};

}  // namespace cc::gen
