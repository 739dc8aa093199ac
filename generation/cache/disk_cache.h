#pragma once
// Persistent on-disk tier: one file per entry, <dir>/<key[0..2]>/<key>.json.
//
// Writes are atomic (temp file in the same directory + rename), so a reader sees either the
// old entry, the new one or none. Entries that fail to decode (truncated, corrupt, foreign,
// expired) are ignored and removed. The total size is capped; when over the cap the oldest
// entries (by write time) are evicted down to 90 % of the cap.
//
// Thread-safe. Several processes may share the directory: each keeps its own size estimate
// (rebuilt by scanning at start-up), so the cap is approximate across processes.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>

#include "generation/cache/cache.h"

namespace cc::gen {

class DiskCache final : public CacheTier {
 public:
  using UnixClock = std::function<std::int64_t()>;  // milliseconds since the epoch
  DiskCache(std::filesystem::path dir, std::uint64_t max_bytes, std::chrono::milliseconds ttl, UnixClock clock = {});

  std::optional<CachedAnswer> get(const std::string& key) override;
  void put(const std::string& key, const CachedAnswer& answer) override;
  void clear() override;
  [[nodiscard]] std::string name() const override { return "disk"; }
  [[nodiscard]] nlohmann::json status() const override;

  [[nodiscard]] std::filesystem::path path_for(const std::string& key) const;
  [[nodiscard]] bool usable() const { return usable_; }

 private:
  struct FileInfo {
    std::uint64_t bytes = 0;
    std::int64_t written_ms = 0;
  };
  void scan();
  void evict_locked();

  std::filesystem::path dir_;
  std::uint64_t max_bytes_;
  std::chrono::milliseconds ttl_;
  UnixClock clock_;
  bool usable_ = false;
  mutable std::mutex mutex_;
  std::map<std::string, FileInfo> files_;  // guarded by mutex_
  std::uint64_t total_bytes_ = 0;          // guarded by mutex_
  std::uint64_t removed_corrupt_ = 0;      // guarded by mutex_
  std::uint64_t evictions_ = 0;            // guarded by mutex_
  std::uint64_t write_errors_ = 0;         // guarded by mutex_
  std::atomic<std::uint64_t> temp_counter_{0};
};

}  // namespace cc::gen
