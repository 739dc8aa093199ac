// codecrucible: one binary, several subcommands (lsp, analyze, ask, doctor, voices, bench, context).
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "server/cli/commands.h"
#include "server/logging.h"
#include "server/version.h"

namespace {

const std::vector<const cc::cli::CommandSpec*>& all_commands() {
  static const std::vector<const cc::cli::CommandSpec*> commands = {
      &cc::commands::lsp(),    &cc::commands::analyze(), &cc::commands::ask(),
      &cc::commands::doctor(), &cc::commands::voices(),  &cc::commands::bench(),
      &cc::commands::context(),
  };
  return commands;
}

void print_top_help(std::ostream& os) {
  os << "codecrucible " << cc::kVersion << " - local-LLM assistance and static analysis for every LSP editor\n\n"
     << "Usage: codecrucible COMMAND [options]\n\nCommands:\n";
  for (const auto* c : all_commands()) {
    std::string name = "  " + c->name;
    os << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') << c->summary << "\n";
  }
  os << "\nGlobal options: --version, --help. Every command accepts --config FILE, --log-level LEVEL,\n"
     << "--log-file FILE and --help. `codecrucible --stdio` is the same as `codecrucible lsp`.\n";
}

}  // namespace

int main(int argc, char** argv) {
  // First thing: spdlog's default logger writes to stdout, which is the LSP channel.
  cc::install_stderr_logger();
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an error code, not a death

  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_top_help(std::cerr);
    return 2;
  }
  const std::string& first = args.front();
  if (first == "--version" || first == "version") {
    std::cout << "codecrucible " << cc::kVersion << "\n";
    return 0;
  }
  if (first == "--help" || first == "-h" || first == "help") {
    print_top_help(std::cout);
    return 0;
  }

  const cc::cli::CommandSpec* command = nullptr;
  std::vector<std::string> rest;
  if (first.rfind("--", 0) == 0) {
    // Editors often launch `codecrucible --stdio`: options without a command mean `lsp`.
    command = &cc::commands::lsp();
    rest = args;
  } else {
    for (const auto* c : all_commands())
      if (c->name == first) command = c;
    if (!command) {
      std::cerr << "codecrucible: unknown command '" << first << "'\nRun 'codecrucible --help' for the list.\n";
      return 2;
    }
    rest.assign(args.begin() + 1, args.end());
  }

  cc::cli::ParsedArgs parsed;
  if (auto err = cc::cli::parse_command(*command, rest, parsed)) {
    std::cerr << "codecrucible " << command->name << ": " << err->message << "\nRun 'codecrucible "
              << command->name << " --help' for usage.\n";
    return 2;
  }
  if (parsed.has("help")) {
    std::cout << cc::cli::format_help(*command);
    return 0;
  }
  if (auto err = cc::setup_logging(parsed.get_or("log-level", "warn"), parsed.get_or("log-file", ""))) {
    std::cerr << "codecrucible " << command->name << ": " << *err << "\n";
    return 2;
  }
  return command->run(*command, parsed);
}
