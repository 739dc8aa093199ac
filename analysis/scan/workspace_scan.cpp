#include "analysis/scan/workspace_scan.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "analysis/project_properties.h"
#include "analysis/scan/background_priority.h"

namespace cc::analysis {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// Missing (a dangling link, deleted meanwhile) is not "unreadable": there is nothing to read.
bool gone(int error) { return error == ENOENT || error == ENOTDIR; }

// Whether a file named on the command line can be opened (without blocking on a FIFO).
std::optional<std::string> open_error(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::string(std::strerror(errno));
  ::close(fd);
  return std::nullopt;
}

// CPU time of the calling thread: what a task cost, whatever else the machine was running.
double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// A file this big takes milliseconds to analyse: it runs as its own task, started first.
constexpr std::uint64_t kBigFileBytes = 128 * 1024;
// A worker's read buffer is kept between files (no allocation per file) up to this capacity.
constexpr std::size_t kKeptBufferBytes = 4 * 1024 * 1024;

// One scan_workspace() call. Directories to list wait on a stack (depth-first); the calling
// thread lists them, as the serial walker did, and so do pool workers: every directory pushed
// also posts a token task that lists whichever directory is on top, if any is left. File
// chunks are pool tasks. A counter of unfinished tasks tells run() when everything is done, a
// counter of unlisted directories when the walk is. Tasks hold the Scan by shared_ptr; run()
// returns only once every task has finished, so the caller's config, token and callbacks
// outlive them.
class Scan : public std::enable_shared_from_this<Scan> {
 public:
  Scan(const AnalysisConfig& config, ThreadPool& pool, const CancelToken& cancel, const ScanCallbacks& callbacks)
      : config_(config),
        pool_(pool),
        cancel_(cancel),
        callbacks_(callbacks),
        chunk_size_(std::max<std::size_t>(1, config.chunk_size)),
        // Queued chunks hold paths only, so the walk may run well ahead: it then meets big files
        // early and starts them first. Beyond this many queued files listings slow down (see
        // post_files): memory stays bounded.
        max_queued_files_(std::max<std::size_t>(4096, pool.size() * 64 * chunk_size_)) {}

  ScanSummary run(const std::vector<fs::path>& roots);

 private:
  void post_dir(WorkspaceWalker& walker, WalkDir dir);
  bool list_next_dir();  // false when no directory is waiting
  void list_dir(WorkspaceWalker& walker, const WalkDir& dir);
  void post_files(std::vector<WalkFile> files, bool front);
  void run_files(std::vector<WalkFile>& files);
  void dir_done();
  void task_done();
  void note_unreadable(std::string what);  // caller holds mutex_

  const AnalysisConfig& config_;
  ThreadPool& pool_;
  const CancelToken& cancel_;
  const ScanCallbacks& callbacks_;
  const std::size_t chunk_size_;
  const std::size_t max_queued_files_;
  const Clock::time_point start_ = Clock::now();
  std::vector<std::unique_ptr<WorkspaceWalker>> walkers_;  // one per directory root
  std::atomic<std::int64_t> walk_cpu_ns_{0};    // listing directories, summed over threads
  std::atomic<std::int64_t> worker_cpu_ns_{0};  // reading and analysing files, summed

