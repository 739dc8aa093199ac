#pragma once
// The workspace index: every indexed file's symbols, looked up by definition name, by import
// and by path. Built in the background (index_builder.h), kept current by the server from
// edits and file events, persisted between runs (index_store.h).
//
// Thread-safety: all members may be called from any thread. Entries are immutable and shared
// (shared_ptr<const IndexedFile>); put() swaps a file's entry under the mutex, so a reader
// holding an entry keeps a consistent view of that file while the index moves on. Lookups
// hold the mutex only to copy pointers out.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/index/symbols.h"
#include "analysis/lang/language.h"

namespace cc::analysis {

struct IndexedFile {
  std::string path;  // absolute, '/'-separated, lexically normal
  Language language = Language::Unknown;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t hash = 0;  // content_hash of the text that was indexed
  FileSymbols symbols;
};
using IndexedFilePtr = std::shared_ptr<const IndexedFile>;

// FNV-1a 64 of a file's bytes: the index key beside path, size and mtime.
std::uint64_t content_hash(std::string_view text);

struct DefinitionRef {
  IndexedFilePtr file;
  std::size_t index = 0;  // into file->symbols.definitions
  const Definition& def() const { return file->symbols.definitions[index]; }
};

struct IndexStats {
  std::size_t files = 0;
  std::size_t definitions = 0;
  std::size_t imports = 0;
  std::size_t approx_bytes = 0;  // heap held by the entries (strings and vectors), estimated
};

class WorkspaceIndex {
 public:
  WorkspaceIndex() = default;
  WorkspaceIndex(const WorkspaceIndex&) = delete;
  WorkspaceIndex& operator=(const WorkspaceIndex&) = delete;

  // Adds or replaces the entry for file->path.
  void put(IndexedFilePtr file);
  void remove(const std::string& path);
  void clear();
  [[nodiscard]] IndexedFilePtr file(const std::string& path) const;
  [[nodiscard]] std::vector<IndexedFilePtr> files() const;
  // Definitions with exactly this name (at most `max`, in no particular order).
  [[nodiscard]] std::vector<DefinitionRef> definitions_named(std::string_view name, std::size_t max = 256) const;
  // Definitions whose name contains `query` (case-insensitive; empty matches all), at most `max`,
  // exact and prefix matches first.
  [[nodiscard]] std::vector<DefinitionRef> search(std::string_view query, std::size_t max) const;
  // The indexed files an import of `from` refers to, best match first (at most `max`).
  [[nodiscard]] std::vector<IndexedFilePtr> resolve(const IndexedFile& from, const Import& import,
                                                    std::size_t max = 8) const;
  [[nodiscard]] IndexStats stats() const;
  [[nodiscard]] std::size_t size() const;

 private:
  void unlink(const IndexedFile& file);  // mutex held
  void link(const IndexedFilePtr& file);  // mutex held
  std::vector<std::string> candidates_locked(const std::string& key, bool dir) const;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, IndexedFilePtr> files_;                  // by path
  std::unordered_map<std::string, std::vector<DefinitionRef>> by_name_;    // definition name → refs
  std::unordered_map<std::string, std::vector<std::string>> by_stem_;      // file stem → paths
  std::unordered_map<std::string, std::vector<std::string>> by_dir_;       // directory name → paths
};

// '/'-separated parent directory of a path ("" for none).
std::string_view parent_dir(std::string_view path);
// Directory components two paths share from the root (path proximity).
int shared_dir_depth(std::string_view a, std::string_view b);

}  // namespace cc::analysis
