// Placeholder until the owning subsystem lands: fails loudly with exit code 2.
#include <iostream>

#include "server/commands.h"

namespace cc::commands {

static int run_doctor(const cli::CommandSpec&, const cli::ParsedArgs&) {
  std::cerr << "codecrucible doctor: not available in this build yet\n";
  return 2;
}

const cli::CommandSpec& doctor() {
  static const cli::CommandSpec spec{"doctor", "(doctor: not available yet)", "codecrucible doctor [options]", "", {}, &run_doctor};
  return spec;
}

}  // namespace cc::commands
