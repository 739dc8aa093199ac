#pragma once
// Optional shared Redis tier (hiredis). URL: redis://[[user]:password@]host[:port][/db].
//
// Availability first: connect and command timeouts are short (200 ms by default). When Redis
// is unreachable or a command fails, the tier logs ONE warning, reports misses and drops
// writes, and retries the connection with exponential backoff (0.5 s doubling to 30 s). A
// successful reconnect is logged at info. It never fails a request.
//
// Thread-safe: one connection guarded by a mutex (commands are sub-millisecond on a LAN).
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "generation/cache/cache.h"

struct redisContext;

namespace cc::gen {

struct RedisUrl {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  std::string user;
  std::string password;
};
// nullopt + message for anything that is not a redis:// URL.
std::optional<RedisUrl> parse_redis_url(const std::string& url, std::string& error);

class RedisCache final : public CacheTier {
 public:
  RedisCache(RedisUrl url, std::chrono::milliseconds ttl, std::chrono::milliseconds timeout = std::chrono::milliseconds(200));
  ~RedisCache() override;
  RedisCache(const RedisCache&) = delete;
  RedisCache& operator=(const RedisCache&) = delete;

  std::optional<CachedAnswer> get(const std::string& key) override;
  void put(const std::string& key, const CachedAnswer& answer) override;
  void clear() override;  // deletes this tier's keys (SCAN + DEL on the prefix)
  [[nodiscard]] std::string name() const override { return "redis"; }
  [[nodiscard]] nlohmann::json status() const override;

  [[nodiscard]] bool connected() const;
  static constexpr const char* kKeyPrefix = "codecrucible:resp:";

 private:
  bool ensure_connected_locked();
  void mark_down_locked(const std::string& why);

  RedisUrl url_;
  std::chrono::milliseconds ttl_;
  std::chrono::milliseconds timeout_;
  mutable std::mutex mutex_;
  redisContext* ctx_ = nullptr;                             // guarded by mutex_
  bool warned_ = false;                                     // guarded by mutex_: one warning per outage
  std::chrono::steady_clock::time_point next_attempt_{};    // guarded by mutex_
  std::chrono::milliseconds backoff_{500};                  // guarded by mutex_
  std::string last_error_;                                  // guarded by mutex_
  std::uint64_t errors_ = 0;                                // guarded by mutex_
  std::uint64_t reconnects_ = 0;                            // guarded by mutex_
};

}  // namespace cc::gen
