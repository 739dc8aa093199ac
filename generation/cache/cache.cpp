// TieredCache: memory → disk → Redis with promotion of lower-tier hits.
#include "generation/cache/cache.h"

namespace cc::gen {

namespace {
double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}
}  // namespace

TieredCache::TieredCache(std::vector<std::unique_ptr<CacheTier>> tiers) {
  for (auto& t : tiers) {
    if (!t) continue;
    auto slot = std::make_unique<TierSlot>();
    slot->tier = std::move(t);
    tiers_.push_back(std::move(slot));
  }
}

std::optional<CachedAnswer> TieredCache::get(const std::string& key) {
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < tiers_.size(); ++i) {
    auto hit = tiers_[i]->tier->get(key);
    if (!hit) continue;
    tiers_[i]->hits.fetch_add(1, std::memory_order_relaxed);
    tiers_[i]->hit_latency.record(elapsed_ms(start));
    hits_.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t j = 0; j < i; ++j) tiers_[j]->tier->put(key, *hit);
    return hit;
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  miss_latency_.record(elapsed_ms(start));
  return std::nullopt;
}

std::optional<CachedAnswer> TieredCache::get_fast(const std::string& key) {
  if (tiers_.empty()) return std::nullopt;
  auto start = std::chrono::steady_clock::now();
  auto hit = tiers_[0]->tier->get(key);
  if (hit) {
    tiers_[0]->hits.fetch_add(1, std::memory_order_relaxed);
    tiers_[0]->hit_latency.record(elapsed_ms(start));
    hits_.fetch_add(1, std::memory_order_relaxed);
  }
  return hit;
}

void TieredCache::put(const std::string& key, const CachedAnswer& answer) {
  for (auto& slot : tiers_) slot->tier->put(key, answer);
}

void TieredCache::clear() {
  for (auto& slot : tiers_) slot->tier->clear();
}

nlohmann::json TieredCache::status() const {
  auto hits = hits_.load();
  auto misses = misses_.load();
  nlohmann::json tiers = nlohmann::json::array();
  for (const auto& slot : tiers_) {
    nlohmann::json t = slot->tier->status();
    t["name"] = slot->tier->name();
    t["hits"] = slot->hits.load();
    tiers.push_back(std::move(t));
  }
  return {{"hits", hits},
          {"misses", misses},
          {"hitRate", hits + misses ? static_cast<double>(hits) / static_cast<double>(hits + misses) : 0.0},
          {"tiers", std::move(tiers)}};
}

nlohmann::json TieredCache::metrics() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& slot : tiers_) out[slot->tier->name() + "HitLatency"] = slot->hit_latency.summary();
  out["missLatency"] = miss_latency_.summary();
  return out;
}

}  // namespace cc::gen
