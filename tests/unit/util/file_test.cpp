// FileReader, AtomicFile, UnnamedFile and the whole-file helpers, on real
// files in a folder of their own; contents are checked byte for byte and
// what is left in the folders is listed.
#include "dvx/util/file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <fstream>
#include <string>
#include <vector>

#include "dvx/util/error.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using namespace dvx::util;

namespace {

class FileTest : public testing::Test {
 protected:
  // File names in `dir`, sorted.
  static std::vector<std::string> names(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  static unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(0, ::stat(p.c_str(), &st));
    return st.st_mode & 07777;
  }
  dvx::test_support::ScratchDir scratch_{"file"};
  const fs::path& root_ = scratch_.path();
};

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const dvx::Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST_F(FileTest, FileReaderReadsEveryByteAndNamesAMissingFile) {
  std::string data(3 * 1000 * 1000 + 7, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 % 251);
  std::ofstream(root_ / "in.bin", std::ios::binary) << data;
  FileReader r(root_ / "in.bin");
  std::string back;
  char buf[65536];
  for (std::size_t n; (n = r.read(buf, sizeof buf)) > 0;) back.append(buf, n);
  EXPECT_EQ(data, back);
  EXPECT_EQ(0u, r.read(buf, sizeof buf));  // stays at the end

  const std::string msg = error_of([&] { FileReader missing(root_ / "nope.bin"); });
  EXPECT_NE(std::string::npos, msg.find((root_ / "nope.bin").string())) << msg;
  try {
    FileReader missing(root_ / "nope.bin");
  } catch (const dvx::Error& e) {
    EXPECT_EQ(dvx::ErrorKind::not_found, e.kind());
  }
}

TEST_F(FileTest, AtomicFileIsInvisibleUntilCommitThenReplacesTheOldFile) {
  fs::path dest = root_ / "data.csv";
  write_file_atomic(dest, "old\n");
  {
    AtomicFile out(dest, 0600);
    out.write("new ");
    out.write(std::string_view("content\n"));
    EXPECT_EQ("old\n", read_file(dest));  // readers still see the old file
    EXPECT_EQ(out.temp_path().parent_path(), root_);
    EXPECT_EQ(2u, names(root_).size());
    out.commit();
  }
  EXPECT_EQ("new content\n", read_file(dest));
  EXPECT_EQ(0600u, mode_of(dest));
  EXPECT_EQ((std::vector<std::string>{"data.csv"}), names(root_));  // no temporary left
}

TEST_F(FileTest, AtomicFileNeverCommittedLeavesNothing) {
  fs::path dest = root_ / "data.csv";
  write_file_atomic(dest, "keep");
  {
    AtomicFile out(dest);
    out.write("half-writ");
  }  // e.g. an exception before commit
  EXPECT_EQ("keep", read_file(dest));
  EXPECT_EQ((std::vector<std::string>{"data.csv"}), names(root_));
}

TEST_F(FileTest, AtomicFileInAMissingFolderNamesTheFolder) {
  const std::string msg = error_of([&] { AtomicFile out(root_ / "no" / "such" / "f"); });
  EXPECT_NE(std::string::npos, msg.find((root_ / "no" / "such").string())) << msg;
}

TEST_F(FileTest, UnnamedFileIsNamedOnceAndNeverOverwrites) {
  fs::path tmp = root_ / "tmp";
  fs::create_directories(tmp);
  fs::path target = root_ / "objects" / "ab" / "cd" / "abcd";
  {
    UnnamedFile f(tmp, 0444);
    f.write("first", 5);
    EXPECT_FALSE(fs::exists(target));
    EXPECT_TRUE(f.publish(target));  // creates the missing folders
  }
  EXPECT_EQ("first", read_file(target));
  EXPECT_EQ(0444u, mode_of(target));
  {
    UnnamedFile f(tmp, 0444);
    f.write("second", 6);
    EXPECT_FALSE(f.publish(target));  // already there: the first one stays
  }
  EXPECT_EQ("first", read_file(target));
  {
    UnnamedFile f(tmp, 0444);
    f.write("never", 5);
  }  // not published
  EXPECT_TRUE(names(tmp).empty());
  EXPECT_EQ((std::vector<std::string>{"abcd"}), names(target.parent_path()));
}

TEST_F(FileTest, WholeFileHelpers) {
  EXPECT_EQ(std::nullopt, read_file_if_exists(root_ / "absent"));
  write_file_atomic(root_ / "f", std::string("a\0b", 3), 0640);
  EXPECT_EQ(std::string("a\0b", 3), read_file(root_ / "f"));
  EXPECT_EQ(std::string("a\0b", 3), read_file_if_exists(root_ / "f"));
  EXPECT_EQ(0640u, mode_of(root_ / "f"));
  const std::string msg = error_of([&] { read_file(root_ / "absent"); });
  EXPECT_NE(std::string::npos, msg.find((root_ / "absent").string())) << msg;

  FileReader r(root_ / "f");
  char buf[10];
  EXPECT_EQ(3u, read_full(r.fd(), buf, sizeof buf, "f"));  // short only at the end of the file
  EXPECT_EQ(std::string("a\0b", 3), std::string(buf, 3));
}
