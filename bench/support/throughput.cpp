#include "bench/support/throughput.h"

#include <sys/resource.h>
#include <time.h>

#include "analysis/scan/thread_pool.h"
#include "analysis/scan/workspace_scan.h"

namespace cc::analysis {

namespace {

double cpu_now(bool whole_process) {
  if (whole_process) {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
  }
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

ThroughputReport measure_tree_throughput(const std::filesystem::path& root, std::size_t threads) {
  AnalysisConfig config;
  config.max_file_bytes = 64ull * 1024 * 1024;  // measure everything, not just typical sources
  config.respect_gitignore = false;
  ThroughputReport report;
  report.threads = threads;
  ThreadPool pool(threads);
  ScanCallbacks callbacks;
  callbacks.on_file = [&](FileReport&& r) { report.findings += r.result.findings.size(); };
  const double cpu_start = cpu_now(threads != 0);
  ScanSummary s = scan_workspace({root}, config, pool, CancelToken{}, callbacks);
  report.cpu_seconds = cpu_now(threads != 0) - cpu_start;
  report.files = s.files_analyzed;
  report.skipped = s.files_skipped;
  report.bytes = s.bytes;
  report.seconds = s.seconds;
  report.mb_per_second = s.seconds > 0 ? static_cast<double>(s.bytes) / 1e6 / s.seconds : 0;
  report.mb_per_cpu_second = report.cpu_seconds > 0 ? static_cast<double>(s.bytes) / 1e6 / report.cpu_seconds : 0;
  return report;
}

}  // namespace cc::analysis
