// `codecrucible lsp`: the language server over stdio.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "server/cli/commands.h"
#include "server/cli/endpoint_options.h"
#include "server/config.h"
#include "server/event_loop.h"
#include "server/features/install.h"
#include "server/server.h"

namespace cc::commands {

namespace {

// Keeps the real stdout for frames and points fd 1 at stderr, so a stray printf in any
// library can never corrupt the LSP channel.
int take_stdout_for_frames() {
  std::fflush(stdout);
  int frames = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (frames < 0) return STDOUT_FILENO;
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
  return frames;
}

// pid_t is a 32-bit int; 0 and negative values name process groups for kill(), never a client.
constexpr long kMaxProcessId = 2147483647;

std::optional<long> parse_process_id(const std::string& text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > kMaxProcessId) return std::nullopt;
  return value;
}

std::vector<cli::OptionSpec> lsp_options() {
  std::vector<cli::OptionSpec> options = {
      {"stdio", "", "use stdin/stdout (the default; accepted for editor compatibility)"},
      {"clientProcessId", "PID", "exit when this process dies"},
  };
  for (const auto& o : server::endpoint_options()) options.push_back(o);
  return options;
}

int run_lsp(const cli::CommandSpec&, const cli::ParsedArgs& args) {
  server::ServerOptions options;
  if (auto pid = args.get("clientProcessId")) {
    options.client_process_id = parse_process_id(*pid);
    if (!options.client_process_id) {
      std::cerr << "codecrucible lsp: --clientProcessId needs a process id (a whole number from 1 to "
                << kMaxProcessId << "), got '" << *pid << "'\n";
      return 2;
    }
  }
  std::vector<std::string> warnings;
  auto explicit_config = args.get("config");
  if (explicit_config && !std::filesystem::exists(*explicit_config)) {
    std::cerr << "codecrucible lsp: config file not found: " << *explicit_config << "\n";
    return 2;
  }
  options.file_config = config::load_layers(explicit_config, std::nullopt, warnings);
  options.file_config_warnings = warnings;  // logged and shown to the client after initialize
  options.ollama_url = args.get("ollama-url");
  options.openai_url = args.get("openai-url");

  options.in_fd = STDIN_FILENO;
  options.out_fd = take_stdout_for_frames();
  int code;
  {
    server::EventLoop loop;
    server::Server server(loop, options);
    server::install_features(server);
    code = server.run();
  }
  spdlog::info("exiting with code {}", code);
  return code;
}

}  // namespace

const cli::CommandSpec& lsp() {
  static const cli::CommandSpec spec{
      "lsp",
      "run the language server over stdio (what editors start)",
      "codecrucible lsp [--stdio] [--clientProcessId PID] [--ollama-url URL] [--openai-url URL] [options]",
      "The server speaks LSP 3.17 on stdin/stdout; logs go to stderr (level warn by default)\n"
      "or to --log-file. It exits when the editor sends exit, closes stdin, or when the\n"
      "process given by --clientProcessId (or initialize's processId) dies. --ollama-url and\n"
      "--openai-url replace the configured endpoints of that kind, as for `ask` and `doctor`\n"
      "(for editors where the server command line is the easiest place to set them).",
      lsp_options(),
      &run_lsp,
  };
  return spec;
}

}  // namespace cc::commands
