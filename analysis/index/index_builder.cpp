#include "analysis/index/index_builder.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "analysis/scan/background_priority.h"
#include "analysis/scan/workspace_scan.h"

namespace cc::analysis {

namespace fs = std::filesystem;

IndexedFilePtr index_text(const std::string& path, Language language, std::string_view text, std::int64_t mtime,
                          const CancelToken& cancel) {
  auto f = std::make_shared<IndexedFile>();
  f->path = path;
  f->language = language;
  f->size = text.size();
  f->mtime_ns = mtime;
  f->hash = content_hash(text);
  f->symbols = extract_symbols(text, language, cancel);
  return f;
}

IndexedFilePtr index_file(const fs::path& path, std::uint64_t max_bytes, const IndexedFilePtr& previous) {
  Language lang = language_from_path(path.string());
  if (lang == Language::Unknown) return nullptr;
  std::int64_t mtime = mtime_ns(path);
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return nullptr;
  if (previous && previous->size == size && previous->mtime_ns == mtime && previous->language == lang) return previous;
  std::string text, reason;
  if (!read_source_file(path, max_bytes, text, reason)) return nullptr;
  if (previous && previous->hash == content_hash(text) && previous->language == lang) {
    auto same = std::make_shared<IndexedFile>(*previous);  // touched, not changed
    same->mtime_ns = mtime;
    return same;
  }
  return index_text(path.lexically_normal().generic_string(), lang, text, mtime);
}

IndexBuildStats build_index(WorkspaceIndex& index, const std::vector<fs::path>& roots, const FileListOptions& options,
                            ThreadPool& pool, const CancelToken& cancel, const std::vector<IndexedFilePtr>& previous) {
  auto start = std::chrono::steady_clock::now();
  IndexBuildStats stats;
  std::unordered_map<std::string, IndexedFilePtr> known;
  for (const auto& f : previous) known[f->path] = f;
  for (const auto& f : index.files()) known[f->path] = f;  // what is in memory is newer

  std::vector<ListedFile> listed;
  std::vector<std::string> root_prefixes;
  for (const auto& r : roots) {
    auto files = list_source_files(r, options, cancel);
    listed.insert(listed.end(), std::make_move_iterator(files.begin()), std::make_move_iterator(files.end()));
    std::error_code ec;
    root_prefixes.push_back(fs::absolute(r, ec).lexically_normal().generic_string());
  }
  stats.files_listed = listed.size();

  std::mutex mutex;
  std::condition_variable done_cv;
  std::size_t in_flight = 0;
  std::atomic<std::size_t> indexed{0}, reused{0};
  std::atomic<std::uint64_t> bytes{0};
  std::unordered_map<std::string, bool> present;
  constexpr std::size_t kChunk = 16;
  for (std::size_t b = 0; b < listed.size() && !cancel.cancelled(); b += kChunk) {
    std::vector<std::pair<ListedFile, IndexedFilePtr>> chunk;
    for (std::size_t k = b; k < std::min(listed.size(), b + kChunk); ++k) {
      std::string path = listed[k].path.lexically_normal().generic_string();
      present[path] = true;
      auto it = known.find(path);
      IndexedFilePtr prev = it == known.end() ? nullptr : it->second;
      if (prev && prev->size == listed[k].size && prev->mtime_ns == listed[k].mtime_ns) {
        if (!index.file(path)) index.put(prev);
        ++reused;
        continue;
      }
      chunk.emplace_back(listed[k], prev);
    }
    if (chunk.empty()) continue;
    {
      std::lock_guard lock(mutex);
      ++in_flight;
    }
    bool posted = pool.post([&, chunk = std::move(chunk)] {
      for (const auto& [file, prev] : chunk) {
        if (cancel.cancelled()) break;
        background_checkpoint();
        auto entry = index_file(file.path, options.max_file_bytes, prev);
        if (!entry) continue;
        if (entry == prev || (prev && entry->hash == prev->hash)) ++reused;
        else {
          ++indexed;
          bytes += entry->size;
        }
        index.put(std::move(entry));
      }
      std::lock_guard lock(mutex);
      if (--in_flight == 0) done_cv.notify_all();
    });
    if (!posted) {
      std::lock_guard lock(mutex);
      --in_flight;
      break;
    }
  }
  {
    std::unique_lock lock(mutex);
    done_cv.wait(lock, [&] { return in_flight == 0; });
  }
  stats.cancelled = cancel.cancelled();
  if (!stats.cancelled) {
    // Files under these roots that the listing no longer has are gone (or now excluded).
    for (const auto& f : index.files()) {
      if (present.count(f->path)) continue;
      for (const auto& prefix : root_prefixes)
        if (f->path == prefix || (f->path.size() > prefix.size() && f->path.compare(0, prefix.size(), prefix) == 0 &&
                                  f->path[prefix.size()] == '/')) {
          index.remove(f->path);
          ++stats.files_removed;
          break;
        }
    }
  }
  stats.files_indexed = indexed;
  stats.files_reused = reused;
  stats.bytes_indexed = bytes;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace cc::analysis
