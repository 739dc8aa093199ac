#include "analysis/index/file_list.h"

#include <algorithm>
#include <memory>

#include <sys/stat.h>

#include "analysis/scan/background_priority.h"
#include "analysis/scan/gitignore.h"
#include "analysis/scan/glob_match.h"
#include "analysis/scan/workspace_scan.h"
#include "protocol/untrusted_file.h"

namespace cc::analysis {

namespace fs = std::filesystem;

bool excluded_by_globs(const std::vector<std::string>& globs, const std::string& rel) {
  for (const auto& g : globs) {
    std::string_view pat = g;
    while (!pat.empty() && pat.front() == '/') pat.remove_prefix(1);
    bool anchored = pat.find('/') != std::string_view::npos;
    std::string p = anchored ? std::string(pat) : "**/" + std::string(pat);
    if (glob_match_path(p, rel)) return true;
  }
  return false;
}

bool admitted_by_walk_rules(const fs::path& root_in, const fs::path& path_in, const FileListOptions& options) {
  fs::path root = root_in.lexically_normal();
  fs::path path = path_in.lexically_normal();
  fs::path rel = path.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return false;
  if (language_from_path(path.string()) == Language::Unknown) return false;
  std::string rel_s = rel.generic_string();
  if (excluded_by_globs(options.exclude, rel_s)) return false;
  std::vector<std::shared_ptr<IgnoreRules>> rules;
  fs::path dir = root;
  std::string dir_rel;
  auto ignored = [&](const std::string& r, bool is_dir) {
    bool v = false;
    for (const auto& x : rules) {
      bool matched = false;
      bool y = x->ignored(r, is_dir, &matched);
      if (matched) v = y;
    }
    return v || excluded_by_globs(options.exclude, r);
  };
  std::vector<std::string> parts;
  for (const auto& p : rel) parts.push_back(p.string());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (options.respect_gitignore) {
      auto gi = protocol::read_untrusted_file(dir / ".gitignore");
      if (gi.ok()) {
        auto r = std::make_shared<IgnoreRules>();
        r->add_file_contents(gi.text, dir_rel);
        rules.push_back(std::move(r));
      }
    }
    bool last = i + 1 == parts.size();
    std::string r = dir_rel.empty() ? parts[i] : dir_rel + "/" + parts[i];
    if (!last && is_default_skipped_dir(parts[i])) return false;
    if (ignored(r, !last)) return false;
    dir /= parts[i];
    dir_rel = r;
  }
  return true;
}

std::int64_t mtime_ns(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

std::vector<ListedFile> list_source_files(const fs::path& root_in, const FileListOptions& options,
                                          const CancelToken& cancel) {
  std::vector<ListedFile> out;
  std::error_code ec;
  fs::path root = fs::absolute(root_in, ec).lexically_normal();
  if (ec) return out;
  auto st = fs::status(root, ec);
  if (ec) return out;
  if (fs::is_regular_file(st)) {
    Language lang = language_from_path(root.string());
    if (lang != Language::Unknown) out.push_back({root, lang, fs::file_size(root, ec), mtime_ns(root)});
    return out;
  }
  if (!fs::is_directory(st)) return out;
  fs::path root_canonical = fs::weakly_canonical(root, ec);
  using Rules = std::vector<std::shared_ptr<IgnoreRules>>;
  struct Dir {
    fs::path path;
    std::string rel;
    std::shared_ptr<const Rules> rules;
  };
  std::vector<Dir> stack{{root, "", std::make_shared<Rules>()}};
  while (!stack.empty() && !cancel.cancelled() && out.size() < options.max_files) {
    background_checkpoint();
    Dir dir = std::move(stack.back());
    stack.pop_back();
    auto rules = dir.rules;
    if (options.respect_gitignore) {
      auto gi = protocol::read_untrusted_file(dir.path / ".gitignore");
      if (gi.ok()) {
        auto r = std::make_shared<IgnoreRules>();
        r->add_file_contents(gi.text, dir.rel);
        auto extended = std::make_shared<Rules>(*rules);
        extended->push_back(std::move(r));
        rules = extended;
      }
    }
    auto ignored = [&](const std::string& rel, bool is_dir) {
      bool v = false;
      for (const auto& r : *rules) {
        bool matched = false;
        bool x = r->ignored(rel, is_dir, &matched);
        if (matched) v = x;
      }
      return v || excluded_by_globs(options.exclude, rel);
    };
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir.path, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
    std::vector<Dir> subdirs;
    for (const auto& entry : entries) {
      std::string name = entry.path().filename().string();
      std::string rel = dir.rel.empty() ? name : dir.rel + "/" + name;
      std::error_code sec;
      if (entry.is_symlink(sec)) {
        // Never follow directory links; file links only when they stay inside the root.
        if (fs::is_directory(entry.path(), sec)) continue;
        auto target = fs::weakly_canonical(entry.path(), sec);
        auto [a, b] = std::mismatch(root_canonical.begin(), root_canonical.end(), target.begin(), target.end());
        if (sec || a != root_canonical.end()) continue;
      }
      if (!entry.is_symlink(sec) && entry.is_directory(sec)) {
        if (!is_default_skipped_dir(name) && !ignored(rel, true)) subdirs.push_back({entry.path(), rel, rules});
        continue;
      }
      if (!entry.is_regular_file(sec)) continue;
      Language lang = language_from_path(name);
      if (lang == Language::Unknown || ignored(rel, false)) continue;
      std::uintmax_t size = entry.file_size(sec);
      if (sec || size > options.max_file_bytes) continue;
      out.push_back({entry.path(), lang, size, mtime_ns(entry.path())});
      if (out.size() >= options.max_files) break;
    }
    for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) stack.push_back(std::move(*it));
  }
  return out;
}

}  // namespace cc::analysis
