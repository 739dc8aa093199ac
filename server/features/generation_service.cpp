#include "server/features/generation_service.h"

#include <spdlog/spdlog.h>

#include "generation/doctor.h"

namespace cc::server {

namespace {
constexpr std::uint64_t kReprobeMs = 30'000;  // background health refresh while unavailable
}

GenerationService::GenerationService(Server& server) : server_(server), probe_pool_(std::make_unique<ThreadPool>(1)) {
  server_.on_request("codecrucible/metrics", [this](const json&, Reply reply, const RequestContext&) {
    json m{{"server", {{"pendingRequests", server_.pending_requests()},
                       {"pendingClientRequests", server_.pending_client_requests()},
                       {"openDocuments", server_.documents().size()}}}};
    if (engine_) m["generation"] = engine_->metrics();
    m["status"] = status();
    reply.result(std::move(m));
  });
  server_.on_command("codecrucible.doctor", [this](const json&, Reply reply, const RequestContext&) {
    run_doctor([this, reply](const json& report, const std::string& text) {
      server_.log_message(MessageType::Info, text);
      bool ok = report.value("ok", false);
      server_.show_message(ok ? MessageType::Info : MessageType::Warning,
                           ok ? "CodeCrucible: model server reachable (details in the log)"
                              : "CodeCrucible: no model server reachable. Start Ollama (`ollama serve`) or LM "
                                "Studio's local server; details in the log.");
      reply.result(report);
    });
  });
  rebuild();
}

GenerationService::~GenerationService() {
  *alive_ = false;
  probe_pool_.reset();  // joins a running probe (bounded by the connect timeout)
  engine_.reset();      // cancels and joins generation work
}

void GenerationService::rebuild() {
  const json& settings = server_.settings();
  json section = settings.contains("generation") ? settings["generation"] : json::object();
  bool enabled = true;
  if (settings.contains("ai") && settings["ai"].is_object() && settings["ai"].contains("enabled") &&
      settings["ai"]["enabled"].is_boolean())
    enabled = settings["ai"]["enabled"].get<bool>();
  enabled_ = enabled;
  if (engine_ && section == generation_section_) return;
  generation_section_ = section;
  std::vector<std::string> warnings;
  auto config = gen::engine_config_from_json(settings, warnings);
  for (const auto& w : warnings) {
    spdlog::warn("config: {}", w);
    if (server_.lifecycle() != Lifecycle::Uninitialized) server_.log_message(MessageType::Warning, "codecrucible: " + w);
  }
  if (engine_) {
    auto restart = engine_->update_config(config);
    if (restart.empty()) return;
    spdlog::info("generation settings changed ({}); restarting the engine", restart.front());
  }
  engine_.reset();  // cancels in-flight work of the old engine
  engine_ = std::make_unique<gen::Engine>(std::move(config));
}

void GenerationService::on_initialized() { probe(); }

void GenerationService::on_config_changed() {
  bool was_enabled = enabled_;
  json before = generation_section_;
  rebuild();
  if (before != generation_section_ || (enabled_ && !was_enabled)) probe();
}

void GenerationService::on_shutdown() {
  if (reprobe_) reprobe_->stop();
}

void GenerationService::run_doctor(std::function<void(const json&, const std::string&)> done) {
  std::vector<std::string> warnings;
  auto backend = gen::backend_config_from_json(server_.settings(), warnings);
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  probe_pool_->post([backend, weak, &loop, done = std::move(done)] {
    auto report = gen::run_doctor(backend, CancelToken{});
    json j = gen::to_json(report);
    std::string text = gen::format_doctor_text(report);
    loop.post([weak, done, j = std::move(j), text = std::move(text)] {
      if (!weak.expired()) done(j, text);
    });
  });
}

void GenerationService::probe() {
  if (server_.shutting_down() || !enabled_) return;
  if (probing_) {
    // The running probe may test endpoints the settings no longer name: run again after it.
    probe_again_ = true;
    return;
  }
  probing_ = true;
  last_probe_ms_ = server_.loop().now_ms();
  run_doctor([this](const json& report, const std::string&) {
    probing_ = false;
    if (probe_again_) {
      probe_again_ = false;
      probe();
      return;
    }
    last_report_ = report;
    bool was = available_;
    available_ = report.value("ok", false);
    if (available_) {
      unavailable_reason_.clear();
    } else {
      std::string tried;
      for (const auto& e : report.value("endpoints", json::array()))
        tried += (tried.empty() ? "" : ", ") + e.value("name", std::string("?")) + " (" + e.value("url", std::string("")) + ")";
      unavailable_reason_ = "No model server reachable (tried " + tried +
                            "). Start Ollama (`ollama serve`) or LM Studio's local server, then run "
                            "'CodeCrucible: Doctor'.";
    }
    if (was != available_) spdlog::info("model servers {}", available_ ? "reachable" : "unreachable");
    publish_status(true);
    if (!available_ && !server_.shutting_down()) {
      if (!reprobe_) reprobe_ = std::make_unique<Timer>(server_.loop());
      reprobe_->start(kReprobeMs, [this] { probe(); });
      reprobe_->unref();
    }
  });
}

void GenerationService::note_failure() {
  if (server_.loop().now_ms() - last_probe_ms_ > 5000) probe();
}

json GenerationService::status() const {
  json s{{"enabled", enabled_}, {"available", available_}};
  json backends = json::array();
  for (const auto& e : last_report_.value("endpoints", json::array()))
    backends.push_back({{"name", e.value("name", "")}, {"kind", e.value("kind", "")}, {"url", e.value("url", "")},
                        {"tier", e.value("tier", "")}, {"healthy", e.value("reachable", false)},
                        {"breaker", e.value("breaker", "")}, {"latencyMs", e.value("latencyMs", json(nullptr))}});
  s["backends"] = backends;
  if (engine_) {
    json es = engine_->status();
    s["queue"] = es.value("queue", json::object());
    s["cache"] = es.value("cache", json::object());
    if (es.contains("backends")) s["router"] = es["backends"];
  }
  std::size_t healthy = 0;
  for (const auto& b : backends) healthy += b.value("healthy", false) ? 1 : 0;
  s["summary"] = !enabled_ ? "AI disabled"
                           : (available_ ? std::to_string(healthy) + "/" + std::to_string(backends.size()) + " model servers up"
                                         : "no model server");
  return s;
}

void GenerationService::publish_status(bool force) {
  if (server_.lifecycle() != Lifecycle::Running) return;
  std::uint64_t now = server_.loop().now_ms();
  if (!force && now - last_status_ms_ < 1000) return;
  last_status_ms_ = now;
  server_.notify("codecrucible/status", status());
}

}  // namespace cc::server
