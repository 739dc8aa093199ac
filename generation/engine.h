#pragma once
// The generation engine facade: what the LSP server and the CLI call.
//
//   submit()  voice applied (system prompt, temperature, preferred tier) → secrets redacted →
//             memory cache fast path → scheduler (priority, endpoint limits, batching,
//             single-flight) → disk/Redis cache → router (tier, endpoint, fallback, escalation)
//             → backend. Successful complete answers of reproducible requests are cached.
//   synthesize()  several voices through submit(), merged (generation/voices/synthesis.h).
//
// Callbacks: on_token and on_done run on engine threads (generation workers; cache hits,
// rejections and cancellations of queued work on the engine's notifier thread), never on the
// caller's thread. Exactly one on_done per submit/synthesize. Callbacks must be quick and
// thread-safe; post results to your own loop (the LSP server uses its completion queue).
//
// Streaming caveat: when the router abandons an attempt after it streamed tokens (escalation
// to the quality tier, fallback after a mid-stream failure) the streamed text was a preview;
// GenerationResult::text is always authoritative (the restart is logged at info).
//
// Lifetime: the destructor cancels queued and running work (each on_done gets Cancelled) and
// joins every thread. Thread-safety: every method may be called from any thread, except
// generate_blocking(), which must not be called from an engine callback.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/engine_config.h"
#include "generation/scheduler/scheduler.h"
#include "generation/voices/synthesis.h"
#include "generation/types.h"
#include "generation/voices/voices.h"

namespace cc::gen {

class Engine {
 public:
  // Real backends: builds a Router over config.backend.
  explicit Engine(EngineConfig config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void submit(GenerationRequest request, TokenCallback on_token, DoneCallback on_done, CancelToken cancel = {});
  void synthesize(SynthesisRequest request, std::function<void(const std::string& voice, std::string_view token)> on_token,
                  std::function<void(SynthesisResult)> on_done, CancelToken cancel = {});
  GenerationResult generate_blocking(GenerationRequest request, TokenCallback on_token = {}, CancelToken cancel = {});
  SynthesisResult synthesize_blocking(SynthesisRequest request,
                                      std::function<void(const std::string& voice, std::string_view token)> on_token = {},
                                      CancelToken cancel = {});

  // The registry in effect (replaced by update_config; earlier references stay valid).
  const VoiceRegistry& voices() const;
  // {"backends": router status, "queue": {interactive, normal, background, running, ...},
  //  "cache": {hits, misses, hitRate, tiers}, "redactions": n}
  nlohmann::json status() const;
  // {"router": per-route metrics, "scheduler": counters + waits p50/p99, "cache": hit latency per tier}
  nlohmann::json metrics() const;
  // Voices and presets change live. Backend, scheduler and cache changes need a restart of the
  // engine (the caller builds a new Engine); they are reported in the returned list.
  std::vector<std::string> update_config(EngineConfig config);

  // Tests and bench: an engine over any Generator (a Router gets per-endpoint limits).
  static std::unique_ptr<Engine> with_generator(std::shared_ptr<Generator> generator, EngineConfig config);

 private:
  struct Impl;
  Engine(std::shared_ptr<Generator> generator, EngineConfig config);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cc::gen
