#include "analysis/scan/source_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "analysis/analyzer.h"

namespace cc::analysis {

namespace {

// Missing (a dangling link, deleted meanwhile) is not "unreadable": there is nothing to read.
bool gone(int error) { return error == ENOENT || error == ENOTDIR; }

std::string too_large(std::uint64_t size, std::uint64_t max_bytes) {
  return "larger than maxFileBytes (" + std::to_string(size) + " > " + std::to_string(max_bytes) + " bytes)";
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads up to `want` bytes at out[at..]; returns the bytes read, -1 (errno set) on error.
long read_into(int fd, std::string& out, std::size_t at, std::size_t want) {
  std::size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, out.data() + at + got, want - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return static_cast<long>(got);
}

}  // namespace

bool read_source_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string& out,
                      std::string& reason, bool* unreadable) {
  if (unreadable) *unreadable = false;
  out.clear();
  auto fail = [&](std::string why, int error) {
    reason = std::move(why);
    if (unreadable) *unreadable = error != 0 && !gone(error);
    out.clear();
    return false;
  };
  // O_NONBLOCK: a path that became a FIFO since the walk must not hang the worker.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) {
    const int error = errno;
    return fail(std::string("cannot open for reading: ") + std::strerror(error), error);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    const int error = errno;
    return fail(std::string("cannot stat: ") + std::strerror(error), error);
  }
  if (!S_ISREG(st.st_mode)) return fail("not a regular file", 0);
  const auto size = static_cast<std::uint64_t>(std::max<off_t>(st.st_size, 0));
  if (size > max_bytes) return fail(too_large(size, max_bytes), 0);

  // The first block decides binary and (for files whose size the stat got wrong) oversize.
  const std::uint64_t limit = SIZE_MAX / 2;  // max_bytes may be "no limit" (UINT64_MAX)
  const auto cap = static_cast<std::size_t>(max_bytes < limit ? max_bytes + 1 : limit);
  std::size_t want = std::min(cap, std::max<std::size_t>(kFirstBlockBytes, static_cast<std::size_t>(size)));
  std::size_t first = std::min(want, kFirstBlockBytes);
  out.resize(first);
  long n = read_into(fd.get(), out, 0, first);
  if (n < 0) {
    const int error = errno;
    return fail(std::string("cannot read: ") + std::strerror(error), error);
  }
  std::size_t have = static_cast<std::size_t>(n);
  out.resize(have);
  if (looks_binary(out)) return fail("binary file (NUL byte in the first 8 KiB)", 0);
  if (have < first) return true;  // the whole file fitted in the first block
  // Room for the rest and the read that finds the end: the buffer grows once, not per block.
  out.reserve(std::min(cap, want + 1));

  // The rest into the same buffer: the stat's size, then on to EOF in blocks (bounded by cap).
  for (;;) {
    std::size_t target = std::min(cap, std::max(want, have + kFirstBlockBytes));
    out.resize(target);
    n = read_into(fd.get(), out, have, target - have);
    if (n < 0) {
      const int error = errno;
      return fail(std::string("cannot read: ") + std::strerror(error), error);
    }
    have += static_cast<std::size_t>(n);
    out.resize(have);
    if (have > max_bytes) return fail(too_large(have, max_bytes), 0);
    if (have < target) return true;  // EOF
    want = have + kFirstBlockBytes;
  }
}

}  // namespace cc::analysis
