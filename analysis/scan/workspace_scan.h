#pragma once
// Workspace scan: walks roots (analysis/scan/workspace_walk.h: .gitignore, exclude globs, default
// skipped dirs, symlinks), reads files (analysis/scan/source_file.h: size cap, binary check) and
// analyses them on a ThreadPool in chunks so callers get progress and can cancel between chunks
// and between lines. The walk itself runs on the same pool: each directory listing is a task, so
// a tree with many directories is walked by every worker at once.
//
// Thread-safety: scan_workspace() blocks the calling thread until every task is done (or
// cancelled). on_file and on_progress run on pool workers (or inline for a size-0 pool) but never
// concurrently: the scanner serialises them with an internal mutex, so callers need no locking of
// their own. on_file_concurrent is the lock-free alternative for callers that keep per-worker
// results. The caller must not call scan_workspace() from a worker of the same pool.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/analysis_config.h"
#include "analysis/analyzer.h"
#include "analysis/scan/source_file.h"
#include "analysis/scan/thread_pool.h"
#include "analysis/scan/workspace_walk.h"
#include "protocol/cancellation.h"

namespace cc::analysis {

struct FileReport {
  std::filesystem::path path;   // as found under the root (root / relative)
  std::string relative;         // '/'-separated, relative to its root
  Language language = Language::Unknown;
  std::uint64_t bytes = 0;
  AnalysisResult result;        // result.skipped_reason non-empty: not analysed (too large, binary, unreadable)
};

struct ScanProgress {
  std::size_t files_done = 0;     // reported so far (analysed + skipped)
  std::size_t files_queued = 0;   // discovered so far
  std::uint64_t bytes_done = 0;
  bool walking_done = false;      // discovery finished: files_queued is the total
};

struct ScanSummary {
  std::size_t files_analyzed = 0;
  std::size_t files_skipped = 0;   // too large, binary, unreadable
  std::size_t files_ignored = 0;   // excluded, gitignored or unsupported language (not reported)
  std::uint64_t bytes = 0;         // bytes analysed
  double seconds = 0;
  // CPU seconds summed over the threads (a busy machine does not inflate them): listing
  // directories and filtering their entries; reading and analysing files.
  double walk_seconds = 0;
  double worker_seconds = 0;
  bool cancelled = false;
  std::vector<std::string> errors; // roots that do not exist or cannot be read ("path: reason")
  // Files and directories under a root that could not be read ("root/rel: reason"; the first
  // kMaxListedUnreadable of unreadable_count). Dangling links are not in it.
  std::vector<std::string> unreadable;
  std::size_t unreadable_count = 0;
};

struct ScanCallbacks {
  std::function<void(FileReport&&)> on_file;              // every analysed or skipped file
  std::function<void(const ScanProgress&)> on_progress;   // after every chunk
  // When set, replaces on_file: runs on the worker that analysed the file, concurrently with
  // other workers and without the scanner's lock. `worker` is pool.current_worker(), in
  // [0, pool.size()]: index a vector of pool.size() + 1 slots to keep results without locks.
  std::function<void(FileReport&&, std::size_t worker)> on_file_concurrent;
};

// Unless config.project_properties is set, the files analysed see the roots' .properties values
// (project_properties.h).
ScanSummary scan_workspace(const std::vector<std::filesystem::path>& roots, const AnalysisConfig& config,
                           ThreadPool& pool, const CancelToken& cancel, const ScanCallbacks& callbacks);

}  // namespace cc::analysis
