// `codecrucible doctor`: is any model server reachable, with which models, and what to do
// when none is. Works without the LSP pieces; exit 0 when at least one endpoint answers.
#include <filesystem>
#include <iostream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "generation/doctor.h"
#include "server/cli/commands.h"
#include "server/config.h"
#include "server/cli/endpoint_options.h"

namespace cc::commands {
namespace {

int run_doctor(const cli::CommandSpec&, const cli::ParsedArgs& args) {
  std::vector<std::string> warnings;
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  nlohmann::json merged = config::load_layers(args.get("config"), ec ? std::nullopt : std::optional(cwd), warnings);
  gen::BackendConfig backend = server::backend_config_from_args(merged, args, warnings);
  gen::DoctorReport report = gen::run_doctor(backend, CancelToken());
  report.config_warnings = warnings;
  if (args.has("json"))
    std::cout << gen::to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << gen::format_doctor_text(report);
  return report.any_reachable ? 0 : 1;
}

std::vector<cli::OptionSpec> doctor_options() {
  std::vector<cli::OptionSpec> options = {{"json", "", "print the report as JSON"}};
  for (const auto& o : server::endpoint_options()) options.push_back(o);
  return options;
}

}  // namespace

const cli::CommandSpec& doctor() {
  static const cli::CommandSpec spec{
      "doctor",
      "check the model servers (Ollama, LM Studio, llama.cpp, vLLM): reachability, models, latency",
      "codecrucible doctor [--json] [--ollama-url URL] [--openai-url URL] [--config FILE]",
      "Probes every configured endpoint (generation.endpoints) concurrently within the connect\n"
      "timeout and reports version, models, latency and breaker state, with advice when nothing\n"
      "answers. OLLAMA_HOST is honoured as by Ollama's own tools. Exit status: 0 when at least one\n"
      "endpoint is reachable, 1 otherwise.",
      doctor_options(),
      &run_doctor};
  return spec;
}

}  // namespace cc::commands
