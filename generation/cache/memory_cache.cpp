#include "generation/cache/memory_cache.h"

namespace cc::gen {

MemoryCache::MemoryCache(std::size_t max_bytes, std::chrono::milliseconds ttl, Clock clock)
    : max_bytes_(max_bytes), ttl_(ttl), clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })) {}

std::size_t MemoryCache::entry_bytes(const std::string& key, const CachedAnswer& a) {
  // Two copies of the key (list + index) plus the strings plus bookkeeping.
  return 2 * key.size() + a.text.size() + a.finish_reason.size() + a.backend.size() + a.endpoint.size() +
         a.model.size() + sizeof(Entry) + 64;
}

void MemoryCache::erase_locked(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

std::optional<CachedAnswer> MemoryCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  auto it = found->second;
  if (clock_() >= it->expires) {
    erase_locked(it);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it);
  return it->answer;
}

void MemoryCache::put(const std::string& key, const CachedAnswer& answer) {
  std::size_t size = entry_bytes(key, answer);
  if (size > max_bytes_) return;  // larger than the whole cache: not worth evicting everything
  std::lock_guard lock(mutex_);
  if (auto found = index_.find(key); found != index_.end()) erase_locked(found->second);
  lru_.push_front(Entry{key, answer, clock_() + ttl_, size});
  index_[key] = lru_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    erase_locked(std::prev(lru_.end()));
    ++evictions_;
  }
}

void MemoryCache::clear() {
  std::lock_guard lock(mutex_);
  lru_.clear();
  index_.clear();
  bytes_ = 0;
}

std::size_t MemoryCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t MemoryCache::entries() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

nlohmann::json MemoryCache::status() const {
  std::lock_guard lock(mutex_);
  return {{"entries", lru_.size()}, {"bytes", bytes_}, {"maxBytes", max_bytes_}, {"evictions", evictions_}};
}

}  // namespace cc::gen
