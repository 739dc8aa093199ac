#include "generation/backends/http_client_pool.h"

#include <algorithm>

namespace cc::gen {

HttpClientPool& HttpClientPool::shared() {
  static HttpClientPool pool;
  return pool;
}

HttpClientPool::Lease HttpClientPool::take(const std::string& origin) {
  Clients closing;  // destroyed (connections closed) after the lock is released
  std::unique_ptr<httplib::Client> client;
  {
    std::lock_guard lock(mutex_);
    evict_expired_locked(std::chrono::steady_clock::now(), closing);
    if (auto it = idle_.find(origin); it != idle_.end()) {
      client = std::move(it->second.back().client);  // the most recently used: likeliest alive
      it->second.pop_back();
      if (it->second.empty()) idle_.erase(it);
    }
  }
  if (client) return {std::move(client), true};
  return {std::make_unique<httplib::Client>(origin), false};
}

void HttpClientPool::give_back(const std::string& origin, std::unique_ptr<httplib::Client> client) {
  if (!client) return;
  Clients closing;  // destroyed (connections closed) after the lock is released
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  evict_expired_locked(now, closing);
  auto& list = idle_[origin];
  if (list.size() >= kMaxIdlePerOrigin) closing.push_back(std::move(client));
  else list.push_back({std::move(client), now});
}

void HttpClientPool::evict_expired_locked(std::chrono::steady_clock::time_point now, Clients& closing) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& list = it->second;
    // Oldest first, so the expired ones are a prefix.
    auto fresh = std::find_if(list.begin(), list.end(), [&](const Idle& e) { return now - e.since < kIdleLimit; });
    for (auto e = list.begin(); e != fresh; ++e) closing.push_back(std::move(e->client));
    list.erase(list.begin(), fresh);
    it = list.empty() ? idle_.erase(it) : std::next(it);
  }
}

void HttpClientPool::clear() {
  decltype(idle_) all;
  {
    std::lock_guard lock(mutex_);
    all.swap(idle_);
  }
}

}  // namespace cc::gen
