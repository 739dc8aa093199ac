#include "analysis/scan/workspace_walk.h"

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>

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

Language detect_language(const fs::path& path) {
  Language lang = language_from_path(path.generic_string());
  if (lang != Language::Unknown || path.has_extension()) return lang;
  // O_NONBLOCK: a FIFO put in the file's place must not block the walk.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return Language::Unknown;
  char first[128];
  ssize_t n;
  do n = ::read(fd, first, sizeof first);
  while (n < 0 && errno == EINTR);
  ::close(fd);
  if (n <= 0) return Language::Unknown;
  std::string_view head(first, static_cast<std::size_t>(n));
  return language_from_shebang(std::string(head.substr(0, head.find('\n'))));
}

namespace {

// Missing (a dangling link, deleted meanwhile) is not "unreadable": there is nothing to read.
bool gone(int error) { return error == ENOENT || error == ENOTDIR; }

bool path_within(const std::string& root_canonical, const fs::path& target) {
  std::error_code ec;
  fs::path t = fs::weakly_canonical(target, ec);
  if (ec) return false;
  const std::string& r = root_canonical;
  auto s = t.generic_string();
  return s == r || (s.size() > r.size() && s.compare(0, r.size(), r) == 0 && s[r.size()] == '/');
}

bool ignored_by(const IgnoreStack& rules, const std::string& rel, bool is_dir) {
  bool ignored = false;
  for (const auto& r : rules) {
    bool matched = false;
    bool v = r->ignored(rel, is_dir, &matched);
    if (matched) ignored = v;  // inner files override outer ones
  }
  return ignored;
}

}  // namespace

WorkspaceWalker::WorkspaceWalker(fs::path root, const AnalysisConfig& config)
    : root_(std::move(root)), config_(config) {
  std::error_code ec;
  root_canonical_ = fs::weakly_canonical(root_, ec);
  for (const auto& g : config.exclude) {
    std::string_view pat = g;
    while (!pat.empty() && pat.front() == '/') pat.remove_prefix(1);
    bool anchored = pat.find('/') != std::string_view::npos;
    exclude_patterns_.push_back(anchored ? std::string(pat) : "**/" + std::string(pat));
  }
}

WalkDir WorkspaceWalker::root_dir() const { return {root_, "", std::make_shared<const IgnoreStack>()}; }

bool WorkspaceWalker::excluded(const std::string& relative) const {
  for (const auto& p : exclude_patterns_)
    if (glob_match_path(p, relative)) return true;
  return false;
}

void WorkspaceWalker::note_unreadable(std::string what) {
  std::lock_guard lock(mutex_);
  ++summary_.unreadable_count;
  summary_.unreadable.push_back(std::move(what));
  // Keeps the first kMaxListedUnreadable by name whatever order the threads met them in.
  if (summary_.unreadable.size() >= 2 * kMaxListedUnreadable) {
    std::sort(summary_.unreadable.begin(), summary_.unreadable.end());
    summary_.unreadable.resize(kMaxListedUnreadable);
  }
}

WalkSummary WorkspaceWalker::summary() const {
  std::lock_guard lock(mutex_);
  WalkSummary s = summary_;
  s.files_ignored = files_ignored_.load();
  std::sort(s.unreadable.begin(), s.unreadable.end());
  if (s.unreadable.size() > kMaxListedUnreadable) s.unreadable.resize(kMaxListedUnreadable);
  return s;
}

void WorkspaceWalker::list(const WalkDir& dir, const std::function<void(WalkFile&&)>& on_file,
                           const std::function<void(WalkDir&&)>& on_dir) {
  auto rules = dir.rules;
  if (config_.respect_gitignore) {
    // A committed .gitignore may be a FIFO or a link to a device: the bounded reader.
    auto gi = protocol::read_untrusted_file(dir.path / ".gitignore");
    if (!gi.ok() && gi.status != protocol::UntrustedFile::Status::Missing)
      spdlog::warn("{}; its rules are not applied", gi.error);
    if (gi.ok()) {
      auto r = std::make_shared<IgnoreRules>();
      r->add_file_contents(gi.text, dir.relative);
      auto extended = std::make_shared<IgnoreStack>(*rules);
      extended->push_back(std::move(r));
      rules = std::move(extended);
    }
  }
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir.path, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  if (ec && !gone(ec.value())) {
    // Listed as far as it could be; what is missing is named, never silently dropped.
    if (dir.relative.empty()) {
      std::lock_guard lock(mutex_);
      summary_.errors.push_back(root_.string() + ": cannot read directory: " + ec.message());
    } else {
      note_unreadable(dir.path.string() + ": cannot read directory: " + ec.message());
    }
  }
  // One parent: the full names order as the file names do, and compare as plain strings
  // (path::compare walks components, several times slower on big directories).
  std::sort(entries.begin(), entries.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
    return a.path().native() < b.path().native();
  });
  const std::string root_canonical = root_canonical_.generic_string();
  for (const auto& entry : entries) {
    std::string name = entry.path().filename().string();
    std::string rel = dir.relative.empty() ? name : dir.relative + "/" + name;
    std::error_code sec;
    bool is_link = entry.is_symlink(sec);
    if (is_link) {
      // Never follow directory links (no loops); file links only when they stay inside the root.
      if (fs::is_directory(entry.path(), sec) || !path_within(root_canonical, entry.path())) {
        ++files_ignored_;
        continue;
      }
    }
    if (!is_link && entry.is_directory(sec)) {
      if (is_default_skipped_dir(name) || ignored_by(*rules, rel, true) || excluded(rel)) continue;
      on_dir({entry.path(), std::move(rel), rules});
      continue;
    }
    // Follows a link: one to a FIFO or a device is skipped like the thing itself (reading
    // its first bytes for a shebang would block or never end).
    if (!entry.is_regular_file(sec)) continue;
    if (ignored_by(*rules, rel, false) || excluded(rel)) {
      ++files_ignored_;
      continue;
    }
    Language lang = detect_language(entry.path());
    if (lang == Language::Unknown) {
      ++files_ignored_;
      continue;
    }
    std::uintmax_t bytes = entry.file_size(sec);
    on_file({entry.path(), std::move(rel), lang, sec ? 0 : static_cast<std::uint64_t>(bytes)});
  }
}

}  // namespace cc::analysis
