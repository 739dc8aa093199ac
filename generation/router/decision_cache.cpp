#include "generation/router/decision_cache.h"

#include <functional>

namespace cc::gen {

std::size_t DecisionKeyHash::operator()(const DecisionKey& key) const noexcept {
  std::size_t h = static_cast<std::size_t>(key.task) * 1000003u;
  h ^= static_cast<std::size_t>(key.complexity_bucket + 1) * 7919u;
  h ^= static_cast<std::size_t>(key.force_tier + 2) * 104729u;
  if (!key.force_provider.empty()) h ^= std::hash<std::string>{}(key.force_provider);
  return h;
}

DecisionCache::DecisionCache(std::size_t capacity, std::chrono::milliseconds ttl, ClockFn clock)
    : capacity_(capacity), ttl_(ttl), clock_(std::move(clock)) {}

std::optional<CachedDecision> DecisionCache::get(const DecisionKey& key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return std::nullopt;
  }
  if (clock_() >= it->second->expires) {
    lru_.erase(it->second);
    index_.erase(it);
    ++misses_;
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++hits_;
  return it->second->decision;
}

void DecisionCache::put(const DecisionKey& key, CachedDecision decision) {
  if (capacity_ == 0 || ttl_.count() <= 0) return;
  std::lock_guard lock(mutex_);
  auto expires = clock_() + ttl_;
  if (auto it = index_.find(key); it != index_.end()) {
    it->second->decision = std::move(decision);
    it->second->expires = expires;
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.push_front(Entry{key, std::move(decision), expires});
  index_.emplace(key, lru_.begin());
  while (index_.size() > capacity_) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

void DecisionCache::erase(const DecisionKey& key) {
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    lru_.erase(it->second);
    index_.erase(it);
  }
}

void DecisionCache::clear() {
  std::lock_guard lock(mutex_);
  lru_.clear();
  index_.clear();
}

std::size_t DecisionCache::size() const {
  std::lock_guard lock(mutex_);
  return index_.size();
}

std::uint64_t DecisionCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::uint64_t DecisionCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace cc::gen