  std::mutex mutex_;  // guards what follows and serialises on_file / on_progress
  std::condition_variable cv_;  // a directory pushed, the walk or every task done
  std::vector<std::pair<WorkspaceWalker*, WalkDir>> dirs_;  // waiting to be listed (a stack)
  std::size_t pending_tasks_ = 0;  // posted, not finished
  std::size_t pending_dirs_ = 1;   // not yet listed; 1 until run() has posted every root
  std::size_t queued_files_ = 0;   // in chunks not yet started
  ScanProgress progress_;
  ScanSummary summary_;
};

void Scan::note_unreadable(std::string what) {
  ++summary_.unreadable_count;
  summary_.unreadable.push_back(std::move(what));
  if (summary_.unreadable.size() >= 2 * kMaxListedUnreadable) {
    std::sort(summary_.unreadable.begin(), summary_.unreadable.end());
    summary_.unreadable.resize(kMaxListedUnreadable);
  }
}

void Scan::task_done() {
  std::lock_guard lock(mutex_);
  if (--pending_tasks_ == 0) cv_.notify_all();
}

void Scan::dir_done() {
  std::lock_guard lock(mutex_);
  if (--pending_dirs_ != 0) return;
  progress_.walking_done = true;
  cv_.notify_all();
}

void Scan::post_dir(WorkspaceWalker& walker, WalkDir dir) {
  const bool token = pool_.size() > 0;
  {
    std::lock_guard lock(mutex_);
    dirs_.emplace_back(&walker, std::move(dir));
    ++pending_dirs_;
    if (token) ++pending_tasks_;
  }
  cv_.notify_all();
  if (!token) return;
  // Ahead of the queued chunks: discovery runs ahead of analysis, so big files are met (and
  // started) early and idle workers help with a wide tree's listings.
  if (!pool_.post_front([self = shared_from_this()] {
        self->list_next_dir();
        self->task_done();
      }))
    task_done();  // the pool is shutting down: the calling thread lists it
}

bool Scan::list_next_dir() {
  std::pair<WorkspaceWalker*, WalkDir> next;
  {
    std::lock_guard lock(mutex_);
    if (dirs_.empty()) return false;
    next = std::move(dirs_.back());
    dirs_.pop_back();
  }
  list_dir(*next.first, next.second);
  dir_done();
  return true;
}

void Scan::list_dir(WorkspaceWalker& walker, const WalkDir& dir) {
  if (cancel_.cancelled()) return;
  background_checkpoint();
  const double cpu_start = thread_cpu_seconds();
  std::vector<std::vector<WalkFile>> chunks(1);
  std::vector<WalkFile> big;
  std::vector<WalkDir> subdirs;
  walker.list(
      dir,
      [&](WalkFile&& file) {
        if (file.bytes >= kBigFileBytes) return big.push_back(std::move(file));
        if (chunks.back().size() >= chunk_size_) chunks.emplace_back();
        chunks.back().push_back(std::move(file));
      },
      [&](WalkDir&& sub) { subdirs.push_back(std::move(sub)); });
  walk_cpu_ns_ += static_cast<std::int64_t>((thread_cpu_seconds() - cpu_start) * 1e9);
  for (auto& file : big) {  // alone and ahead of the queue
    std::vector<WalkFile> alone;
    alone.push_back(std::move(file));
    post_files(std::move(alone), true);
  }
  for (auto& chunk : chunks)
    if (!chunk.empty()) post_files(std::move(chunk), false);
  // Depth-first in name order: the inline stack and the front of the pool's queue both take
  // the first subdirectory next.
  for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) post_dir(walker, std::move(*it));
}

void Scan::post_files(std::vector<WalkFile> files, bool front) {
  bool run_here = pool_.size() == 0;
  {
    std::unique_lock lock(mutex_);
    progress_.files_queued += files.size();
    if (!run_here && queued_files_ + files.size() > max_queued_files_) {
      // A worker analyses its own files rather than wait for the others; the calling thread
      // (not one of the --jobs threads) waits for room.
      if (pool_.current_worker() < pool_.size()) run_here = true;
      else cv_.wait(lock, [&] { return queued_files_ == 0 || queued_files_ + files.size() <= max_queued_files_; });
    }
    if (!run_here) {
      queued_files_ += files.size();
      ++pending_tasks_;
    }
  }
  if (run_here) {
    run_files(files);
    return;
  }
  const std::size_t count = files.size();
  auto task = [self = shared_from_this(), files = std::move(files), count]() mutable {
    {
      std::lock_guard lock(self->mutex_);
      self->queued_files_ -= count;
    }
    self->cv_.notify_all();  // room for a waiting listing
    self->run_files(files);
    self->task_done();
  };
  if (!(front ? pool_.post_front(std::move(task)) : pool_.post(std::move(task)))) {
    std::lock_guard lock(mutex_);
    queued_files_ -= count;
    --pending_tasks_;
    cv_.notify_all();
  }
}

