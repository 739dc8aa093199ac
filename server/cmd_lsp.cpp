// Placeholder until the owning subsystem lands: fails loudly with exit code 2.
#include <iostream>

#include "server/commands.h"

namespace cc::commands {

static int run_lsp(const cli::CommandSpec&, const cli::ParsedArgs&) {
  std::cerr << "codecrucible lsp: not available in this build yet\n";
  return 2;
}

const cli::CommandSpec& lsp() {
  static const cli::CommandSpec spec{"lsp", "(lsp: not available yet)", "codecrucible lsp [options]", "", {}, &run_lsp};
  return spec;
}

}  // namespace cc::commands
