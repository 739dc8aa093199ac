#include "generation/engine_config.h"

#include <cstdlib>
#include <set>

#include "generation/cache/redis_cache.h"

namespace cc::gen {

namespace fs = std::filesystem;

namespace {

// Reads an integer in [min, max] at obj[key]; warns and keeps `out` otherwise.
template <typename T>
void read_int(const nlohmann::json& obj, const char* key, const std::string& where, long long min, long long max, T& out,
              std::vector<std::string>& warnings) {
  if (!obj.contains(key)) return;
  const auto& v = obj[key];
  bool integral = v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>())));
  if (!integral || v.get<double>() < static_cast<double>(min) || v.get<double>() > static_cast<double>(max)) {
    warnings.push_back(where + "." + key + " must be an integer between " + std::to_string(min) + " and " +
                       std::to_string(max) + " (got " + v.dump() + "); using " + std::to_string(static_cast<long long>(out)));
    return;
  }
  out = static_cast<T>(v.get<long long>());
}

void read_bool(const nlohmann::json& obj, const char* key, const std::string& where, bool& out,
               std::vector<std::string>& warnings) {
  if (!obj.contains(key)) return;
  if (!obj[key].is_boolean()) {
    warnings.push_back(where + "." + key + " must be true or false (got " + obj[key].dump() + "); using " +
                       (out ? "true" : "false"));
    return;
  }
  out = obj[key].get<bool>();
}

void read_string(const nlohmann::json& obj, const char* key, const std::string& where, std::string& out,
                 std::vector<std::string>& warnings) {
  if (!obj.contains(key)) return;
  if (!obj[key].is_string()) {
    warnings.push_back(where + "." + key + " must be a string (got " + obj[key].dump() + "); ignored");
    return;
  }
  out = obj[key].get<std::string>();
}

void warn_unknown(const nlohmann::json& obj, const std::string& where, const std::set<std::string>& known,
                  std::vector<std::string>& warnings) {
  for (const auto& [key, value] : obj.items())
    if (!known.count(key)) warnings.push_back("unknown setting " + where + "." + key + "; ignored");
}

const nlohmann::json* section(const nlohmann::json& parent, const char* key, const std::string& where,
                              std::vector<std::string>& warnings) {
  if (!parent.contains(key)) return nullptr;
  const auto& s = parent[key];
  if (!s.is_object()) {
    warnings.push_back(where + " must be an object (got " + std::string(s.type_name()) + "); using defaults");
    return nullptr;
  }
  return &s;
}

}  // namespace

fs::path default_response_cache_dir() {
  auto env = [](const char* name) -> const char* {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
  };
  if (const char* xdg = env("XDG_CACHE_HOME")) return fs::path(xdg) / "codecrucible" / "responses";
  if (const char* home = env("HOME")) return fs::path(home) / ".cache" / "codecrucible" / "responses";
  return fs::temp_directory_path() / "codecrucible-cache" / "responses";
}

EngineConfig engine_config_from_json(const nlohmann::json& root, std::vector<std::string>& warnings) {
  EngineConfig config;
  config.backend = backend_config_from_json(root, warnings);
  if (!root.is_object() || !root.contains("generation")) return config;
  const auto& generation = root["generation"];
  if (!generation.is_object()) return config;  // backend_config_from_json already warned

  if (const auto* s = section(generation, "scheduler", "generation.scheduler", warnings)) {
    const std::string where = "generation.scheduler";
    auto& c = config.scheduler;
    read_int(*s, "maxQueue", where, 1, 1'000'000, c.max_queue, warnings);
    long long window = c.batch_window.count();
    read_int(*s, "batchWindowMs", where, 0, 60'000, window, warnings);
    c.batch_window = std::chrono::milliseconds(window);
    read_int(*s, "batchMax", where, 1, 10'000, c.batch_max, warnings);
    read_int(*s, "maxBatchesInFlight", where, 1, 1'000, c.max_batches_in_flight, warnings);
    read_int(*s, "workers", where, 1, 256, c.workers, warnings);
    warn_unknown(*s, where, {"maxQueue", "batchWindowMs", "batchMax", "maxBatchesInFlight", "workers"}, warnings);
  }

  if (const auto* s = section(generation, "cache", "generation.cache", warnings)) {
    const std::string where = "generation.cache";
    auto& c = config.cache;
    read_bool(*s, "enabled", where, c.enabled, warnings);
    read_int(*s, "memoryBytes", where, 0, 1ll << 40, c.memory_bytes, warnings);
    long long ttl = c.ttl.count();
    read_int(*s, "ttlMs", where, 1000, 365ll * 86'400'000, ttl, warnings);
    c.ttl = std::chrono::milliseconds(ttl);
    read_bool(*s, "disk", where, c.disk, warnings);
    read_string(*s, "dir", where, c.dir, warnings);
    read_int(*s, "diskBytes", where, 1 << 16, 1ll << 42, c.disk_bytes, warnings);
    std::string redis = c.redis;
    read_string(*s, "redis", where, redis, warnings);
    if (!redis.empty()) {
      std::string error;
      if (parse_redis_url(redis, error)) c.redis = redis;
      else warnings.push_back("generation.cache.redis: " + error + "; shared cache disabled");
    }
    read_bool(*s, "cacheSampled", where, c.cache_sampled, warnings);
    warn_unknown(*s, where, {"enabled", "memoryBytes", "ttlMs", "disk", "dir", "diskBytes", "redis", "cacheSampled"},
                 warnings);
  }

  config.voices = VoiceRegistry::from_config(generation, warnings);
  return config;
}

nlohmann::json to_json(const SchedulerConfig& c) {
  return {{"maxQueue", c.max_queue},       {"batchWindowMs", c.batch_window.count()},
          {"batchMax", c.batch_max},       {"maxBatchesInFlight", c.max_batches_in_flight},
          {"workers", c.workers}};
}

nlohmann::json to_json(const CacheConfig& c) {
  std::string redis = c.redis;
  if (auto at = redis.rfind('@'); at != std::string::npos) redis = "redis://***@" + redis.substr(at + 1);  // no password
  return {{"enabled", c.enabled},  {"memoryBytes", c.memory_bytes}, {"ttlMs", c.ttl.count()},
          {"disk", c.disk},        {"dir", c.dir.empty() ? default_response_cache_dir().string() : c.dir},
          {"diskBytes", c.disk_bytes}, {"redis", redis}, {"cacheSampled", c.cache_sampled}};
}

}  // namespace cc::gen
