// Placeholder until the owning subsystem lands: fails loudly with exit code 2.
#include <iostream>

#include "server/commands.h"

namespace cc::commands {

static int run_ask(const cli::CommandSpec&, const cli::ParsedArgs&) {
  std::cerr << "codecrucible ask: not available in this build yet\n";
  return 2;
}

const cli::CommandSpec& ask() {
  static const cli::CommandSpec spec{"ask", "(ask: not available yet)", "codecrucible ask [options]", "", {}, &run_ask};
  return spec;
}

}  // namespace cc::commands
