// Router and streaming benchmarks:
//   decisions per second, cached and uncached (targets >= 1,000,000/s and >= 100,000/s);
//   parser time from a frame's bytes to the token callback;
//   token written to the socket by a fake server -> on_token callback over loopback HTTP
//   (target < 1 ms).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "generation/backends/ollama_backend.h"
#include "generation/backends/openai_backend.h"
#include "bench/support/router_measures.h"
#include "tests/support/fake_backend_server.h"

namespace {

using namespace std::chrono_literals;

void BM_RouterDecisionsCached(benchmark::State& state) {
  double rate = 0;
  for (auto _ : state) rate = cc::gen::measure_router_decisions_per_sec(true, 300ms);
  state.counters["decisions_per_sec"] = rate;
}
BENCHMARK(BM_RouterDecisionsCached)->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_RouterDecisionsUncached(benchmark::State& state) {
  double rate = 0;
  for (auto _ : state) rate = cc::gen::measure_router_decisions_per_sec(false, 300ms);
  state.counters["decisions_per_sec"] = rate;
}
BENCHMARK(BM_RouterDecisionsUncached)->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_ParserFrameToCallback(benchmark::State& state) {
  bool sse = state.range(0) == 1;
  double us = 0;
  for (auto _ : state) us = cc::gen::measure_parser_token_latency_us(sse, 20000);
  state.counters["us_per_token"] = us;
  state.SetLabel(sse ? "sse" : "ndjson");
}
BENCHMARK(BM_ParserFrameToCallback)->Arg(0)->Arg(1)->Iterations(3)->Unit(benchmark::kMillisecond);

// Socket write (fake server) -> on_token callback, through httplib, chunk decoding and parser.
void BM_SocketToCallback(benchmark::State& state) {
  bool openai = state.range(0) == 1;
  cc::testing::FakeBackendServer server(openai ? cc::testing::WireFormat::OpenAI : cc::testing::WireFormat::Ollama);
  cc::gen::EndpointConfig e;
  e.name = "bench";
  e.kind = openai ? cc::gen::BackendKind::OpenAI : cc::gen::BackendKind::Ollama;
  e.url = server.url();
  e.model = "m";
  auto backend = cc::gen::make_endpoint_backend(e, cc::gen::TimeoutConfig{});
  std::vector<double> samples;
  for (auto _ : state) {
    cc::testing::Script script;
    script.tokens.assign(200, "tok");
    script.token_delay = 2ms;  // tokens arrive one by one, as from a model
    server.clear_write_times();
    server.push(script);
    std::vector<std::chrono::steady_clock::time_point> arrivals;
    cc::gen::GenerationRequest request;
    request.messages = {{"user", "x"}};
    auto r = backend->generate(request, [&](std::string_view) { arrivals.push_back(std::chrono::steady_clock::now()); }, cc::CancelToken());
    auto writes = server.write_times();
    if (!r.ok() || writes.size() < arrivals.size()) {
      state.SkipWithError("stream failed");
      break;
    }
    for (std::size_t i = 0; i < arrivals.size(); ++i)
      samples.push_back(std::chrono::duration<double, std::micro>(arrivals[i] - writes[i]).count());
  }
  if (samples.empty()) return;
  std::sort(samples.begin(), samples.end());
  double sum = 0;
  for (double s : samples) sum += s;
  state.counters["mean_us"] = sum / static_cast<double>(samples.size());
  state.counters["p50_us"] = samples[samples.size() / 2];
  state.counters["p99_us"] = samples[samples.size() * 99 / 100];
  state.SetLabel(openai ? "openai-sse" : "ollama-ndjson");
}
BENCHMARK(BM_SocketToCallback)->Arg(0)->Arg(1)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
