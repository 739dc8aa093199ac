#pragma once
// A bounded sample window for latency percentiles (p50/p99) used by the scheduler and cache
// metrics. Keeps the most recent `capacity` samples; older ones are overwritten.
//
// Thread-safe: record() and summary() may be called from any thread.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

namespace cc::gen {

class LatencyStats {
 public:
  explicit LatencyStats(std::size_t capacity = 1024) : capacity_(capacity) { samples_.reserve(capacity); }

  void record(double value_ms) {
    std::lock_guard lock(mutex_);
    ++count_;
    if (samples_.size() < capacity_) {
      samples_.push_back(value_ms);
    } else {
      samples_[next_] = value_ms;
      next_ = (next_ + 1) % capacity_;
    }
  }

  // {"count", "p50Ms", "p99Ms"} over the retained window.
  [[nodiscard]] nlohmann::json summary() const {
    std::vector<double> copy;
    std::uint64_t count = 0;
    {
      std::lock_guard lock(mutex_);
      copy = samples_;
      count = count_;
    }
    nlohmann::json out = {{"count", count}, {"p50Ms", 0.0}, {"p99Ms", 0.0}};
    if (copy.empty()) return out;
    std::sort(copy.begin(), copy.end());
    auto at = [&](double q) { return copy[std::min(copy.size() - 1, static_cast<std::size_t>(q * (copy.size() - 1) + 0.5))]; };
    out["p50Ms"] = at(0.50);
    out["p99Ms"] = at(0.99);
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::vector<double> samples_;  // guarded by mutex_
  std::size_t next_ = 0;         // guarded by mutex_
  std::uint64_t count_ = 0;      // guarded by mutex_
};

}  // namespace cc::gen
