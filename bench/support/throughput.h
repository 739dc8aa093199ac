#pragma once
// Throughput measurement for benchmarks and `codecrucible bench`: analyses every supported file
// under a directory and reports MB/s. Blocks the caller; safe to call from any thread that is not
// a worker of another analysis pool.
#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace cc::analysis {

struct ThroughputReport {
  std::size_t threads = 0;        // worker threads used (0 = inline on the calling thread)
  std::size_t files = 0;          // files analysed
  std::size_t skipped = 0;        // binary/too large/unreadable
  std::uint64_t bytes = 0;        // bytes analysed
  std::size_t findings = 0;
  double seconds = 0;             // wall clock, including reading the files
  double mb_per_second = 0;       // bytes / 1e6 / seconds
  double cpu_seconds = 0;         // CPU time of the calling thread (inline) or the whole process (pool)
  double mb_per_cpu_second = 0;   // bytes / 1e6 / cpu_seconds: the per-core rate, immune to a busy machine
};

// threads == 0 runs inline (single-threaded, no pool threads).
ThroughputReport measure_tree_throughput(const std::filesystem::path& root, std::size_t threads);

}  // namespace cc::analysis
