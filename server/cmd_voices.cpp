// Placeholder until the owning subsystem lands: fails loudly with exit code 2.
#include <iostream>

#include "server/commands.h"

namespace cc::commands {

static int run_voices(const cli::CommandSpec&, const cli::ParsedArgs&) {
  std::cerr << "codecrucible voices: not available in this build yet\n";
  return 2;
}

const cli::CommandSpec& voices() {
  static const cli::CommandSpec spec{"voices", "(voices: not available yet)", "codecrucible voices [options]", "", {}, &run_voices};
  return spec;
}

}  // namespace cc::commands
