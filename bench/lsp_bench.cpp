// LSP core benchmarks (printed figures, not tests):
//   * frames decoded + dispatched + answered per second, in process (target ≥ 100,000/s)
//   * didChange throughput on a 10,000-line document
//   * process start → initialize reply, and idle RSS, measured from outside the process
//     (targets < 20 ms and < 15 MB)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include <spdlog/spdlog.h>

#include "protocol/frame_decoder.h"
#include "protocol/json_wire.h"
#include "server/event_loop.h"
#include "server/features/install.h"
#include "server/server.h"
#include "tests/support/lsp_process.h"

using nlohmann::json;

namespace {

std::string frame(const json& j) { return cc::protocol::encode_frame(cc::protocol::dump_wire(j)); }

struct InProcessServer {
  int devnull = ::open("/dev/null", O_WRONLY);
  cc::server::EventLoop loop;
  std::unique_ptr<cc::server::Server> server;
  InProcessServer() {
    cc::server::ServerOptions options;
    options.in_fd = ::open("/dev/null", O_RDONLY);
    options.out_fd = devnull;
    options.analysis_threads = 0;
    options.file_config = json{{"ai", {{"enabled", false}}}};
    server = std::make_unique<cc::server::Server>(loop, options);
    cc::server::install_features(*server);
    server->on_bytes(frame({{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"}, {"params", {{"capabilities", json::object()}}}}));
    server->on_bytes(frame({{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}}));
  }
  ~InProcessServer() {
    server->on_bytes(frame({{"jsonrpc", "2.0"}, {"id", "s"}, {"method", "shutdown"}}));
    server->on_bytes(frame({{"jsonrpc", "2.0"}, {"method", "exit"}}));
    server.reset();
    ::close(devnull);
  }
};

void BM_RequestsDecodedDispatchedAnswered(benchmark::State& state) {
  InProcessServer s;
  s.server->on_bytes(frame({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                            {"params", {{"textDocument", {{"uri", "file:///b.txt"}, {"languageId", "plaintext"}, {"version", 1}, {"text", "hello\n"}}}}}}));
  // A small real request: code actions on a document without findings.
  std::string batch;
  for (int i = 0; i < 100; ++i)
    batch += frame({{"jsonrpc", "2.0"}, {"id", i + 1}, {"method", "textDocument/codeAction"},
                    {"params", {{"textDocument", {{"uri", "file:///b.txt"}}},
                                {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
                                {"context", {{"diagnostics", json::array()}}}}}});
  for (auto _ : state) s.server->on_bytes(batch);
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_RequestsDecodedDispatchedAnswered)->Unit(benchmark::kMicrosecond);

void BM_DidChangeOn10kLineDocument(benchmark::State& state) {
  InProcessServer s;
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "line " + std::to_string(i) + " of a long document with some text\n";
  s.server->on_bytes(frame({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                            {"params", {{"textDocument", {{"uri", "file:///big.txt"}, {"languageId", "plaintext"}, {"version", 1}, {"text", text}}}}}}));
  int version = 1;
  for (auto _ : state) {
    int line = (version * 7919) % 10000;
    s.server->on_bytes(frame({{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
                              {"params", {{"textDocument", {{"uri", "file:///big.txt"}, {"version", ++version}}},
                                          {"contentChanges", json::array({{{"range", {{"start", {{"line", line}, {"character", 5}}}, {"end", {{"line", line}, {"character", 6}}}}}, {"text", "x"}}})}}}}));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DidChangeOn10kLineDocument)->Unit(benchmark::kMicrosecond);

long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// Whole-process figures: spawn → initialize reply, then idle RSS.
void BM_ProcessStartToInitializeReply(benchmark::State& state) {
  long rss = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    cc::testing::LspProcess p({CC_BINARY_PATH, "lsp"}, {"XDG_CONFIG_HOME=/nonexistent"});
    p.request(1, "initialize", {{"capabilities", json::object()}});
    auto r = p.wait_response(1);
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(elapsed);
    if (!r) state.SkipWithError("no initialize reply");
    p.notify("initialized");
    p.request(2, "codecrucible/sync");
    p.wait_response(2);
    rss = rss_kb(p.pid());
    p.request(3, "shutdown");
    p.wait_response(3);
    p.notify("exit");
    p.wait_exit();
  }
  state.counters["idle_rss_MB"] = static_cast<double>(rss) / 1024.0;
}
BENCHMARK(BM_ProcessStartToInitializeReply)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the server logs every message at info
  ::benchmark::Initialize(&argc, argv);
  if (::benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ::benchmark::RunSpecifiedBenchmarks();
  ::benchmark::Shutdown();
  return 0;
}
