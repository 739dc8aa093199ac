// Placeholder until the owning subsystem lands: fails loudly with exit code 2.
#include <iostream>

#include "server/commands.h"

namespace cc::commands {

static int run_analyze(const cli::CommandSpec&, const cli::ParsedArgs&) {
  std::cerr << "codecrucible analyze: not available in this build yet\n";
  return 2;
}

const cli::CommandSpec& analyze() {
  static const cli::CommandSpec spec{"analyze", "(analyze: not available yet)", "codecrucible analyze [options]", "", {}, &run_analyze};
  return spec;
}

}  // namespace cc::commands
