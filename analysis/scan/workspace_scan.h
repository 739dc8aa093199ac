#pragma once
// Workspace scan: walks roots, filters files (.gitignore, exclude globs, default skipped dirs,
// size cap, binary sniffing, symlinks) and analyses them on a ThreadPool in chunks so callers get
// progress and can cancel between chunks and between lines.
//
// Thread-safety: scan_workspace() blocks the calling thread until every chunk is done (or
// cancelled). Callbacks run on pool workers (or inline for a size-0 pool) but never concurrently:
// the scanner serialises them with an internal mutex, so callers need no locking of their own.
// The caller must not call scan_workspace() from a worker of the same pool.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analysis/analysis_config.h"
#include "analysis/analyzer.h"
#include "analysis/scan/thread_pool.h"
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
  bool cancelled = false;
  std::vector<std::string> errors; // roots that do not exist or cannot be read ("path: reason")
  // Files and directories under a root that could not be read ("root/rel: reason"; the first
  // kMaxListedUnreadable of unreadable_count). Dangling links are not in it.
  std::vector<std::string> unreadable;
  std::size_t unreadable_count = 0;
};

inline constexpr std::size_t kMaxListedUnreadable = 100;

struct ScanCallbacks {
  std::function<void(FileReport&&)> on_file;              // every analysed or skipped file
  std::function<void(const ScanProgress&)> on_progress;   // after every chunk
};

// Default directory names never descended into.
bool is_default_skipped_dir(std::string_view name);

ScanSummary scan_workspace(const std::vector<std::filesystem::path>& roots, const AnalysisConfig& config,
                           ThreadPool& pool, const CancelToken& cancel, const ScanCallbacks& callbacks);

// Reads a file with the scanner's rules (size cap, binary check). Returns false with `reason`
// set when the file is skipped; `unreadable` (optional) is set when it exists but cannot be
// read (permissions, I/O), as opposed to too large, binary or gone.
bool read_source_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string& out,
                      std::string& reason, bool* unreadable = nullptr);

}  // namespace cc::analysis
