#pragma once
// A directory tree under the temp dir for scan tests, removed (permissions restored) at the end.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace cc::analysis::testing {

class TempTree {
 public:
  TempTree() {
    root_ = std::filesystem::temp_directory_path() /
            ("cc-scan-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~TempTree() {
    std::error_code ec;
    // A test may have made a directory unreadable: give it back first, or it stays behind.
    for (auto it = std::filesystem::recursive_directory_iterator(
             root_, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      if (it->is_directory(ec) && !it->is_symlink(ec))
        std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  void write(const std::string& rel, const std::string& contents) {
    std::filesystem::path p = root_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << contents;
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path root_;
};

}  // namespace cc::analysis::testing
