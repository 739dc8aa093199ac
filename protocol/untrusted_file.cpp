#include "protocol/untrusted_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace cc::protocol {

namespace {

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

UntrustedFile failure(UntrustedFile::Status status, std::string error) {
  UntrustedFile f;
  f.status = status;
  f.error = std::move(error);
  return f;
}

UntrustedFile check(const std::string& name, const struct stat& st, std::size_t max_bytes) {
  if (!S_ISREG(st.st_mode))
    return failure(UntrustedFile::Status::NotRegular, name + " is " + kind_of(st.st_mode) + ", not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
    return failure(UntrustedFile::Status::TooLarge, name + " is larger than " + std::to_string(max_bytes) + " bytes");
  UntrustedFile ok;
  ok.status = UntrustedFile::Status::Ok;
  return ok;
}

}  // namespace

UntrustedFile read_untrusted_file(const std::filesystem::path& path, std::size_t max_bytes) {
  const std::string name = path.string();
  struct stat st {};
  // stat() follows links: a link is judged by what it points at. Checking before open()
  // keeps devices from being opened at all.
  if (::stat(name.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return failure(UntrustedFile::Status::Missing, name + " does not exist");
    return failure(UntrustedFile::Status::Unreadable, "cannot read " + name + ": " + std::strerror(errno));
  }
  if (auto verdict = check(name, st, max_bytes); !verdict.ok()) return verdict;

  int fd = ::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return failure(UntrustedFile::Status::Unreadable, "cannot read " + name + ": " + std::strerror(errno));
  // The path may have been swapped between stat and open: judge what was opened.
  UntrustedFile result;
  if (::fstat(fd, &st) != 0) {
    result = failure(UntrustedFile::Status::Unreadable, "cannot read " + name + ": " + std::strerror(errno));
  } else if (result = check(name, st, max_bytes); result.ok()) {
    std::string text(static_cast<std::size_t>(st.st_size) + 1, '\0');  // one byte more sees growth
    std::size_t got = 0;
    while (got < text.size()) {
      ssize_t n = ::read(fd, text.data() + got, text.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        result = failure(UntrustedFile::Status::Unreadable, "cannot read " + name + ": " + std::strerror(errno));
        break;
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
      if (got > max_bytes) {
        result = failure(UntrustedFile::Status::TooLarge, name + " is larger than " + std::to_string(max_bytes) + " bytes");
        break;
      }
      if (got == text.size()) text.resize(std::min(text.size() * 2, max_bytes + 1));  // it grew since fstat
    }
    if (result.ok()) {
      text.resize(got);
      result.text = std::move(text);
    }
  }
  ::close(fd);
  return result;
}

}  // namespace cc::protocol
