#pragma once
// Every subcommand of the `codecrucible` binary. main.cpp lists them; each lives in its own
// server/cli/*.cpp file and returns the process exit code (0 ok, 1 findings/failure,
// 2 usage or I/O error).
#include "server/cli/args.h"

namespace cc::commands {

const cli::CommandSpec& lsp();      // server/cli/lsp.cpp
const cli::CommandSpec& analyze();  // server/cli/analyze.cpp
const cli::CommandSpec& ask();      // server/cli/ask.cpp
const cli::CommandSpec& doctor();   // server/cli/doctor.cpp
const cli::CommandSpec& voices();   // server/cli/voices.cpp
const cli::CommandSpec& bench();    // server/cli/bench.cpp
const cli::CommandSpec& context();  // server/cli/context.cpp

}  // namespace cc::commands
