#pragma once
// The one reader for files that a workspace or a user setting names: configuration files
// (.codecrucible.json, the user config, --config) and ignore files (.gitignore). A repository
// is untrusted and may commit a symlink to /dev/zero or /dev/stdin, a FIFO or a directory in
// their place, so the reader
//   - follows links, then accepts regular files only (never FIFOs, devices, sockets, dirs);
//   - opens non-blocking, so even a file swapped for a FIFO after the check cannot block;
//   - reads at most max_bytes (a file past the cap is refused, not truncated).
// Blocking file I/O: callers on the loop thread read small files only. Thread-safe.
#include <cstddef>
#include <filesystem>
#include <string>

namespace cc::protocol {

inline constexpr std::size_t kMaxSettingFileBytes = 1u << 20;

struct UntrustedFile {
  enum class Status { Ok, Missing, NotRegular, TooLarge, Unreadable };
  Status status = Status::Missing;
  std::string text;   // Ok only
  std::string error;  // why not, naming the path: "x is a FIFO, not a regular file"
  [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

UntrustedFile read_untrusted_file(const std::filesystem::path& path, std::size_t max_bytes = kMaxSettingFileBytes);

}  // namespace cc::protocol
