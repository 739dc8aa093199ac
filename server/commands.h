#pragma once
// Every subcommand of the `codecrucible` binary. main.cpp lists them; each lives in its own
// server/cmd_*.cpp file and returns the process exit code (0 ok, 1 findings/failure,
// 2 usage or I/O error).
#include "server/cli.h"

namespace cc::commands {

const cli::CommandSpec& lsp();      // server/cmd_lsp.cpp
const cli::CommandSpec& analyze();  // server/cmd_analyze.cpp
const cli::CommandSpec& ask();      // server/cmd_ask.cpp
const cli::CommandSpec& doctor();   // server/cmd_doctor.cpp
const cli::CommandSpec& voices();   // server/cmd_voices.cpp
const cli::CommandSpec& bench();    // server/cmd_bench.cpp

}  // namespace cc::commands
