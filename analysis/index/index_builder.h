#pragma once
// Building and refreshing the workspace index: lists each root's source files (file_list.h),
// reuses an entry whose path, size and mtime (or, when only the mtime moved, content hash)
// match what is already known, indexes the rest on a pool in chunks, and drops entries for
// files that are gone. Blocking; call it from a thread that is not a worker of `pool`.
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/index/file_list.h"
#include "analysis/index/workspace_index.h"
#include "analysis/scan/thread_pool.h"
#include "protocol/cancellation.h"

namespace cc::analysis {

// The entry for one file's text (no I/O). `path` must be absolute.
IndexedFilePtr index_text(const std::string& path, Language language, std::string_view text, std::int64_t mtime_ns,
                          const CancelToken& cancel = {});

// Reads and indexes one file; `previous` is reused when the file did not change. nullptr when
// the file is skipped (gone, unreadable, binary, over `max_bytes`, unsupported language).
IndexedFilePtr index_file(const std::filesystem::path& path, std::uint64_t max_bytes,
                          const IndexedFilePtr& previous = nullptr);

struct IndexBuildStats {
  std::size_t files_listed = 0;
  std::size_t files_indexed = 0;  // read and extracted
  std::size_t files_reused = 0;   // unchanged since the index on disk or in memory
  std::size_t files_removed = 0;  // in the index but no longer in the workspace
  std::uint64_t bytes_indexed = 0;
  double seconds = 0;
  bool cancelled = false;
};

// Brings `index` up to date with `roots`. Entries already in `index` (or in `previous`, e.g.
// loaded from disk) are reused when unchanged.
IndexBuildStats build_index(WorkspaceIndex& index, const std::vector<std::filesystem::path>& roots,
                            const FileListOptions& options, ThreadPool& pool, const CancelToken& cancel,
                            const std::vector<IndexedFilePtr>& previous = {});

}  // namespace cc::analysis
