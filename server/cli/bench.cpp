// `codecrucible bench`: measures the six performance areas (router, scheduler, worker pool,
// memory, cache, event loop) against real code and in-process fake backends, prints each figure
// beside its target with PASS/FAIL, and writes JSON and HTML reports. Exit 0 when every area
// ran (even when targets are missed), 2 on usage or I/O errors.
#include <chrono>
#include <fstream>
#include <iostream>

#include "protocol/json_wire.h"
#include "bench/areas/bench_area.h"
#include "bench/areas/report.h"
#include "server/cli/commands.h"

namespace cc::commands {
namespace {

using server::bench::BenchArea;
using server::bench::BenchOptions;

bool write_file(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  return static_cast<bool>(out);
}

int run_bench(const cli::CommandSpec&, const cli::ParsedArgs& args) {
  if (!args.positionals.empty()) {
    std::cerr << "codecrucible bench: unexpected argument '" << args.positionals.front()
              << "'\nRun 'codecrucible bench --help' for usage.\n";
    return 2;
  }
  for (const char* option : {"html", "out"})
    if (args.has(option) && args.get_or(option, "").empty()) {
      std::cerr << "codecrucible bench: --" << option << " needs a file name\n";
      return 2;
    }
  BenchOptions options;
  options.quick = args.has("quick");
  const bool json_mode = args.has("json");
  const auto out_path = args.get("out");
  const auto html_path = args.get("html");

  using AreaFn = BenchArea (*)(const BenchOptions&);
  const AreaFn areas_to_run[] = {&server::bench::run_router_area,      &server::bench::run_scheduler_area,
                                 &server::bench::run_worker_pool_area, &server::bench::run_memory_area,
                                 &server::bench::run_cache_area,       &server::bench::run_event_loop_area};
  // The text report goes to stdout unless stdout carries the JSON; then progress goes to stderr.
  std::ostream& text = json_mode && !out_path ? std::cerr : std::cout;
  text << "codecrucible bench" << (options.quick ? " --quick" : "") << "\n\n";
  std::vector<BenchArea> areas;
  for (AreaFn run : areas_to_run) {
    auto t0 = std::chrono::steady_clock::now();
    BenchArea area = run(options);
    area.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    text << server::bench::report_text(area) << "\n" << std::flush;
    areas.push_back(std::move(area));
  }
  auto report = server::bench::report_json(areas, options.quick);
  text << "Targets met: " << report["passed"].get<int>() << ", missed: " << report["failed"].get<int>() << "\n";

  int status = 0;
  const std::string json_text = report.dump(2) + "\n";
  if (out_path) {
    if (write_file(*out_path, json_text)) {
      text << "JSON report written to " << *out_path << "\n";
    } else {
      std::cerr << "codecrucible bench: cannot write " << *out_path << "\n";
      status = 2;
    }
  }
  if (json_mode && !out_path) std::cout << json_text;
  if (html_path) {
    if (write_file(*html_path, server::bench::report_html(areas, options.quick))) {
      text << "HTML report written to " << *html_path << "\n";
    } else {
      std::cerr << "codecrucible bench: cannot write " << *html_path << "\n";
      status = 2;
    }
  }
  return status;
}

}  // namespace

const cli::CommandSpec& bench() {
  static const cli::CommandSpec spec{
      "bench",
      "measure the six performance areas against their targets",
      "codecrucible bench [--json] [--quick] [--out FILE] [--html FILE]",
      "Measures, in process and with fake backends (no network; Redis only when CC_REDIS_URL is set):\n"
      "  router      decisions/s cached and uncached; share of a task mix per tier\n"
      "  scheduler   1,000 requests, K slots, latency L: success, throughput share of K/L, waits per priority\n"
      "  workerPool  analysis MB/s over the Python standard library (else the current directory), beside rg and cat\n"
      "  memory      RSS before, at peak and after 10,000 document cycles and 10,000 generation requests (--quick: 2,000 each)\n"
      "  cache       hit/miss latency per tier; hit ratio of a repeated workload\n"
      "  eventLoop   lag of a 1 ms timer while the pool is saturated and a generation streams\n"
      "Each figure is printed beside its target with PASS or FAIL. The exit code is 0 when every area ran,\n"
      "even if targets were missed (read the report), and 2 on usage or I/O errors.\n"
      "--json prints the JSON report on stdout (the table then goes to stderr) unless --out is given.",
      {{"json", "", "print the JSON report (on stdout, or to --out FILE)"},
       {"quick", "", "short runs: the whole bench in well under 30 s"},
       {"out", "FILE", "write the JSON report to FILE"},
       {"html", "FILE", "write a self-contained HTML report with SVG charts to FILE"}},
      &run_bench};
  return spec;
}

}  // namespace cc::commands
