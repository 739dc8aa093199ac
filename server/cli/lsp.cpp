// `codecrucible lsp`: the language server over stdio.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

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
    try {
      options.client_process_id = std::stol(*pid);
    } catch (const std::exception&) {
      std::cerr << "codecrucible lsp: --clientProcessId needs a number, got '" << *pid << "'\n";
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
  options.ollama_url = args.get("ollama-url");
  options.openai_url = args.get("openai-url");
  for (const auto& w : warnings) spdlog::warn("{}", w);

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
