// Fuzzes JSON-RPC dispatch on a live server: the input is raw client bytes (LSP frames,
// garbage, anything) fed to Server::on_bytes of a server with every feature installed.
//
// One EventLoop + Server per input, torn down completely afterwards (exit, close every
// handle, destroy), so no state leaks from one input into the next and LeakSanitizer sees a
// clean heap. Output goes to /dev/null; analysis runs inline (analysis_threads = 0) and the
// AI is off, so no backend is contacted. Commands that read the disk or the network by
// design (workspace scans, endpoint doctor) are skipped: their cost depends on the machine,
// not on the input.
#include <fcntl.h>

#include <cstdint>
#include <string_view>

#include <spdlog/spdlog.h>

#include "server/event_loop.h"
#include "server/features/install.h"
#include "server/server.h"

namespace {

int dev_null(int flags) {
  static const int read_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  static const int write_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  return flags == O_RDONLY ? read_fd : write_fd;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // framing/JSON errors are expected, not news
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.find("analyzeWorkspace") != std::string_view::npos || bytes.find("codecrucible.doctor") != std::string_view::npos)
    return -1;  // reject: keeps such inputs out of the corpus

  cc::server::EventLoop loop;
  {
    cc::server::ServerOptions options;
    options.in_fd = dev_null(O_RDONLY);
    options.out_fd = dev_null(O_WRONLY);
    options.analysis_threads = 0;
    options.file_config = {{"ai", {{"enabled", false}}}};
    cc::server::Server server(loop, std::move(options));
    cc::server::install_features(server);

    server.on_bytes(bytes);
    // Run what the handlers posted back to the loop (replies, diagnostics) without waiting
    // for timers, then end the input like a client closing the pipe.
    for (int i = 0; i < 4; ++i) uv_run(loop.raw(), UV_RUN_NOWAIT);
    server.on_eof();
    loop.run();  // on_eof closed the loop: this runs the close callbacks and returns
  }
  return 0;
}
