#pragma once
// `codecrucible doctor`: probes every configured endpoint (concurrently), and explains what
// to do when nothing answers. The command in server/cli/doctor.cpp only parses options and
// prints; everything testable lives here.
//
// Thread-safety: run_doctor() builds its own objects; safe from any thread.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generation/backends/backend_config.h"
#include "generation/backends/endpoint_backend.h"
#include "protocol/cancellation.h"

namespace cc::gen {

struct EndpointReport {
  EndpointConfig config;
  ProbeResult probe;
  std::string breaker;  // breaker state after the probe was recorded
  std::vector<std::string> advice;
};

struct DoctorReport {
  std::vector<EndpointReport> endpoints;
  std::vector<std::string> config_warnings;
  std::vector<std::string> advice;  // general advice (nothing reachable, ...)
  bool any_reachable = false;
  TimeoutConfig timeouts;
};

DoctorReport run_doctor(const BackendConfig& config, const CancelToken& cancel);

// {"ok", "endpoints":[{name, kind, url, tier, model, reachable, version, models, latencyMs,
//  modelAvailable, fimCapable, breaker, error, advice}], "advice", "configWarnings", "timeouts"}
nlohmann::json to_json(const DoctorReport& report);
std::string format_doctor_text(const DoctorReport& report);

// How to get a model server running (shown when nothing is reachable).
std::vector<std::string> start_server_advice();

}  // namespace cc::gen
