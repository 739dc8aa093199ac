// `codecrucible ask`: one question to the local models from the shell, streamed to stdout.
// A single voice (or none) streams the answer as it arrives; several voices (--voices,
// --preset, or --mode) run a synthesis and stream the final merge call. Diagnostics and
// per-voice summaries go to stderr so stdout stays pipeable.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "analysis/display_text.h"
#include "generation/engine.h"
#include "protocol/json_wire.h"
#include "server/cli/commands.h"
#include "server/config.h"
#include "server/cli/endpoint_options.h"

namespace cc::commands {
namespace {

constexpr int kUsageError = 2;

int usage_error(const std::string& message) {
  std::cerr << "codecrucible ask: " << message << "\nRun 'codecrucible ask --help' for usage.\n";
  return kUsageError;
}

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read --file " + path;
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fence_language(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  return ext;
}

nlohmann::json result_json(const gen::GenerationResult& r) {
  nlohmann::json j = {{"ok", r.ok()},           {"text", r.text},         {"finishReason", r.finish_reason},
                      {"backend", r.backend},   {"endpoint", r.endpoint}, {"model", r.model},
                      {"tier", gen::to_string(r.tier)}, {"fromCache", r.from_cache}, {"escalated", r.escalated},
                      {"latencyMs", r.latency_ms}, {"completionTokens", r.completion_tokens}};
  if (!r.ok()) {
    j["error"] = gen::to_string(r.error);
    j["errorMessage"] = r.error_message;
  }
  return j;
}

// What to tell a user when no model server answered.
std::string unavailable_help(const gen::BackendConfig& backend) {
  std::ostringstream os;
  os << "No model server answered. Endpoints tried:\n";
  std::string ollama_model = "qwen2.5-coder:7b";
  for (const auto& e : backend.endpoints) {
    os << "  " << analysis::escape_for_display(e.name) << " (" << gen::to_string(e.kind) << ", " << gen::to_string(e.tier)
       << " tier) at " << analysis::escape_for_display(e.url) << "\n";
    if (e.kind == gen::BackendKind::Ollama && !e.model.empty()) ollama_model = e.model;
  }
  os << "Start one of them:\n"
     << "  Ollama:     ollama serve   (once: ollama pull " << ollama_model << ")\n"
     << "  LM Studio:  Developer tab > Start Server (listens on http://127.0.0.1:1234/v1), load a model\n"
     << "  llama.cpp:  llama-server -m MODEL.gguf --port 8080, then --openai-url http://127.0.0.1:8080/v1\n"
     << "or point codecrucible at a running server with --ollama-url URL / --openai-url URL.\n"
     << "`codecrucible doctor` checks every endpoint.\n";
  return os.str();
}

int report_failure(const gen::GenerationResult& r, const gen::BackendConfig& backend) {
  // Messages name endpoints from configuration and quote servers: one escaped line.
  std::cerr << "codecrucible ask: " << analysis::escape_for_display(r.error_message.empty() ? gen::to_string(r.error) : r.error_message)
            << "\n";
  bool has_advice = r.error_message.find("ollama serve") != std::string::npos;  // the router's own hint
  if ((r.error == gen::ErrorKind::Unavailable || r.error == gen::ErrorKind::Timeout) && !has_advice)
    std::cerr << unavailable_help(backend);
  return 1;
}

// Serialises writes from engine threads to stdout.
struct Output {
  std::mutex mutex;
  std::string streamed;
  void write(std::string_view text) {
    std::lock_guard lock(mutex);
    streamed.append(text);
    std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
    std::cout.flush();
  }
};

void finish_text(Output& out, const std::string& final_text) {
  std::lock_guard lock(out.mutex);
  if (out.streamed != final_text) {
    // Nothing streamed (a competitive pick) or the router restarted the answer: print it whole.
    if (!out.streamed.empty()) std::cout << "\n\n--- final answer ---\n";
    std::cout << final_text;
    out.streamed = final_text;
  }
  if (out.streamed.empty() || out.streamed.back() != '\n') std::cout << "\n";
  std::cout.flush();
}

int run_ask(const cli::CommandSpec&, const cli::ParsedArgs& args) {
  // --- arguments -------------------------------------------------------------------------
  int selectors = args.has("voice") + args.has("voices") + args.has("preset");
  if (selectors > 1) return usage_error("use only one of --voice, --voices and --preset");
  std::optional<gen::SynthesisMode> mode;
  if (auto m = args.get("mode")) {
    mode = gen::synthesis_mode_from_string(*m);
    if (!mode) return usage_error("--mode must be competitive, collaborative or consensus (got '" + *m + "')");
  }
  int max_tokens = 1024;
  if (auto n = args.get("max-tokens")) {
    try {
      std::size_t used = 0;
      max_tokens = std::stoi(*n, &used);
      if (used != n->size() || max_tokens <= 0) throw std::invalid_argument(*n);
    } catch (const std::exception&) {
      return usage_error("--max-tokens must be a positive integer (got '" + *n + "')");
    }
  }

  std::string prompt;
  for (const auto& p : args.positionals) prompt += (prompt.empty() ? "" : " ") + p;
  if (prompt.empty()) {
    if (::isatty(STDIN_FILENO)) std::cerr << "(reading the question from stdin; end with Ctrl-D)\n";
    prompt.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    while (!prompt.empty() && (prompt.back() == '\n' || prompt.back() == '\r')) prompt.pop_back();
  }
  if (args.values.count("file")) {
    for (const auto& path : args.values.at("file")) {
      std::string error;
      auto content = read_file(path, error);
      if (!content) return usage_error(error);
      prompt += "\n\nFile `" + path + "`:\n```" + fence_language(path) + "\n" + *content +
                (content->empty() || content->back() == '\n' ? "" : "\n") + "```\n";
    }
  }
  if (prompt.find_first_not_of(" \t\r\n") == std::string::npos)
    return usage_error("no question given (pass PROMPT, --file, or text on stdin)");

  // --- configuration ---------------------------------------------------------------------
  std::vector<std::string> warnings;
  std::error_code ec;
  auto cwd = std::filesystem::current_path(ec);
  nlohmann::json merged = config::load_layers(args.get("config"), ec ? std::nullopt : std::optional(cwd), warnings);
  gen::EngineConfig config = gen::engine_config_from_json(merged, warnings);
  std::vector<std::string> repeated;  // the backend part was already parsed (and warned about) above
  config.backend = server::backend_config_from_args(merged, args, repeated);
  if (args.has("no-cache")) config.cache.enabled = false;
  for (const auto& w : warnings) std::cerr << "codecrucible ask: warning: " << w << "\n";

  std::vector<std::string> voices;
  if (auto v = args.get("voice")) voices = {*v};
  if (auto v = args.get("voices")) {
    voices = gen::split_voice_list(*v);
    if (voices.empty()) return usage_error("--voices needs a comma-separated list of voice ids");
  }
  if (auto p = args.get("preset")) {
    auto preset = config.voices.preset(*p);
    if (!preset.ok()) return usage_error(preset.error);
    for (const auto& v : *preset.value) voices.push_back(v.id);
  }
  auto resolved = config.voices.resolve(voices);
  if (!resolved.ok()) return usage_error(resolved.error);

  gen::GenerationRequest request;
  request.messages = {{"user", prompt}};
  request.priority = gen::Priority::Interactive;
  request.max_tokens = max_tokens;
  if (auto model = args.get("model")) request.model = *model;
  const bool json = args.has("json");
  gen::BackendConfig backend = config.backend;
  gen::Engine engine(std::move(config));
  Output out;

  // --- one voice (or none): stream the answer ---------------------------------------------
  if (resolved.value->size() <= 1 && !mode) {
    if (!resolved.value->empty()) request.voice = resolved.value->front().id;
    auto r = engine.generate_blocking(request, json ? gen::TokenCallback() : gen::TokenCallback([&](std::string_view t) { out.write(t); }));
    if (json) {
      std::cout << protocol::dump_wire(result_json(r)) << "\n";
      if (!r.ok()) report_failure(r, backend);
      return r.ok() ? 0 : 1;
    }
    if (!r.ok()) return report_failure(r, backend);
    finish_text(out, r.text);
    return 0;
  }

  // --- several voices: synthesis ------------------------------------------------------------
  gen::SynthesisRequest synth;
  synth.base = request;
  for (const auto& v : *resolved.value) synth.voices.push_back(v.id);
  synth.mode = mode.value_or(gen::SynthesisMode::Collaborative);
  if (!json) std::cerr << "asking " << synth.voices.size() << " voices (" << gen::to_string(synth.mode) << ")...\n";
  auto result = engine.synthesize_blocking(synth, [&](const std::string& voice, std::string_view t) {
    if (!json && voice == "synthesis") out.write(t);
  });
  if (json) {
    nlohmann::json answers = nlohmann::json::array();
    for (const auto& a : result.answers) {
      auto j = result_json(a.result);
      j["voice"] = a.voice;
      j["contributed"] = a.contributed;
      j["score"] = a.score;
      answers.push_back(std::move(j));
    }
    nlohmann::json j = {{"mode", gen::to_string(result.mode)}, {"final", result_json(result.final)},
                        {"answers", std::move(answers)}, {"note", result.note}};
    std::cout << protocol::dump_wire(j) << "\n";
    if (!result.final.ok()) report_failure(result.final, backend);
    return result.final.ok() ? 0 : 1;
  }
  for (const auto& a : result.answers) {
    std::cerr << "  " << a.voice << ": ";
    if (a.result.ok())
      std::cerr << static_cast<long>(a.result.latency_ms) << " ms via " << analysis::escape_for_display(a.result.endpoint) << " ("
                << gen::to_string(a.result.tier) << ")" << (a.result.from_cache ? ", cached" : "")
                << (a.contributed ? ", contributed" : "") << "\n";
    else
      std::cerr << "failed: " << analysis::escape_for_display(a.result.error_message) << "\n";
  }
  if (!result.note.empty()) std::cerr << "  note: " << result.note << "\n";
  if (!result.final.ok()) return report_failure(result.final, backend);
  finish_text(out, result.final.text);
  return 0;
}

std::vector<cli::OptionSpec> ask_options() {
  std::vector<cli::OptionSpec> options = {
      {"file", "F", "attach the content of file F (repeatable; secrets are redacted before sending)"},
      {"voice", "V", "answer with one voice (id, name or unique prefix; see `codecrucible voices`)"},
      {"voices", "A,B", "answer with several voices and synthesise their answers"},
      {"preset", "P", "answer with the voices of preset P (default, security, quality, ...)"},
      {"mode", "MODE", "synthesis mode: competitive, collaborative (default) or consensus"},
      {"model", "NAME", "model name to request (default: the endpoint's configured model)"},
      {"max-tokens", "N", "maximum answer length in tokens (default 1024)"},
      {"no-cache", "", "neither read nor write the response cache"},
      {"json", "", "print the result (and each voice's answer) as JSON instead of streaming text"},
  };
  for (const auto& o : server::endpoint_options()) options.push_back(o);
  return options;
}

}  // namespace

const cli::CommandSpec& ask() {
  static const cli::CommandSpec spec{
      "ask",
      "ask the local models a question (optionally several voices, synthesised)",
      "codecrucible ask [PROMPT] [--file F] [--voice V | --voices A,B | --preset P] [--mode MODE] [--json]",
      "The question is PROMPT (all words joined), or stdin when no PROMPT is given. The answer\n"
      "streams to stdout; progress and errors go to stderr. With several voices the answers are\n"
      "merged: competitive keeps the best-scoring answer, collaborative merges them in one final\n"
      "call, consensus keeps what most voices agree on. Exit status: 0 answered, 1 no answer\n"
      "(e.g. no model server reachable: the endpoints tried are listed), 2 usage error.",
      ask_options(),
      &run_ask};
  return spec;
}

}  // namespace cc::commands
