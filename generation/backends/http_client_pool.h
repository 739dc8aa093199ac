#pragma once
// Idle keep-alive connections, per origin, for the next request to the same model server: a
// completion typed every few hundred milliseconds, or several voices asked at once, then skip
// the TCP (and for https the TLS) handshake.
//
// A client is given back only after a call that ended cleanly (a whole response, no stop, no
// cancel), so a pooled client never carries a half-read stream. Idle clients expire after
// kIdleLimit, below the 5 s after which common servers (llama.cpp's cpp-httplib, uvicorn for
// vLLM) close an idle connection themselves, so a request rarely races a server-side close;
// cpp-httplib also checks that a kept socket is still open before it reuses it, and http_send
// retries once on a new connection when a reused one closes before any response byte.
//
// Thread-safety: all members may be called from any thread.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cc::gen {

class HttpClientPool {
 public:
  static constexpr std::chrono::milliseconds kIdleLimit{2000};
  static constexpr std::size_t kMaxIdlePerOrigin = 8;

  // The process-wide pool http_send uses.
  static HttpClientPool& shared();

  struct Lease {
    std::unique_ptr<httplib::Client> client;
    bool reused = false;  // an idle kept-alive connection, which the server may have closed
  };
  // An idle client for `origin` ("http://host:port"), or a new one.
  Lease take(const std::string& origin);
  // Keeps `client` for the next request to `origin` (dropped when the origin has enough idle).
  void give_back(const std::string& origin, std::unique_ptr<httplib::Client> client);
  // Drops every idle client (their connections close).
  void clear();

 private:
  struct Idle {
    std::unique_ptr<httplib::Client> client;
    std::chrono::steady_clock::time_point since;
  };
  using Clients = std::vector<std::unique_ptr<httplib::Client>>;
  // Moves every idle client older than kIdleLimit, of any origin, into `closing`.
  void evict_expired_locked(std::chrono::steady_clock::time_point now, Clients& closing);

  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<Idle>> idle_;  // guarded by mutex_; newest last
};

}  // namespace cc::gen
