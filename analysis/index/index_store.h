#pragma once
// The workspace index on disk, so a restart does not rebuild it: one JSON file per workspace
// (format "codecrucible-index", versioned) holding every entry keyed by path, size, mtime and
// content hash. A file on disk is untrusted input: it is read with a size cap, parsed through
// protocol/json_input.h and every field is checked (types, ranges, lengths, counts); a bad
// entry is skipped, a wrong format or version loads nothing. Writes go to a temporary file
// renamed into place, so a reader never sees half a file. Thread-safe (no shared state).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/index/workspace_index.h"

namespace cc::analysis {

inline constexpr int kIndexFormatVersion = 1;
inline constexpr std::uint64_t kMaxIndexFileBytes = 512ull << 20;

// `<cache_dir>/index/<hash of the roots>.json`.
std::filesystem::path index_file_for(const std::filesystem::path& cache_dir,
                                     const std::vector<std::filesystem::path>& roots);

// Writes every entry of `index`; false with `error` set on failure.
bool save_index(const WorkspaceIndex& index, const std::filesystem::path& file, std::string& error);

struct LoadedIndex {
  std::vector<IndexedFilePtr> files;
  std::size_t rejected = 0;  // entries that failed validation
  std::string error;         // why nothing loaded ("" when the file loaded or was missing)
};
LoadedIndex load_index(const std::filesystem::path& file);

}  // namespace cc::analysis
