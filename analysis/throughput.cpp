#include "analysis/throughput.h"

#include "analysis/thread_pool.h"
#include "analysis/workspace_scan.h"

namespace cc::analysis {

ThroughputReport measure_tree_throughput(const std::filesystem::path& root, std::size_t threads) {
  AnalysisConfig config;
  config.max_file_bytes = 64ull * 1024 * 1024;  // measure everything, not just typical sources
  config.respect_gitignore = false;
  ThroughputReport report;
  report.threads = threads;
  ThreadPool pool(threads);
  ScanCallbacks callbacks;
  callbacks.on_file = [&](FileReport&& r) { report.findings += r.result.findings.size(); };
  ScanSummary s = scan_workspace({root}, config, pool, CancelToken{}, callbacks);
  report.files = s.files_analyzed;
  report.skipped = s.files_skipped;
  report.bytes = s.bytes;
  report.seconds = s.seconds;
  report.mb_per_second = s.seconds > 0 ? static_cast<double>(s.bytes) / 1e6 / s.seconds : 0;
  return report;
}

}  // namespace cc::analysis
