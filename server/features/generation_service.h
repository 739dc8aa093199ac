#pragma once
// The generation engine as the server sees it: built from the merged settings, rebuilt when
// the `generation` section changes, probed in the background so code actions know (without
// any network call of their own) whether a model server is reachable, and reported to the
// client through `codecrucible/status`, `codecrucible/metrics` and `codecrucible.doctor`.
//
// generation.enabled: "off" probes nothing and offers no AI; "on" reports model servers that
// are down as a problem; "auto" (the default) stays quiet while no endpoint was configured
// explicitly (settings, --ollama-url/--openai-url, OLLAMA_HOST) and none has ever answered:
// static analysis is the product then, so the status is neutral, no AI action is offered and
// a hint how to enable AI is logged once.
// Loop thread only; probes run on the service's own worker and post back.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "analysis/scan/thread_pool.h"
#include "generation/backends/backend_config.h"
#include "generation/engine.h"
#include "server/server.h"

namespace cc::server {

enum class AiMode { Auto, On, Off };

class GenerationService : public Feature {
 public:
  explicit GenerationService(Server& server);
  ~GenerationService() override;

  void on_initialized() override;
  void on_config_changed() override;
  void on_shutdown() override;

  // Null when AI is disabled in settings or the server is shutting down.
  gen::Engine* engine() { return enabled_ ? engine_.get() : nullptr; }
  bool enabled() const { return enabled_; }
  // A backend answered the last probe (optimistic until the first probe finishes).
  bool available() const { return available_; }
  const std::string& unavailable_reason() const { return unavailable_reason_; }
  // "auto" with nothing configured and nothing ever reached: AI stays out of sight.
  bool quiet() const { return mode_ == AiMode::Auto && !explicit_endpoints_ && !ever_reached_ && !available_; }

  // The smallest context window (tokens) a reachable endpoint reported for its model in the
  // last probe: any of them may serve a request. nullopt when none reported one.
  std::optional<std::size_t> model_context_tokens() const;

  // Runs the doctor probes off the loop; `done` runs on the loop with (json report, text).
  void run_doctor(std::function<void(const json&, const std::string&)> done);
  // After a request fails with Unavailable: re-probe soon (bounded rate).
  void note_failure();
  // Publishes codecrucible/status (throttled to one per second unless forced).
  void publish_status(bool force = false);
  json status() const;

 private:
  void rebuild();
  void probe();
  // The generation settings' backends with the command line's endpoint overrides applied.
  gen::BackendConfig backend_config(std::vector<std::string>& warnings) const;

  Server& server_;
  std::unique_ptr<gen::Engine> engine_;
  std::unique_ptr<ThreadPool> probe_pool_;
  json generation_section_;
  bool enabled_ = true;
  bool available_ = true;
  AiMode mode_ = AiMode::Auto;
  bool explicit_endpoints_ = false;
  bool ever_reached_ = false;
  bool hint_logged_ = false;
  bool probing_ = false;
  bool probe_again_ = false;  // asked for while probing (settings changed): probe once more after
  std::string unavailable_reason_;
  json last_report_ = json::object();
  std::uint64_t last_status_ms_ = 0;
  std::uint64_t last_probe_ms_ = 0;
  std::unique_ptr<Timer> reprobe_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cc::server
