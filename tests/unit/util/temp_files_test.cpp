#include "dvx/util/temp_files.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>

#include "dvx/util/file.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using namespace dvx::util;

namespace {

class TempFilesTest : public testing::Test {
 protected:
  void SetUp() override { fs::create_directories(root_ / "aa" / "bb"); }
  // A file of `size` bytes last modified `age` seconds ago.
  fs::path make(const fs::path& rel, std::size_t size, long age) {
    fs::path p = root_ / rel;
    write_file_atomic(p, std::string(size, 'x'));
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = std::time(nullptr) - age;
    times[0].tv_nsec = times[1].tv_nsec = 0;
    ::utimensat(AT_FDCWD, p.c_str(), times, 0);
    return p;
  }
  // The pid of a process that has exited (and was reaped).
  static pid_t dead_pid() {
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
  }
  dvx::test_support::ScratchDir scratch_{"temp"};
  const fs::path& root_ = scratch_.path();
};

}  // namespace

TEST(TempNamePid, ReadsThePidOfDownloadsAndAtomicFiles) {
  EXPECT_EQ(temp_name_pid(".0123456789abcdef.4242.7.download"), 4242);
  EXPECT_EQ(temp_name_pid(".dvx-data.v2.csv.31337.0.a1b2c3.tmp"), 31337);
  EXPECT_EQ(temp_name_pid(".dvx-unnamed.77.3.ff.tmp"), 77);
  EXPECT_EQ(temp_name_pid("data.csv"), std::nullopt);
  EXPECT_EQ(temp_name_pid(".x.notapid.1.download"), std::nullopt);
  EXPECT_EQ(temp_name_pid(".x.-5.1.download"), std::nullopt);
}

TEST(TempNamePid, AtomicTempNames) {
  EXPECT_TRUE(is_atomic_temp_name(".dvx-a.bin.12.0.ab.tmp"));
  EXPECT_FALSE(is_atomic_temp_name(".dvx-.tmp"));
  EXPECT_FALSE(is_atomic_temp_name("dvx-a.tmp"));
  EXPECT_FALSE(is_atomic_temp_name(".dvx-a.bin"));
}

TEST_F(TempFilesTest, FindsMatchingFilesWithSizeAndAge) {
  make("aa/bb/.0123456789abcdef.4242.7.download", 1000, 7200);
  make("aa/bb/0123", 5, 7200);  // not a temporary
  auto found = find_temporaries(root_, [](std::string_view n) { return n.ends_with(".download"); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].path, root_ / "aa/bb/.0123456789abcdef.4242.7.download");
  EXPECT_EQ(found[0].size, 1000u);
  EXPECT_GE(found[0].age_seconds, 7199);
  EXPECT_LE(found[0].age_seconds, 7300);
  EXPECT_EQ(found[0].pid, 4242);
  EXPECT_TRUE(find_temporaries(root_ / "absent", [](std::string_view) { return true; }).empty());
}

TEST_F(TempFilesTest, OnlyOldFilesOfGoneProcessesAreStale) {
  pid_t gone = dead_pid();
  auto old_dead = make(".old." + std::to_string(gone) + ".1.download", 10, 7200);
  auto young_dead = make(".young." + std::to_string(gone) + ".1.download", 10, 60);
  auto old_live = make(".live." + std::to_string(::getpid()) + ".1.download", 10, 7200);
  auto old_anon = make("anonymous", 10, 7200);
  auto all = find_temporaries(root_, [](std::string_view) { return true; });
  ASSERT_EQ(all.size(), 4u);
  for (const auto& t : all) {
    bool expect_stale = t.path == old_dead || t.path == old_anon;
    EXPECT_EQ(temp_is_stale(t), expect_stale) << t.path;
    EXPECT_EQ(remove_if_stale(t), expect_stale) << t.path;
    EXPECT_EQ(fs::exists(t.path), !expect_stale) << t.path;
  }
}

TEST_F(TempFilesTest, AtomicFileWritesInTheTempFolderUntilCommitted) {
  fs::path dest = root_ / "work" / "data.bin";
  fs::create_directories(dest.parent_path());
  AtomicFile out(dest, 0644, root_ / "tmp");
  out.write("payload");
  EXPECT_EQ(out.temp_path().parent_path(), root_ / "tmp");
  EXPECT_TRUE(fs::is_empty(dest.parent_path()));  // nothing beside the destination yet
  out.commit();
  EXPECT_EQ(read_file(dest), "payload");
  EXPECT_TRUE(fs::is_empty(root_ / "tmp"));
}
