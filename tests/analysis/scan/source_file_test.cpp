// read_source_file: whole files of every size around the first block, binary and oversize files
// rejected from the first block (nothing more is read or held), files whose size stat gets wrong.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "analysis/scan/source_file.h"
#include "tests/analysis/scan/temp_tree.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;
using cc::analysis::testing::TempTree;

std::string pattern(std::size_t n) {
  std::string s(n, 'a');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

TEST(SourceFile, ReadsWholeFilesAroundTheFirstBlock) {
  TempTree t;
  std::string buffer;  // reused, as a scan worker does
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, kFirstBlockBytes - 1, kFirstBlockBytes, kFirstBlockBytes + 1,
                        3 * kFirstBlockBytes + 7}) {
    t.write("f.py", pattern(n));
    std::string reason;
    ASSERT_TRUE(read_source_file(t.root() / "f.py", 1 << 20, buffer, reason)) << n << ": " << reason;
    EXPECT_EQ(buffer, pattern(n)) << n;
  }
}

TEST(SourceFile, BinaryIsRejectedAfterTheFirstBlock) {
  TempTree t;
  std::string big = pattern(4 << 20);
  big[100] = '\0';
  t.write("bin.py", big);
  std::string buffer, reason;
  bool unreadable = true;
  EXPECT_FALSE(read_source_file(t.root() / "bin.py", 64 << 20, buffer, reason, &unreadable));
  EXPECT_NE(reason.find("binary"), std::string::npos);
  EXPECT_FALSE(unreadable);
  EXPECT_TRUE(buffer.empty());
  // Only the first block was ever read into memory, not the 4 MiB behind it.
  EXPECT_LE(buffer.capacity(), 2 * kFirstBlockBytes);
}

TEST(SourceFile, OversizeIsRejectedWithoutReading) {
  TempTree t;
  t.write("huge.py", pattern(3 << 20));
  std::string buffer, reason;
  EXPECT_FALSE(read_source_file(t.root() / "huge.py", 1 << 20, buffer, reason));
  EXPECT_NE(reason.find("maxFileBytes"), std::string::npos);
  EXPECT_LE(buffer.capacity(), 2 * kFirstBlockBytes);
}

TEST(SourceFile, ASizeTheFileSystemGetsWrongIsStillBounded) {
  // procfs reports size 0 for files that have content.
  std::string buffer, reason;
  ASSERT_TRUE(read_source_file("/proc/self/status", 1 << 20, buffer, reason)) << reason;
  EXPECT_NE(buffer.find("Name:"), std::string::npos);
  EXPECT_FALSE(read_source_file("/proc/self/status", 10, buffer, reason));
  EXPECT_NE(reason.find("maxFileBytes"), std::string::npos);
}

TEST(SourceFile, MissingFifoAndUnreadableAreTold) {
  TempTree t;
  std::string buffer, reason;
  bool unreadable = true;
  EXPECT_FALSE(read_source_file(t.root() / "missing.py", 1 << 20, buffer, reason, &unreadable));
  EXPECT_FALSE(unreadable);  // gone is not unreadable
  ASSERT_EQ(::mkfifo((t.root() / "pipe.py").c_str(), 0600), 0);
  EXPECT_FALSE(read_source_file(t.root() / "pipe.py", 1 << 20, buffer, reason, &unreadable));  // never blocks
  EXPECT_NE(reason.find("not a regular file"), std::string::npos);
  if (::geteuid() != 0) {
    t.write("locked.py", "x = 1\n");
    fs::permissions(t.root() / "locked.py", fs::perms::none);
    EXPECT_FALSE(read_source_file(t.root() / "locked.py", 1 << 20, buffer, reason, &unreadable));
    EXPECT_TRUE(unreadable);
  }
}

}  // namespace
