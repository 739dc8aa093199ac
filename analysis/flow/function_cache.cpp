#include "analysis/flow/function_cache.h"

namespace cc::analysis::flow {

std::shared_ptr<const FunctionVerdict> FunctionCache::find(std::uint64_t key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  order_.splice(order_.begin(), order_, it->second.position);
  return it->second.verdict;
}

void FunctionCache::store(std::uint64_t key, std::shared_ptr<const FunctionVerdict> verdict) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    it->second.verdict = std::move(verdict);
    order_.splice(order_.begin(), order_, it->second.position);
    return;
  }
  while (entries_.size() >= capacity_) {
    entries_.erase(order_.back());
    order_.pop_back();
  }
  order_.push_front(key);
  entries_.emplace(key, Entry{std::move(verdict), order_.begin()});
}

std::size_t FunctionCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::uint64_t FunctionCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::uint64_t FunctionCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace cc::analysis::flow
