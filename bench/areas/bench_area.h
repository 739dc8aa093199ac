#pragma once
// Shared vocabulary of `codecrucible bench`: each performance area (bench/areas/<area>.cpp)
// returns a BenchArea with its figures, targets and chart data; bench/areas/report.cpp turns
// the areas into text, JSON and HTML.
//
// Thread-safety: the run_* functions block the caller, build their own objects and must be
// called one at a time (they measure process RSS and saturate the cores).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cc::server::bench {

struct BenchOptions {
  bool quick = false;  // shorter runs: the whole bench well under 30 s
};

struct BenchMetric {
  std::string key;          // JSON key, camelCase
  std::string label;        // shown in the text report
  double value = 0;
  std::string unit;         // "/s", "µs", "ms", "MB", "%", "MB/s", ...
  std::string target;       // human-readable target ("≥ 1000000/s"), "" when informational
  std::optional<bool> pass; // nullopt: informational (no target)
};

// A chart for the HTML report. Bars: labelled values; line: y over x (x in `points[i].first`
// parsed as a number).
struct BenchChart {
  std::string title;
  std::string unit;
  bool line = false;
  std::vector<std::pair<std::string, double>> points;
};

struct BenchArea {
  std::string id;     // "router", "scheduler", "workerPool", "memory", "cache", "eventLoop"
  std::string title;
  std::vector<BenchMetric> metrics;
  std::vector<BenchChart> charts;
  std::vector<std::string> notes;  // how it was measured, what was skipped
  nlohmann::json details = nlohmann::json::object();
  double seconds = 0;  // wall time of the area
};

// Helpers shared by the areas (bench/areas/util.cpp).
BenchMetric metric_at_least(std::string key, std::string label, double value, std::string unit, double target);
BenchMetric metric_below(std::string key, std::string label, double value, std::string unit, double target);
BenchMetric metric_info(std::string key, std::string label, double value, std::string unit);
// Resident set size of this process in kB (VmRSS), -1 when unavailable.
long current_rss_kb();
// q-quantile (0..1) of samples (sorted in place); 0 for none.
double percentile(std::vector<double>& samples, double q);
// p50 / p99 / max and the sample count, for benchmarks and load tests that print latencies.
struct LatencySummary {
  double p50 = 0, p99 = 0, max = 0;
  std::size_t count = 0;
};
LatencySummary summarize(std::vector<double> samples);
// The tree the worker-pool and event-loop areas analyse: the newest /usr/lib/python3.N, else
// the project's own sources (CC_SOURCE_DIR when compiled in, else the current directory).
std::string bench_tree_root();

BenchArea run_router_area(const BenchOptions& options);
BenchArea run_scheduler_area(const BenchOptions& options);
BenchArea run_worker_pool_area(const BenchOptions& options);
BenchArea run_memory_area(const BenchOptions& options);
BenchArea run_cache_area(const BenchOptions& options);
BenchArea run_event_loop_area(const BenchOptions& options);

}  // namespace cc::server::bench
