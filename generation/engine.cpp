#include "generation/engine.h"

#include <atomic>
#include <future>
#include <mutex>

#include <spdlog/spdlog.h>

#include "generation/cache/cache.h"
#include "generation/cache/disk_cache.h"
#include "generation/cache/memory_cache.h"
#include "generation/cache/redis_cache.h"
#include "generation/redact.h"
#include "generation/router/router.h"

namespace cc::gen {

namespace {

// Disk/Redis lookup before the backend call and store after it; runs on scheduler workers.
class CachingGenerator final : public Generator {
 public:
  CachingGenerator(std::shared_ptr<Generator> inner, std::shared_ptr<TieredCache> cache, bool cache_sampled)
      : inner_(std::move(inner)), router_(dynamic_cast<Router*>(inner_.get())), cache_(std::move(cache)),
        cache_sampled_(cache_sampled) {}

  GenerationResult generate(const GenerationRequest& request, const TokenCallback& on_token,
                            const CancelToken& cancel) override {
    std::string key;
    if (cache_ && cacheable_request(request, cache_sampled_)) {
      key = cache_key(request);
      if (auto hit = cache_->get(key)) {
        if (on_token) on_token(hit->text);
        return from_cached(*hit);
      }
    }
    GenerationResult result;
    if (router_) {
      RouteCallbacks callbacks;
      callbacks.on_token = on_token;
      callbacks.on_restart = [](const std::string& why) { spdlog::info("generation restarted ({})", why); };
      result = router_->generate(request, callbacks, cancel);
    } else {
      result = inner_->generate(request, on_token, cancel);
    }
    if (!key.empty() && cacheable_result(result) && !cancel.cancelled()) cache_->put(key, to_cached(result));
    return result;
  }

 private:
  std::shared_ptr<Generator> inner_;
  Router* router_;
  std::shared_ptr<TieredCache> cache_;
  bool cache_sampled_;
};

std::shared_ptr<TieredCache> build_cache(const CacheConfig& c) {
  if (!c.enabled) return nullptr;
  std::vector<std::unique_ptr<CacheTier>> tiers;
  if (c.memory_bytes > 0) tiers.push_back(std::make_unique<MemoryCache>(c.memory_bytes, c.ttl));
  if (c.disk) tiers.push_back(std::make_unique<DiskCache>(c.dir.empty() ? default_response_cache_dir() : std::filesystem::path(c.dir),
                                                          c.disk_bytes, c.ttl));
  if (!c.redis.empty()) {
    std::string error;
    if (auto url = parse_redis_url(c.redis, error)) tiers.push_back(std::make_unique<RedisCache>(*url, c.ttl));
    else spdlog::warn("generation.cache.redis: {}; shared cache disabled", error);
  }
  if (tiers.empty()) return nullptr;
  return std::make_shared<TieredCache>(std::move(tiers));
}

nlohmann::json backend_json(const BackendConfig& b) { return to_json(b); }

}  // namespace

struct Engine::Impl {
  EngineConfig config;
  std::shared_ptr<Generator> generator;
  Router* router = nullptr;
  std::shared_ptr<TieredCache> cache;
  std::unique_ptr<Scheduler> scheduler;
  std::atomic<std::uint64_t> redactions{0};

  mutable std::mutex voices_mutex;
  std::shared_ptr<const VoiceRegistry> voices;                 // guarded by voices_mutex
  std::vector<std::shared_ptr<const VoiceRegistry>> retired;   // keeps old references valid

  std::shared_ptr<const VoiceRegistry> current_voices() const {
    std::lock_guard lock(voices_mutex);
    return voices;
  }

