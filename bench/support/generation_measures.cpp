#include "bench/support/generation_measures.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "generation/cache/cache.h"
#include "generation/cache/disk_cache.h"
#include "generation/cache/memory_cache.h"
#include "generation/cache/redis_cache.h"
#include "generation/scheduler/scheduler.h"

namespace cc::gen {

namespace {

using Clock = std::chrono::steady_clock;

// A backend with `slots` parallel slots, each answer taking `latency`.
class FixedLatencyGenerator final : public Generator {
 public:
  explicit FixedLatencyGenerator(std::chrono::microseconds latency) : latency_(latency) {}
  GenerationResult generate(const GenerationRequest&, const TokenCallback& on_token, const CancelToken&) override {
    if (latency_.count() > 0) std::this_thread::sleep_for(latency_);
    if (on_token) on_token("ok");
    GenerationResult r;
    r.text = "ok";
    r.finish_reason = "stop";
    return r;
  }

 private:
  std::chrono::microseconds latency_;
};

struct Countdown {
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t remaining;
  std::size_t ok = 0;
  Clock::time_point last;
  explicit Countdown(std::size_t n) : remaining(n) {}
  void done(bool success) {
    std::lock_guard lock(mutex);
    ok += success;
    if (--remaining == 0) {
      last = Clock::now();
      cv.notify_all();
    }
  }
  void wait() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return remaining == 0; });
  }
};

GenerationRequest bench_request(std::size_t i) {
  GenerationRequest r;
  r.messages = {{"user", "request " + std::to_string(i)}};
  return r;
}

double overhead_us(std::size_t rounds) {
  auto gen = std::make_shared<FixedLatencyGenerator>(std::chrono::microseconds(0));
  SchedulerConfig config;
  config.workers = 1;
  Scheduler scheduler(config, gen);
  auto request = bench_request(0);
  // Direct calls: the work itself.
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < rounds; ++i) gen->generate(request, [](std::string_view) {}, CancelToken());
  double direct = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / static_cast<double>(rounds);
  // Through the scheduler, one at a time: submit → worker → on_done back on this thread.
  auto t1 = Clock::now();
  for (std::size_t i = 0; i < rounds; ++i) {
    Countdown c(1);
    scheduler.submit({request, "", [](std::string_view) {}, [&](GenerationResult r) { c.done(r.ok()); }, {}});
    c.wait();
  }
  double scheduled = std::chrono::duration<double, std::micro>(Clock::now() - t1).count() / static_cast<double>(rounds);
  return scheduled - direct;
}

template <typename Fn>
double mean_us(std::size_t iterations, Fn&& fn) {
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < iterations; ++i) fn();
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / static_cast<double>(iterations);
}

}  // namespace

SchedulerBenchResult run_scheduler_bench(std::size_t requests, std::chrono::milliseconds latency, std::size_t slots) {
  SchedulerBenchResult result;
  result.requests = requests;
  auto gen = std::make_shared<FixedLatencyGenerator>(latency);
  SchedulerConfig config;
  config.workers = slots;
  config.max_queue = requests + 1;
  {
    Scheduler scheduler(config, gen);
    Countdown countdown(requests);
    auto start = Clock::now();
    for (std::size_t i = 0; i < requests; ++i)
      scheduler.submit({bench_request(i), "", {}, [&](GenerationResult r) { countdown.done(r.ok()); }, {}});
    countdown.wait();
    result.seconds = std::chrono::duration<double>(countdown.last - start).count();
    result.succeeded = countdown.ok;
  }
  result.throughput_rps = result.seconds > 0 ? static_cast<double>(result.succeeded) / result.seconds : 0;
  result.ideal_rps = static_cast<double>(slots) / std::chrono::duration<double>(latency).count();
  result.efficiency = result.ideal_rps > 0 ? result.throughput_rps / result.ideal_rps : 0;
  result.overhead_us = overhead_us(2000);
  return result;
}

CacheBenchResult run_cache_bench(std::size_t iterations, const std::filesystem::path& dir, const std::string& redis_url) {
  CacheBenchResult result;
  CachedAnswer answer;
  answer.text = std::string(2048, 'x');
  answer.backend = "ollama";
  GenerationRequest request = bench_request(42);
  std::string key = cache_key(request);
  volatile std::size_t sink = 0;

  MemoryCache memory(64u << 20, std::chrono::hours(1));
  memory.put(key, answer);
  result.memory_hit_us = mean_us(iterations, [&] { sink = sink + memory.get(key)->text.size(); });

  DiskCache disk(dir, 64u << 20, std::chrono::hours(1));
  disk.put(key, answer);
  result.disk_hit_us = mean_us(iterations, [&] {
    auto hit = disk.get(key);
    sink = sink + (hit ? hit->text.size() : 0);
  });

  if (redis_url.empty()) {
    result.redis_note = "no Redis URL given (set CC_REDIS_URL)";
  } else {
    std::string error;
    auto url = parse_redis_url(redis_url, error);
    if (!url) {
      result.redis_note = error;
    } else {
      RedisCache redis(*url, std::chrono::hours(1));
      redis.put(key, answer);
      if (!redis.get(key)) {
        result.redis_note = "Redis at " + redis_url + " not reachable";
      } else {
        result.redis_hit_us = mean_us(iterations, [&] {
          auto hit = redis.get(key);
          sink = sink + (hit ? hit->text.size() : 0);
        });
      }
    }
  }
  return result;
}

nlohmann::json to_json(const SchedulerBenchResult& r) {
  return {{"requests", r.requests},         {"succeeded", r.succeeded},   {"seconds", r.seconds},
          {"throughputRps", r.throughput_rps}, {"idealRps", r.ideal_rps}, {"efficiency", r.efficiency},
          {"overheadUs", r.overhead_us}};
}

nlohmann::json to_json(const CacheBenchResult& r) {
  nlohmann::json j = {{"memoryHitUs", r.memory_hit_us}, {"diskHitUs", r.disk_hit_us}};
  if (r.redis_hit_us >= 0) j["redisHitUs"] = r.redis_hit_us;
  else j["redisSkipped"] = r.redis_note;
  return j;
}

}  // namespace cc::gen
