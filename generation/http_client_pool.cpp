#include "generation/http_client_pool.h"

#include <algorithm>

namespace cc::gen {

HttpClientPool& HttpClientPool::shared() {
  static HttpClientPool pool;
  return pool;
}

std::unique_ptr<httplib::Client> HttpClientPool::take(const std::string& origin) {
  std::vector<std::unique_ptr<httplib::Client>> expired;  // closed outside the lock
  std::unique_ptr<httplib::Client> client;
  {
    std::lock_guard lock(mutex_);
    auto it = idle_.find(origin);
    if (it != idle_.end()) {
      auto& list = it->second;
      const auto now = std::chrono::steady_clock::now();
      while (!list.empty()) {
        Idle entry = std::move(list.back());  // the most recently used is the likeliest alive
        list.pop_back();
        if (now - entry.since < kIdleLimit) {
          client = std::move(entry.client);
          break;
        }
        expired.push_back(std::move(entry.client));
      }
      if (list.empty()) idle_.erase(it);
    }
  }
  return client ? std::move(client) : std::make_unique<httplib::Client>(origin);
}

void HttpClientPool::give_back(const std::string& origin, std::unique_ptr<httplib::Client> client) {
  if (!client) return;
  std::unique_ptr<httplib::Client> dropped;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  drop_expired_locked(now);
  auto& list = idle_[origin];
  if (list.size() >= kMaxIdlePerOrigin) {
    dropped = std::move(client);  // destroyed after the lock is released (declared first)
    return;
  }
  list.push_back({std::move(client), now});
}

void HttpClientPool::drop_expired_locked(std::chrono::steady_clock::time_point now) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(), [&](const Idle& e) { return now - e.since >= kIdleLimit; }),
               list.end());
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