void Scan::run_files(std::vector<WalkFile>& files) {
  thread_local std::string buffer;  // this worker's: no allocation per file
  const double cpu_start = thread_cpu_seconds();
  const std::size_t worker = pool_.current_worker();
  const bool concurrent = static_cast<bool>(callbacks_.on_file_concurrent);
  std::size_t analysed = 0, skipped = 0, done = 0;
  std::uint64_t bytes = 0;
  std::vector<std::string> unreadable;
  for (auto& file : files) {
    background_checkpoint();  // between files: a waiting event loop runs now, not at the next tick
    if (cancel_.cancelled()) break;
    FileReport report;
    report.path = std::move(file.path);
    report.relative = std::move(file.relative);
    report.language = file.language;
    std::string reason;
    bool cannot_read = false;
    if (!read_source_file(report.path, config_.max_file_bytes, buffer, reason, &cannot_read)) {
      report.result.skipped_reason = std::move(reason);
      if (cannot_read) unreadable.push_back(report.path.string() + ": " + report.result.skipped_reason);
      ++skipped;
    } else {
      report.bytes = buffer.size();
      report.result = analyze_text(buffer, report.language, config_, cancel_);
      ++analysed;
      bytes += report.bytes;
    }
    if (buffer.capacity() > kKeptBufferBytes) std::string().swap(buffer);
    ++done;
    if (concurrent) {
      callbacks_.on_file_concurrent(std::move(report), worker);
      continue;
    }
    // The serialised callback sees the counters as they were after this file.
    std::lock_guard lock(mutex_);
    ++progress_.files_done;
    progress_.bytes_done += report.bytes;
    if (callbacks_.on_file) callbacks_.on_file(std::move(report));
  }
  worker_cpu_ns_ += static_cast<std::int64_t>((thread_cpu_seconds() - cpu_start) * 1e9);
  std::lock_guard lock(mutex_);
  for (auto& u : unreadable) note_unreadable(std::move(u));
  summary_.files_analyzed += analysed;
  summary_.files_skipped += skipped;
  summary_.bytes += bytes;
  if (concurrent) {
    progress_.files_done += done;
    progress_.bytes_done += bytes;
  }
  if (callbacks_.on_progress) callbacks_.on_progress(progress_);
}

ScanSummary Scan::run(const std::vector<fs::path>& roots) {
  for (const auto& root : roots) {
    if (cancel_.cancelled()) break;
    std::error_code ec;
    auto st = fs::status(root, ec);
    auto root_error = [&](const std::string& why) {
      std::lock_guard lock(mutex_);
      summary_.errors.push_back(root.string() + ": " + why);
    };
    if (ec || !fs::exists(st)) {
      root_error(ec && !gone(ec.value()) ? ec.message() : "no such file or directory");
      continue;
    }
    if (fs::is_regular_file(st)) {
      if (auto why = open_error(root)) {
        root_error("cannot read: " + *why);
        continue;
      }
      Language lang = detect_language(root);
      if (lang == Language::Unknown) {
        std::lock_guard lock(mutex_);
        ++summary_.files_ignored;
        continue;
      }
      std::vector<WalkFile> one;
      one.push_back({root, root.filename().generic_string(), lang, 0});
      post_files(std::move(one), false);
      continue;
    }
    if (!fs::is_directory(st)) {
      root_error("not a regular file or directory");
      continue;
    }
    walkers_.push_back(std::make_unique<WorkspaceWalker>(root, config_));
    post_dir(*walkers_.back(), walkers_.back()->root_dir());
    // A size-0 pool walks here, one root after the other.
    if (pool_.size() == 0)
      while (list_next_dir()) {
      }
  }
  dir_done();  // every root is posted: the walk ends with the last listing
  // This thread walks too (as the serial walker did), then waits for the workers.
  for (;;) {
    if (list_next_dir()) continue;
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !dirs_.empty() || pending_dirs_ == 0; });
    if (dirs_.empty()) break;
  }
  {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return pending_tasks_ == 0; });
  }
  std::lock_guard lock(mutex_);
  ScanSummary summary = std::move(summary_);
  for (const auto& walker : walkers_) {
    WalkSummary walk = walker->summary();
    summary.files_ignored += walk.files_ignored;
    summary.errors.insert(summary.errors.end(), walk.errors.begin(), walk.errors.end());
    summary.unreadable.insert(summary.unreadable.end(), walk.unreadable.begin(), walk.unreadable.end());
    summary.unreadable_count += walk.unreadable_count;
  }
  std::sort(summary.unreadable.begin(), summary.unreadable.end());
  if (summary.unreadable.size() > kMaxListedUnreadable) summary.unreadable.resize(kMaxListedUnreadable);
  summary.cancelled = cancel_.cancelled();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  summary.walk_seconds = static_cast<double>(walk_cpu_ns_.load()) * 1e-9;
  summary.worker_seconds = static_cast<double>(worker_cpu_ns_.load()) * 1e-9;
  return summary;
}

}  // namespace

ScanSummary scan_workspace(const std::vector<fs::path>& roots, const AnalysisConfig& config, ThreadPool& pool,
                           const CancelToken& cancel, const ScanCallbacks& callbacks) {
  // The scan's own copy of the configuration, with the roots' .properties values, read if a file
  // asks (the Scan keeps a reference: this copy outlives it, run() returns when every task is done).
  AnalysisConfig with_properties = config;
  if (!with_properties.project_properties) with_properties.project_properties = std::make_shared<ProjectProperties>(roots);
  return std::make_shared<Scan>(with_properties, pool, cancel, callbacks)->run(roots);
}

}  // namespace cc::analysis
