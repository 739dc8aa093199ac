// Placeholder until the owning subsystem lands: fails loudly with exit code 2.
#include <iostream>

#include "server/commands.h"

namespace cc::commands {

static int run_bench(const cli::CommandSpec&, const cli::ParsedArgs&) {
  std::cerr << "codecrucible bench: not available in this build yet\n";
  return 2;
}

const cli::CommandSpec& bench() {
  static const cli::CommandSpec spec{"bench", "(bench: not available yet)", "codecrucible bench [options]", "", {}, &run_bench};
  return spec;
}

}  // namespace cc::commands
