#include "server/features/generation_service.h"

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "generation/doctor.h"

namespace cc::server {

namespace {
constexpr std::uint64_t kReprobeMs = 30'000;  // background health refresh while unavailable

constexpr const char* kEnableAiHint =
    "codecrucible: static analysis is on. AI actions, completion and review need a local model "
    "server: start Ollama (`ollama serve`) or LM Studio's local server, or set "
    "generation.endpoints (or --ollama-url/--openai-url); `codecrucible doctor` checks them. "
    "Set generation.enabled to \"off\" to stop looking for one.";

const char* to_string(AiMode mode) {
  switch (mode) {
    case AiMode::On: return "on";
    case AiMode::Off: return "off";
    case AiMode::Auto: break;
  }
  return "auto";
}

// generation.enabled: "auto" | "on" | "off" (true/false accepted as "on"/"off").
AiMode ai_mode_from(const json& generation, std::vector<std::string>& warnings) {
  if (!generation.is_object() || !generation.contains("enabled")) return AiMode::Auto;
  const json& v = generation["enabled"];
  if (v.is_boolean()) return v.get<bool>() ? AiMode::On : AiMode::Off;
  if (v == "auto") return AiMode::Auto;
  if (v == "on") return AiMode::On;
  if (v == "off") return AiMode::Off;
  warnings.push_back("generation.enabled must be \"auto\", \"on\" or \"off\"; using \"auto\"");
  return AiMode::Auto;
}

}  // namespace

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
      json result = report;
      result["text"] = text;  // the report as `codecrucible doctor` prints it, for editors to show
      reply.result(std::move(result));
    });
  });
  rebuild();
}

GenerationService::~GenerationService() {
  *alive_ = false;
  probe_pool_.reset();  // joins a running probe (bounded by the connect timeout)
  engine_.reset();      // cancels and joins generation work
}

gen::BackendConfig GenerationService::backend_config(std::vector<std::string>& warnings) const {
  auto config = gen::backend_config_from_json(server_.settings(), warnings);
  gen::apply_endpoint_overrides(config, server_.options().ollama_url, server_.options().openai_url);
  return config;
}

void GenerationService::rebuild() {
  const json& settings = server_.settings();
  json section = settings.contains("generation") ? settings["generation"] : json::object();
  std::vector<std::string> warnings;
  bool enabled = true;
  if (settings.contains("ai") && settings["ai"].is_object() && settings["ai"].contains("enabled") &&
      settings["ai"]["enabled"].is_boolean())
    enabled = settings["ai"]["enabled"].get<bool>();
  mode_ = ai_mode_from(section, warnings);
  enabled_ = enabled && mode_ != AiMode::Off;
  const auto& opts = server_.options();
  const char* ollama_host = std::getenv("OLLAMA_HOST");
  explicit_endpoints_ = (section.is_object() && section.contains("endpoints") && !section["endpoints"].is_null()) ||
                        opts.ollama_url || opts.openai_url || (ollama_host && *ollama_host);
  if (engine_ && section == generation_section_) return;  // its warnings were told already
  generation_section_ = section;
  auto config = gen::engine_config_from_json(settings, warnings);
  gen::apply_endpoint_overrides(config.backend, opts.ollama_url, opts.openai_url);
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
  auto backend = backend_config(warnings);
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
    ever_reached_ |= available_;
    if (quiet() && !hint_logged_) {
      hint_logged_ = true;
      server_.log_message(MessageType::Info, kEnableAiHint);
    }
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
  json s{{"enabled", enabled_}, {"available", available_}, {"mode", to_string(mode_)}, {"quiet", quiet()}};
  if (quiet()) s["hint"] = kEnableAiHint;
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
  s["summary"] = !enabled_  ? "AI disabled"
                 : quiet()  ? "static analysis only (no model server configured or found)"
                 : available_ ? std::to_string(healthy) + "/" + std::to_string(backends.size()) + " model servers up"
                              : "no model server";
  return s;
}

std::optional<std::size_t> GenerationService::model_context_tokens() const {
  std::optional<std::size_t> smallest;
  for (const auto& e : last_report_.value("endpoints", json::array())) {
    auto tokens = e.find("contextTokens");
    if (!e.value("reachable", false) || tokens == e.end() || !tokens->is_number_unsigned()) continue;
    std::size_t n = tokens->get<std::size_t>();
    smallest = smallest ? std::min(*smallest, n) : n;
  }
  return smallest;
}

void GenerationService::publish_status(bool force) {
  if (server_.lifecycle() != Lifecycle::Running) return;
  std::uint64_t now = server_.loop().now_ms();
  if (!force && now - last_status_ms_ < 1000) return;
  last_status_ms_ = now;
  server_.notify("codecrucible/status", status());
}

}  // namespace cc::server
