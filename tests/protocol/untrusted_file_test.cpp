// The one reader for files that settings name, against every kind of file a hostile
// repository can commit or a user can point at: FIFOs (nobody writing: a blocking open or
// read would hang the test, which is the point), links to devices and to /dev/stdin,
// directories, files past the cap, and plain files.
#include "protocol/untrusted_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace cc::protocol {
namespace {

namespace fs = std::filesystem;
using Status = UntrustedFile::Status;

class UntrustedFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cc-untrusted-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(UntrustedFileTest, RegularFilesAndLinksToThemAreRead) {
  auto p = write("a.json", "{\"a\": 1}");
  auto r = read_untrusted_file(p);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, "{\"a\": 1}");
  fs::create_symlink(p, dir_ / "link.json");
  EXPECT_EQ(read_untrusted_file(dir_ / "link.json").text, "{\"a\": 1}");
  EXPECT_TRUE(read_untrusted_file(write("empty", "")).ok());
}

TEST_F(UntrustedFileTest, MissingFilesAndBrokenLinksAreMissing) {
  EXPECT_EQ(read_untrusted_file(dir_ / "none").status, Status::Missing);
  EXPECT_EQ(read_untrusted_file(dir_ / "none" / "deeper").status, Status::Missing);
  fs::create_symlink(dir_ / "nowhere", dir_ / "dangling");
  EXPECT_EQ(read_untrusted_file(dir_ / "dangling").status, Status::Missing);
}

TEST_F(UntrustedFileTest, EveryKindOfNonRegularFileIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  fs::create_symlink(dir_ / "fifo", dir_ / "link-to-fifo");
  fs::create_directory(dir_ / "dir");
  struct Case {
    fs::path path;
    const char* kind;
  } cases[] = {
      {dir_ / "fifo", "FIFO"},
      {dir_ / "link-to-fifo", "FIFO"},
      {dir_ / "dir", "directory"},
      {"/dev/zero", "character device"},
      {"/dev/null", "character device"},
      {"/dev/urandom", "character device"},
  };
  for (const auto& c : cases) {
    fs::path link = dir_ / ("to-" + c.path.filename().string());
    if (!fs::exists(link)) fs::create_symlink(c.path, link);
    for (const auto& p : {c.path, link}) {
      auto r = read_untrusted_file(p);
      EXPECT_EQ(r.status, Status::NotRegular) << p;
      EXPECT_NE(r.error.find(c.kind), std::string::npos) << r.error;
      EXPECT_NE(r.error.find(p.string()), std::string::npos) << r.error;
    }
  }
  // /dev/stdin is the test runner's own input (a tty, a pipe or /dev/null): never read.
  EXPECT_NE(read_untrusted_file("/dev/stdin").status, Status::Ok);
}

TEST_F(UntrustedFileTest, FilesPastTheCapAreRefusedNotTruncated) {
  auto p = write("big", std::string(1000, 'x'));
  EXPECT_TRUE(read_untrusted_file(p, 1000).ok());
  auto r = read_untrusted_file(p, 999);
  EXPECT_EQ(r.status, Status::TooLarge);
  EXPECT_TRUE(r.text.empty());
  // A sparse file claims gigabytes without using them: refused from its size alone.
  {
    std::ofstream sparse(dir_ / "sparse", std::ios::binary);
    sparse.seekp((std::streamoff{4} << 30));
    sparse << 'x';
  }
  EXPECT_EQ(read_untrusted_file(dir_ / "sparse").status, Status::TooLarge);
}

TEST_F(UntrustedFileTest, UnreadableFilesSayWhy) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads mode 000 files";
  auto p = write("secret", "{}");
  fs::permissions(p, fs::perms::none);
  auto r = read_untrusted_file(p);
  EXPECT_EQ(r.status, Status::Unreadable);
  EXPECT_NE(r.error.find("Permission denied"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace cc::protocol
