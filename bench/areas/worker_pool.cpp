// Bench area 3: analysis throughput over a real tree (bench/support/throughput.h), single-threaded,
// on 1, 2, 4, ... threads up to the core count (the scaling curve, efficiency per point) and
// beside `rg` and `cat` reading the same files.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include "analysis/lang/language.h"
#include "bench/support/throughput.h"
#include "analysis/scan/workspace_scan.h"
#include "bench/areas/bench_area.h"

namespace cc::server::bench {
namespace {

namespace fs = std::filesystem;

// The supported source files under root (the files measure_tree_throughput analyses, up to
// its size/binary filters), for the external tools.
std::vector<fs::path> supported_files(const fs::path& root) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) {
      if (analysis::is_default_skipped_dir(it->path().filename().string())) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    if (analysis::language_from_path(it->path().string()) != analysis::Language::Unknown) files.push_back(it->path());
  }
  return files;
}

bool tool_installed(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Wall seconds of `command` run through the shell over a NUL-separated list file; -1 on failure.
double time_command(const std::string& command) {
  auto t0 = std::chrono::steady_clock::now();
  int status = std::system(command.c_str());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // rg exits 1 when a file has no match, which xargs reports as 123; both still mean a full read.
  if (status == -1 || !WIFEXITED(status) || (WEXITSTATUS(status) > 1 && WEXITSTATUS(status) != 123)) return -1;
  return seconds;
}

}  // namespace

BenchArea run_worker_pool_area(const BenchOptions& options) {
  BenchArea area;
  area.id = "workerPool";
  area.title = "Worker pool (analysis throughput)";
  const fs::path root = bench_tree_root();  // ~11 MB, also for --quick
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  analysis::measure_tree_throughput(root, cores);  // warm-up: page cache and allocator, not measured
  // Best of three, as analysis_bench does: a shared VM's speed drifts by several percent
  // between runs of a fraction of a second.
  auto best_of_three = [&](std::size_t threads) {
    auto best = analysis::measure_tree_throughput(root, threads);
    for (int i = 0; i < 2; ++i) {
      auto run = analysis::measure_tree_throughput(root, threads);
      if (run.mb_per_second > best.mb_per_second) best = run;
    }
    return best;
  };
  auto single = best_of_three(0);
  // The scaling curve: 1, 2, 4, ... threads and the core count, efficiency against one pool
  // thread (a speed-up of n on n threads is 100 %). Quick runs measure the inner points once.
  std::vector<std::size_t> counts;
  for (std::size_t n = 1; n < cores; n *= 2) counts.push_back(n);
  counts.push_back(cores);
  BenchChart curve{"Scaling: MB/s over worker threads", "MB/s", true, {}};
  nlohmann::json curve_details = nlohmann::json::array();
  analysis::ThroughputReport pool;
  double one_thread = 0;
  for (std::size_t n : counts) {
    const bool endpoint = n == 1 || n == cores;
    auto run = endpoint || !options.quick ? best_of_three(n) : analysis::measure_tree_throughput(root, n);
    if (n == 1) one_thread = run.mb_per_second;
    if (n == cores) pool = run;
    const double efficiency = one_thread > 0 ? 100.0 * run.mb_per_second / (one_thread * static_cast<double>(n)) : 0;
    const std::string at = std::to_string(n);
    area.metrics.push_back(metric_info("scaling" + at + "MBps", at + " thread" + (n == 1 ? "" : "s"), run.mb_per_second, "MB/s"));
    if (n > 1)
      area.metrics.push_back(metric_info("scaling" + at + "Efficiency", at + " threads, efficiency", efficiency, "%"));
    curve.points.push_back({at, run.mb_per_second});
    curve_details.push_back({{"threads", n}, {"mbPerSecond", run.mb_per_second}, {"seconds", run.seconds},
                             {"efficiencyPct", efficiency}});
  }
  area.charts.push_back(curve);
  const double per_core = pool.mb_per_second / static_cast<double>(cores);
  const double efficiency = one_thread > 0 ? 100.0 * pool.mb_per_second / (one_thread * static_cast<double>(cores)) : 0;
  area.metrics.push_back(metric_info("files", "files analysed", static_cast<double>(pool.files), ""));
  area.metrics.push_back(metric_info("megabytes", "MB analysed", static_cast<double>(pool.bytes) / 1e6, "MB"));
  area.metrics.push_back(metric_at_least("singleThreadMBps", "single thread", single.mb_per_second, "MB/s", 50));
  // Judged per core, so the same targets hold on 2 cores and on 64.
  area.metrics.push_back(metric_at_least("poolMBpsPerCore", "pool, per core", per_core, "MB/s", 50));
  auto scaling = metric_at_least("poolEfficiency", "pool efficiency at " + std::to_string(cores) + " threads", efficiency, "%", 80);
  if (cores < 2) scaling.pass = std::nullopt, scaling.target = "≥ 80 % (only 1 core here)";
  area.metrics.push_back(scaling);
  area.metrics.push_back(metric_info("poolMBps", "pool, total (" + std::to_string(cores) + " threads)", pool.mb_per_second, "MB/s"));
  area.metrics.push_back(metric_info("poolFilesPerSec", "pool, files per second",
                                     pool.seconds > 0 ? static_cast<double>(pool.files) / pool.seconds : 0, "/s"));
  area.metrics.push_back(metric_info("poolSeconds", "whole tree on the pool", pool.seconds, "s"));

  BenchChart chart{"Throughput over the same files", "MB/s", false,
                   {{"codecrucible, 1 thread", single.mb_per_second}, {"codecrucible, pool", pool.mb_per_second}}};
  // rg and cat over the same supported files (read from a NUL-separated list).
  auto files = supported_files(root);
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& f : files) bytes += fs::file_size(f, ec), ec.clear();
  fs::path list = fs::temp_directory_path(ec) / ("codecrucible-bench-files-" + std::to_string(::getpid()));
  {
    std::ofstream out(list, std::ios::binary);
    for (const auto& f : files) out << f.string() << '\0';
  }
  const double mb = static_cast<double>(bytes) / 1e6;
  auto compare = [&](const std::string& tool, const std::string& command) {
    if (!tool_installed(tool)) {
      area.notes.push_back(tool + " is not installed: comparison skipped");
      return;
    }
    double seconds = time_command(command);
    if (seconds <= 0) {
      area.notes.push_back(tool + " failed: comparison skipped");
      return;
    }
    area.metrics.push_back(metric_info(tool + "MBps", tool + " over the same files", mb / seconds, "MB/s"));
    chart.points.push_back({tool, mb / seconds});
  };
  std::string quoted = "'" + list.string() + "'";
  compare("rg", "xargs -0 -a " + quoted + " rg --no-messages -c -e 'password|secret|eval\\(|exec\\(' >/dev/null 2>&1");
  compare("cat", "xargs -0 -a " + quoted + " cat >/dev/null 2>&1");
  fs::remove(list, ec);
  area.charts.push_back(chart);
  area.details = {{"root", root.string()}, {"threads", cores}, {"skipped", pool.skipped}, {"findings", pool.findings},
                  {"singleSeconds", single.seconds}, {"poolSeconds", pool.seconds}, {"comparedFiles", files.size()},
                  {"scaling", std::move(curve_details)}};
  area.notes.push_back("tree: " + root.string() + " (files and MB per second include reading the files; the page cache is warm after the first pass)");
  return area;
}

}  // namespace cc::server::bench
