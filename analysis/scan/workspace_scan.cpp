#include "analysis/scan/workspace_scan.h"

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>

#include "analysis/scan/background_priority.h"
#include "analysis/scan/gitignore.h"
#include "analysis/scan/glob_match.h"
#include "protocol/untrusted_file.h"

namespace cc::analysis {

namespace fs = std::filesystem;

bool is_default_skipped_dir(std::string_view name) {
  static constexpr std::string_view dirs[] = {".git",        ".hg",   ".svn",  "node_modules", "build", "_build",
                                              "__pycache__", ".venv", "venv",  ".tox",         ".cache", ".mypy_cache",
                                              ".pytest_cache", "dist", ".gradle", ".idea",     ".vs"};
  for (auto d : dirs)
    if (name == d) return true;
  return name.rfind("cmake-build-", 0) == 0;
}

namespace {

// Missing (a dangling link, deleted meanwhile) is not "unreadable": there is nothing to read.
bool gone(int error) { return error == ENOENT || error == ENOTDIR; }

}  // namespace

bool read_source_file(const fs::path& path, std::uint64_t max_bytes, std::string& out, std::string& reason,
                      bool* unreadable) {
  if (unreadable) *unreadable = false;
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    reason = "cannot stat: " + ec.message();
    if (unreadable) *unreadable = !gone(ec.value());
    return false;
  }
  if (size > max_bytes) {
    reason = "larger than maxFileBytes (" + std::to_string(size) + " > " + std::to_string(max_bytes) + " bytes)";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    reason = std::string("cannot open for reading: ") + std::strerror(error);
    if (unreadable) *unreadable = !gone(error);
    return false;
  }
  out.resize(static_cast<std::size_t>(size));
  in.read(out.data(), static_cast<std::streamsize>(size));
  out.resize(static_cast<std::size_t>(in.gcount()));
  if (looks_binary(out)) {
    reason = "binary file (NUL byte in the first 8 KiB)";
    return false;
  }
  return true;
}

namespace {

struct Candidate {
  fs::path path;
  std::string relative;
  Language language;
};


bool path_within(const fs::path& root_canonical, const fs::path& target) {
  std::error_code ec;
  fs::path t = fs::weakly_canonical(target, ec);
  if (ec) return false;
  auto r = root_canonical.generic_string();
  auto s = t.generic_string();
  return s == r || (s.size() > r.size() && s.compare(0, r.size(), r) == 0 && s[r.size()] == '/');
}

Language detect_language(const fs::path& path) {
  Language lang = language_from_path(path.generic_string());
  if (lang != Language::Unknown) return lang;
  if (path.has_extension()) return Language::Unknown;
  std::ifstream in(path, std::ios::binary);
  std::string first(128, '\0');
  in.read(first.data(), 128);
  first.resize(static_cast<std::size_t>(in.gcount()));
  auto nl = first.find('\n');
  return language_from_shebang(first.substr(0, nl));
}

// A file this big takes milliseconds to analyse: it runs as its own task, started first.
constexpr std::uintmax_t kBigFileBytes = 128 * 1024;

// Shared state between the walker and chunk tasks.
struct ScanState {
  std::mutex mutex;               // serialises callbacks and guards the counters below
  std::condition_variable cv;
  std::size_t in_flight = 0;
  ScanProgress progress;
  ScanSummary summary;

  void note_unreadable(const std::string& what) {  // caller holds `mutex`
    if (summary.unreadable.size() < kMaxListedUnreadable) summary.unreadable.push_back(what);
    ++summary.unreadable_count;
  }
};

// Whether a file named on the command line can be opened (without blocking on a FIFO).
std::optional<std::string> open_error(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::string(std::strerror(errno));
  ::close(fd);
  return std::nullopt;
}

}  // namespace

