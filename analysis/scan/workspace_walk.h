#pragma once
// Walking one scan root: which directories to descend into and which files to analyse
// (.gitignore files, exclude globs, default skipped directories, languages by extension or
// shebang, symlinks). The walk is cut into directory listings so that several threads can walk
// one tree at once (analysis/scan/workspace_scan.cpp runs them on the analysis pool).
//
// Thread-safe: list() may run on any number of threads at once, each on a different directory.
// The walker itself holds only immutable configuration and the summary (behind a mutex).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis_config.h"
#include "analysis/lang/language.h"
#include "analysis/scan/gitignore.h"

namespace cc::analysis {

// Default directory names never descended into.
bool is_default_skipped_dir(std::string_view name);

// The language of a file: by its name, else (no extension) by a shebang in its first bytes.
Language detect_language(const std::filesystem::path& path);

struct WalkFile {
  std::filesystem::path path;  // as found under the root (root / relative)
  std::string relative;        // '/'-separated, relative to the root
  Language language = Language::Unknown;
  std::uint64_t bytes = 0;     // the size the walk saw (0 when unknown)
};

// The .gitignore rule sets in effect in a directory, outermost first (shared, immutable).
using IgnoreStack = std::vector<std::shared_ptr<const IgnoreRules>>;

struct WalkDir {
  std::filesystem::path path;
  std::string relative;  // "" for the root
  std::shared_ptr<const IgnoreStack> rules;
};

struct WalkSummary {
  std::size_t files_ignored = 0;        // excluded, gitignored, unsupported, links not followed
  std::vector<std::string> unreadable;  // "path: reason", the first kMaxListedUnreadable in name order
  std::size_t unreadable_count = 0;
  std::vector<std::string> errors;      // the root itself could not be listed
};

inline constexpr std::size_t kMaxListedUnreadable = 100;

class WorkspaceWalker {
 public:
  // `root` must be a directory (the caller checked it); `config` must outlive the walker.
  WorkspaceWalker(std::filesystem::path root, const AnalysisConfig& config);

  WalkDir root_dir() const;
  // Lists one directory: every file to analyse goes to `on_file` and every directory to descend
  // into to `on_dir`, each in name order. Reads the directory's .gitignore first.
  void list(const WalkDir& dir, const std::function<void(WalkFile&&)>& on_file,
            const std::function<void(WalkDir&&)>& on_dir);

  // Safe once no list() runs any more.
  WalkSummary summary() const;

 private:
  bool excluded(const std::string& relative) const;
  void note_unreadable(std::string what);

  std::filesystem::path root_;
  std::filesystem::path root_canonical_;
  const AnalysisConfig& config_;
  std::vector<std::string> exclude_patterns_;  // config.exclude as path globs, built once
  std::atomic<std::size_t> files_ignored_{0};
  mutable std::mutex mutex_;
  WalkSummary summary_;  // guarded by mutex_ (but files_ignored)
};

}  // namespace cc::analysis
