#pragma once
// Measurements shared by bench/router_bench.cpp and `codecrucible bench`. No network: the
// router is built over in-memory backends that are never called.
//
// Thread-safety: each call builds its own objects.
#include <chrono>

namespace cc::gen {

// Router::decide() calls per CPU-second of the calling thread, over `duration` of CPU time. cached = the same few request shapes
// repeat (decision cache hits); uncached = the decision cache is bypassed (capacity 0), so
// complexity scoring and endpoint ranking run every time.
double measure_router_decisions_per_sec(bool cached, std::chrono::milliseconds duration);

// Mean microseconds from handing one NDJSON / SSE token frame to the parser to the token
// callback (parser + frame decode), over `frames` frames.
double measure_parser_token_latency_us(bool sse, int frames);

}  // namespace cc::gen
