#include "generation/doctor.h"

#include <cstdio>
#include <sstream>

#include "analysis/display_text.h"
#include "generation/router/router.h"

namespace cc::gen {

std::vector<std::string> start_server_advice() {
  return {
      "Ollama: install it from https://ollama.com, run `ollama serve`, then `ollama pull qwen2.5-coder:7b` "
      "(or point at another host with --ollama-url URL or OLLAMA_HOST=host:port).",
      "LM Studio: load a model and start the local server (Developer tab, port 1234); the default endpoint is "
      "http://127.0.0.1:1234/v1.",
      "llama.cpp: `llama-server -m model.gguf --port 8080`, then use --openai-url http://127.0.0.1:8080/v1 "
      "(vLLM and other OpenAI-compatible servers work the same way).",
  };
}

DoctorReport run_doctor(const BackendConfig& config, const CancelToken& cancel) {
  DoctorReport report;
  report.timeouts = config.timeouts;
  Router router(config);
  std::vector<ProbeResult> probes = router.probe_all(cancel);
  nlohmann::json status = router.endpoints().status();
  for (std::size_t i = 0; i < probes.size(); ++i) {
    EndpointReport r;
    r.config = config.endpoints[i];
    r.probe = probes[i];
    r.breaker = status[i].value("breaker", "closed");
    if (r.probe.reachable) {
      report.any_reachable = true;
      if (r.probe.model_available == false) {
        if (r.config.kind == BackendKind::Ollama)
          r.advice.push_back("model '" + r.config.model + "' is not installed: run `ollama pull " + r.config.model + "`");
        else if (r.config.model.empty())
          r.advice.push_back("the server lists no models: load one in LM Studio or start llama-server with -m MODEL.gguf");
        else
          r.advice.push_back("model '" + r.config.model + "' is not served here; available: set \"model\" to one listed above");
      }
      if (r.config.kind == BackendKind::Ollama && r.probe.fim_capable == false)
        r.advice.push_back("this model has no fill-in-the-middle template: inline completion will use chat prompts");
    }
    report.endpoints.push_back(std::move(r));
  }
  if (config.endpoints.empty()) report.advice.push_back("No endpoints are configured (generation.endpoints is empty).");
  if (!report.any_reachable) {
    report.advice.push_back("No model server is reachable. To start one:");
    for (auto& line : start_server_advice()) report.advice.push_back(line);
  }
  return report;
}

nlohmann::json to_json(const DoctorReport& report) {
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& r : report.endpoints) {
    nlohmann::json j = to_json(r.probe);
    j["name"] = r.config.name;
    j["kind"] = to_string(r.config.kind);
    j["url"] = r.config.url;
    j["tier"] = to_string(r.config.tier);
    j["model"] = r.config.model;
    j["breaker"] = r.breaker;
    j["advice"] = r.advice;
    endpoints.push_back(std::move(j));
  }
  return {{"ok", report.any_reachable},
          {"endpoints", endpoints},
          {"advice", report.advice},
          {"configWarnings", report.config_warnings},
          {"timeouts",
           {{"connectMs", report.timeouts.connect.count()},
            {"readMs", report.timeouts.read.count()},
            {"requestMs", report.timeouts.request.count()}}}};
}

std::string format_doctor_text(const DoctorReport& report) {
  // Names, URLs and models come from configuration files (a repository's own) and from the
  // servers: each is escaped so that none can add lines or drive the terminal.
  const auto shown = [](std::string_view text) { return analysis::escape_for_display(text); };
  std::ostringstream os;
  for (const auto& w : report.config_warnings) os << "config warning: " << shown(w) << "\n";
  if (!report.config_warnings.empty()) os << "\n";
  os << "Endpoints:\n";
  for (const auto& r : report.endpoints) {
    const ProbeResult& p = r.probe;
    char latency[32];
    std::snprintf(latency, sizeof latency, "%.1f ms", p.latency_ms);
    os << "  " << shown(r.config.name) << " (" << to_string(r.config.kind) << ", " << to_string(r.config.tier) << " tier) "
       << shown(r.config.url) << "\n";
    os << "    status:  " << (p.reachable ? "reachable" : "UNREACHABLE") << (p.reachable ? std::string(" in ") + latency : "")
       << ", breaker " << r.breaker << "\n";
    if (!p.version.empty()) os << "    version: " << shown(p.version) << "\n";
    os << "    model:   " << (r.config.model.empty() ? "(first listed)" : shown(r.config.model));
    if (p.model_available) os << (*p.model_available ? " - available" : " - NOT AVAILABLE");
    if (p.fim_capable) os << (*p.fim_capable ? ", fill-in-the-middle: yes" : ", fill-in-the-middle: no");
    if (p.context_tokens) os << ", context: " << *p.context_tokens << " tokens";
    os << "\n";
    if (!p.models.empty()) {
      os << "    models:  ";
      for (std::size_t i = 0; i < p.models.size() && i < 12; ++i) os << (i ? ", " : "") << shown(p.models[i]);
      if (p.models.size() > 12) os << ", ... (" << p.models.size() << " in all)";
      os << "\n";
    }
    if (!p.error.empty()) os << "    error:   " << shown(p.error) << "\n";
    for (const auto& a : r.advice) os << "    advice:  " << shown(a) << "\n";
  }
  if (report.endpoints.empty()) os << "  (none)\n";
  if (!report.advice.empty()) {
    os << "\n";
    for (std::size_t i = 0; i < report.advice.size(); ++i) os << (i ? "  - " : "") << report.advice[i] << "\n";
  }
  os << "\n" << (report.any_reachable ? "OK: at least one model server is reachable." : "FAIL: no model server is reachable.") << "\n";
  return os.str();
}

}  // namespace cc::gen