ScanSummary scan_workspace(const std::vector<fs::path>& roots, const AnalysisConfig& config, ThreadPool& pool,
                           const CancelToken& cancel, const ScanCallbacks& callbacks) {
  const auto start = std::chrono::steady_clock::now();
  auto state = std::make_shared<ScanState>();
  const std::size_t chunk_size = std::max<std::size_t>(1, config.chunk_size);
  // Chunks hold paths only, so the walker may run well ahead: it then meets big files early
  // and starts them first (below), rather than leaving one to run alone at the end.
  const std::size_t max_in_flight = std::max<std::size_t>(2, pool.size() * 16);
  std::vector<Candidate> chunk;

  auto run_chunk = [state, &config, &cancel, &callbacks](std::vector<Candidate> files) {
    for (auto& c : files) {
      background_checkpoint();  // between files: a waiting event loop runs now, not at the next tick
      FileReport report;
      report.path = c.path;
      report.relative = c.relative;
      report.language = c.language;
      if (cancel.cancelled()) break;
      std::string text, reason;
      bool unreadable = false;
      if (!read_source_file(c.path, config.max_file_bytes, text, reason, &unreadable)) {
        report.result.skipped_reason = reason;
      } else {
        report.bytes = text.size();
        report.result = analyze_text(text, c.language, config, cancel);
      }
      std::lock_guard lock(state->mutex);
      if (unreadable) state->note_unreadable(c.path.string() + ": " + reason);
      if (report.result.skipped_reason.empty()) {
        ++state->summary.files_analyzed;
        state->summary.bytes += report.bytes;
      } else {
        ++state->summary.files_skipped;
      }
      ++state->progress.files_done;
      state->progress.bytes_done += report.bytes;
      if (callbacks.on_file) callbacks.on_file(std::move(report));
    }
    std::lock_guard lock(state->mutex);
    if (callbacks.on_progress) callbacks.on_progress(state->progress);
    --state->in_flight;
    state->cv.notify_all();
  };

  auto submit = [&](std::vector<Candidate> files, bool first) {
    {
      std::unique_lock lock(state->mutex);
      state->cv.wait(lock, [&] { return state->in_flight < max_in_flight; });
      ++state->in_flight;
      state->progress.files_queued += files.size();
    }
    auto task = [run_chunk, files = std::move(files)]() mutable { run_chunk(std::move(files)); };
    if (!(first ? pool.post_front(std::move(task)) : pool.post(std::move(task)))) {
      std::lock_guard lock(state->mutex);
      --state->in_flight;
    }
  };
  auto flush = [&]() {
    if (chunk.empty()) return;
    std::vector<Candidate> files;
    files.swap(chunk);
    submit(std::move(files), false);
  };

  // `bytes`: the size the walk saw (0 when unknown).
  auto consider_file = [&](const fs::path& path, const std::string& relative, std::uintmax_t bytes) {
    Language lang = detect_language(path);
    if (lang == Language::Unknown) {
      std::lock_guard lock(state->mutex);
      ++state->summary.files_ignored;
      return;
    }
    if (bytes >= kBigFileBytes) {  // alone and ahead of the queue
      submit({{path, relative, lang}}, true);
      return;
    }
    chunk.push_back({path, relative, lang});
    if (chunk.size() >= chunk_size) flush();
  };

  auto excluded = [&](const std::string& rel) {
    for (const auto& g : config.exclude) {
      std::string_view pat = g;
      while (!pat.empty() && pat.front() == '/') pat.remove_prefix(1);
      bool anchored = pat.find('/') != std::string_view::npos;
      std::string p = anchored ? std::string(pat) : "**/" + std::string(pat);
      if (glob_match_path(p, rel)) return true;
    }
    return false;
  };

  for (const auto& root : roots) {
    if (cancel.cancelled()) break;
    std::error_code ec;
    auto st = fs::status(root, ec);
    auto root_error = [&](const std::string& why) {
      std::lock_guard lock(state->mutex);
      state->summary.errors.push_back(root.string() + ": " + why);
    };
    if (ec || !fs::exists(st)) {
      root_error(ec && !gone(ec.value()) ? ec.message() : "no such file or directory");
      continue;
    }
    if (fs::is_regular_file(st)) {
      if (auto why = open_error(root)) root_error("cannot read: " + *why);
      else consider_file(root, root.filename().generic_string(), 0);
      continue;
    }
    if (!fs::is_directory(st)) {
      root_error("not a regular file or directory");
      continue;
    }
    fs::path root_canonical = fs::weakly_canonical(root, ec);
    // Iterative walk: explicit stack of (directory, relative path, ignore rules in effect).
    struct Dir {
      fs::path path;
      std::string rel;
      std::shared_ptr<const std::vector<std::shared_ptr<IgnoreRules>>> rules;
    };
    std::vector<Dir> stack;
    stack.push_back({root, "", std::make_shared<std::vector<std::shared_ptr<IgnoreRules>>>()});
    while (!stack.empty() && !cancel.cancelled()) {
      Dir dir = std::move(stack.back());
      stack.pop_back();
      auto rules = dir.rules;
      if (config.respect_gitignore) {
        // A committed .gitignore may be a FIFO or a link to a device: the bounded reader.
        auto gi = protocol::read_untrusted_file(dir.path / ".gitignore");
        if (!gi.ok() && gi.status != protocol::UntrustedFile::Status::Missing)
          spdlog::warn("{}; its rules are not applied", gi.error);
        if (gi.ok()) {
          auto r = std::make_shared<IgnoreRules>();
          r->add_file_contents(gi.text, dir.rel);
          auto extended = std::make_shared<std::vector<std::shared_ptr<IgnoreRules>>>(*rules);
          extended->push_back(std::move(r));
          rules = extended;
        }
      }
      auto is_ignored = [&](const std::string& rel, bool is_dir) {
        bool ignored = false;
        for (const auto& r : *rules) {
          bool matched = false;
          bool v = r->ignored(rel, is_dir, &matched);
          if (matched) ignored = v;  // inner files override outer ones
        }
        return ignored;
      };
      std::vector<fs::directory_entry> entries;
      for (fs::directory_iterator it(dir.path, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
      if (ec && !gone(ec.value())) {
        // Listed as far as it could be; what is missing is named, never silently dropped.
        if (dir.rel.empty()) {
          root_error("cannot read directory: " + ec.message());
        } else {
          std::lock_guard lock(state->mutex);
          state->note_unreadable(dir.path.string() + ": cannot read directory: " + ec.message());
        }
      }
      std::sort(entries.begin(), entries.end(),
                [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
      std::vector<Dir> subdirs;
      for (const auto& entry : entries) {
        std::string name = entry.path().filename().string();
        std::string rel = dir.rel.empty() ? name : dir.rel + "/" + name;
        std::error_code sec;
        bool is_link = entry.is_symlink(sec);
        if (is_link) {
          // Never follow directory links; file links only when they stay inside the root.
          if (fs::is_directory(entry.path(), sec) || !path_within(root_canonical, entry.path())) {
            std::lock_guard lock(state->mutex);
            ++state->summary.files_ignored;
            continue;
          }
        }
        bool is_dir = !is_link && entry.is_directory(sec);
        if (is_dir) {
          if (is_default_skipped_dir(name) || is_ignored(rel, true) || excluded(rel)) continue;
          subdirs.push_back({entry.path(), rel, rules});
          continue;
        }
        // Follows a link: one to a FIFO or a device is skipped like the thing itself (reading
        // its first bytes for a shebang would block or never end).
        if (!entry.is_regular_file(sec)) continue;
        if (is_ignored(rel, false) || excluded(rel)) {
          std::lock_guard lock(state->mutex);
          ++state->summary.files_ignored;
          continue;
        }
        std::uintmax_t bytes = entry.file_size(sec);
        consider_file(entry.path(), rel, sec ? 0 : bytes);
        if (cancel.cancelled()) break;
      }
      // Depth-first in name order.
      for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) stack.push_back(std::move(*it));
    }
  }
  flush();
  {
    std::unique_lock lock(state->mutex);
    state->progress.walking_done = true;
  }
  pool.wait_idle();
  {
    std::unique_lock lock(state->mutex);
    state->cv.wait(lock, [&] { return state->in_flight == 0; });
  }
  ScanSummary summary;
  {
    std::lock_guard lock(state->mutex);
    summary = state->summary;
  }
  summary.cancelled = cancel.cancelled();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace cc::analysis