  void fail(DoneCallback done, ErrorKind kind, std::string message) {
    scheduler->post([done = std::move(done), r = make_error_result(kind, std::move(message))]() mutable { done(std::move(r)); });
  }
};

Engine::Engine(EngineConfig config) : Engine(std::make_shared<Router>(config.backend), config) {}

Engine::Engine(std::shared_ptr<Generator> generator, EngineConfig config) : impl_(std::make_unique<Impl>()) {
  auto& p = *impl_;
  p.generator = std::move(generator);
  p.router = dynamic_cast<Router*>(p.generator.get());
  p.voices = std::make_shared<const VoiceRegistry>(config.voices);
  p.cache = build_cache(config.cache);
  auto caching = std::make_shared<CachingGenerator>(p.generator, p.cache, config.cache.cache_sampled);
  SchedulerConfig sc = config.scheduler;
  Scheduler::EndpointResolver resolver;
  if (p.router) {
    for (const auto& e : p.router->config().endpoints)
      if (!sc.endpoint_limits.count(e.name)) sc.endpoint_limits[e.name] = static_cast<std::size_t>(std::max(1, e.max_concurrent));
    Router* router = p.router;
    resolver = [router](const GenerationRequest& r) { return router->decide(r).endpoint; };
  }
  p.scheduler = std::make_unique<Scheduler>(sc, caching, std::move(resolver));
  p.config = std::move(config);
}

Engine::~Engine() {
  if (impl_ && impl_->scheduler) impl_->scheduler->shutdown();
}

std::unique_ptr<Engine> Engine::with_generator(std::shared_ptr<Generator> generator, EngineConfig config) {
  return std::unique_ptr<Engine>(new Engine(std::move(generator), std::move(config)));
}

void Engine::submit(GenerationRequest request, TokenCallback on_token, DoneCallback on_done, CancelToken cancel) {
  auto& p = *impl_;
  auto started = std::chrono::steady_clock::now();
  DoneCallback done = [on_done = std::move(on_done), started](GenerationResult r) {
    if (r.latency_ms <= 0)
      r.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (on_done) on_done(std::move(r));
  };
  if (!request.voice.empty()) {
    auto voice = p.current_voices()->find(request.voice);
    if (!voice.ok()) return p.fail(std::move(done), ErrorKind::InvalidRequest, voice.error);
    apply_voice(request, *voice.value);
  }
  if (request.messages.empty() && !request.prompt)
    return p.fail(std::move(done), ErrorKind::InvalidRequest, "request has neither messages nor a prompt");
  if (request.max_tokens <= 0)
    return p.fail(std::move(done), ErrorKind::InvalidRequest, "max_tokens must be positive");
  if (auto n = redact_request(request)) {
    p.redactions.fetch_add(n, std::memory_order_relaxed);
    spdlog::debug("redacted {} secret(s) from a prompt", n);
  }
  std::string key = request.use_cache ? cache_key(request) : std::string();
  if (p.cache && cacheable_request(request, p.config.cache.cache_sampled)) {
    if (auto hit = p.cache->get_fast(key)) {
      p.scheduler->post([hit = std::move(*hit), on_token = std::move(on_token), done = std::move(done), cancel] {
        if (cancel.cancelled()) return done(make_error_result(ErrorKind::Cancelled, "cancelled"));
        if (on_token) on_token(hit.text);
        done(from_cached(hit));
      });
      return;
    }
  }
  p.scheduler->submit({std::move(request), std::move(key), std::move(on_token), std::move(done), std::move(cancel)});
}

void Engine::synthesize(SynthesisRequest request,
                        std::function<void(const std::string& voice, std::string_view token)> on_token,
                        std::function<void(SynthesisResult)> on_done, CancelToken cancel) {
  auto& p = *impl_;
  auto voices = p.current_voices();
  auto resolved = request.voices.empty() ? voices->preset("default") : voices->resolve(request.voices);
  if (!resolved.ok()) {
    SynthesisResult r;
    r.mode = request.mode;
    r.final = make_error_result(ErrorKind::InvalidRequest, resolved.error);
    p.scheduler->post([on_done = std::move(on_done), r = std::move(r)]() mutable { on_done(std::move(r)); });
    return;
  }
  SubmitFn submit_fn = [this](GenerationRequest r, TokenCallback t, DoneCallback d, CancelToken c) {
    submit(std::move(r), std::move(t), std::move(d), std::move(c));
  };
  run_synthesis(submit_fn, *voices, std::move(request), std::move(on_token), std::move(on_done), std::move(cancel));
}

GenerationResult Engine::generate_blocking(GenerationRequest request, TokenCallback on_token, CancelToken cancel) {
  std::promise<GenerationResult> promise;
  auto future = promise.get_future();
  submit(std::move(request), std::move(on_token), [&promise](GenerationResult r) { promise.set_value(std::move(r)); },
         std::move(cancel));
  return future.get();
}

SynthesisResult Engine::synthesize_blocking(SynthesisRequest request,
                                            std::function<void(const std::string&, std::string_view)> on_token,
                                            CancelToken cancel) {
  std::promise<SynthesisResult> promise;
  auto future = promise.get_future();
  synthesize(std::move(request), std::move(on_token), [&promise](SynthesisResult r) { promise.set_value(std::move(r)); },
             std::move(cancel));
  return future.get();
}

const VoiceRegistry& Engine::voices() const { return *impl_->current_voices(); }

nlohmann::json Engine::status() const {
  const auto& p = *impl_;
  nlohmann::json cache = p.cache ? p.cache->status() : nlohmann::json{{"enabled", false}};
  return {{"backends", p.router ? p.router->status() : nlohmann::json{{"generator", "custom"}}},
          {"queue", p.scheduler->status()},
          {"cache", std::move(cache)},
          {"redactions", p.redactions.load()}};
}

nlohmann::json Engine::metrics() const {
  const auto& p = *impl_;
  return {{"router", p.router ? p.router->metrics().to_json() : nlohmann::json()},
          {"scheduler", p.scheduler->metrics()},
          {"cache", p.cache ? p.cache->metrics() : nlohmann::json()}};
}

std::vector<std::string> Engine::update_config(EngineConfig config) {
  auto& p = *impl_;
  std::vector<std::string> restart_needed;
  if (backend_json(config.backend) != backend_json(p.config.backend)) restart_needed.push_back("generation endpoints/routing");
  if (to_json(config.scheduler) != to_json(p.config.scheduler)) restart_needed.push_back("generation.scheduler");
  if (to_json(config.cache) != to_json(p.config.cache)) restart_needed.push_back("generation.cache");
  std::lock_guard lock(p.voices_mutex);
  p.retired.push_back(p.voices);
  p.voices = std::make_shared<const VoiceRegistry>(config.voices);
  p.config.voices = std::move(config.voices);
  return restart_needed;
}

}  // namespace cc::gen
