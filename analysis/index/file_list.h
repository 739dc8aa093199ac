#pragma once
// The source files of a workspace for the index: a plain listing with the scanner's rules
// (.gitignore, exclude globs, default skipped folders, supported languages, no links leaving
// the root, the size cap) but without analysing anything. Kept in this folder, behind one
// function, so it can later be pointed at a shared walker. Blocking; thread-safe.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/lang/language.h"
#include "protocol/cancellation.h"

namespace cc::analysis {

struct ListedFile {
  std::filesystem::path path;  // absolute
  Language language = Language::Unknown;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

struct FileListOptions {
  std::vector<std::string> exclude;  // gitignore-style globs relative to the root
  std::uint64_t max_file_bytes = 1024 * 1024;
  bool respect_gitignore = true;
  std::size_t max_files = 200000;  // a bound on what one workspace may cost
};

std::vector<ListedFile> list_source_files(const std::filesystem::path& root, const FileListOptions& options,
                                          const CancelToken& cancel = {});

// Whether the walk would list `path` under `root`: inside it, a supported language, under no
// skipped folder and not ignored by a .gitignore on the way or the exclude globs. For files
// that appear after the walk (a watched-file event, a save). Reads .gitignore files.
bool admitted_by_walk_rules(const std::filesystem::path& root, const std::filesystem::path& path,
                            const FileListOptions& options);

// True when `rel` (relative to a root, '/'-separated) matches one of the exclude globs.
bool excluded_by_globs(const std::vector<std::string>& globs, const std::string& rel);

// Modification time in nanoseconds (0 when it cannot be read).
std::int64_t mtime_ns(const std::filesystem::path& path);

}  // namespace cc::analysis
