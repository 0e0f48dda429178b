#include "dvx/util/pid_lock.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "dvx/util/error.hpp"

extern char** environ;

namespace fs = std::filesystem;
using dvx::util::PidLock;

namespace {

class PidLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dvx-pidlock-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    file_ = dir_ / "sub" / "repro.lock";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string content() const {
    std::ifstream in(file_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void write(const std::string& text) const {
    fs::create_directories(file_.parent_path());
    std::ofstream(file_) << text;
  }

  fs::path dir_;
  fs::path file_;
};

PidLock::Options no_wait() {
  PidLock::Options o;
  o.wait = false;
  return o;
}

// Records what on_take_over reported.
struct TakeOver {
  pid_t previous = 0;
  bool alive = true;
  PidLock::Options options() {
    PidLock::Options o = no_wait();
    o.on_take_over = [this](pid_t pid, bool a) {
      previous = pid;
      alive = a;
    };
    return o;
  }
};

TEST_F(PidLockTest, RecordsThePidAndEmptiesTheFileOnRelease) {
  {
    auto lock = PidLock::acquire(file_, {});
    ASSERT_TRUE(lock);
    EXPECT_EQ(content(), std::to_string(::getpid()) + "\n");
    EXPECT_EQ(PidLock::recorded_pid(file_), ::getpid());
  }
  EXPECT_TRUE(fs::exists(file_));  // never deleted: a deleted flock file breaks exclusion
  EXPECT_EQ(content(), "");
  EXPECT_EQ(PidLock::recorded_pid(file_), 0);
}

TEST_F(PidLockTest, NoWaitGivesUpWhileHeldAndNamesTheHolder) {
  auto first = PidLock::acquire(file_, {});
  ASSERT_TRUE(first);
  pid_t holder = -1;
  bool waited = false;
  auto opts = no_wait();
  opts.on_wait = [&](pid_t) { waited = true; };
  EXPECT_FALSE(PidLock::acquire(file_, opts, &holder));
  EXPECT_EQ(holder, ::getpid());
  EXPECT_FALSE(waited);
  EXPECT_EQ(content(), std::to_string(::getpid()) + "\n");  // the holder's record is untouched
  first->release();
  EXPECT_TRUE(PidLock::acquire(file_, opts));
}

TEST_F(PidLockTest, WaitBlocksUntilTheHolderReleases) {
  auto first = PidLock::acquire(file_, {});
  ASSERT_TRUE(first);
  std::atomic<bool> released{false};
  std::thread holder([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    released = true;
    first->release();
  });
  pid_t waited_for = -1;
  PidLock::Options opts;
  opts.on_wait = [&](pid_t pid) { waited_for = pid; };
  auto second = PidLock::acquire(file_, opts);
  EXPECT_TRUE(released.load());
  holder.join();
  ASSERT_TRUE(second);
  EXPECT_EQ(waited_for, ::getpid());
  EXPECT_EQ(content(), std::to_string(::getpid()) + "\n");
}

TEST_F(PidLockTest, StalePidOfAProcessThatIsGoneIsTakenOver) {
  write("2147483000\n");  // above any pid_max: no such process
  TakeOver seen;
  auto lock = PidLock::acquire(file_, seen.options());
  ASSERT_TRUE(lock);
  EXPECT_EQ(seen.previous, 2147483000);
  EXPECT_FALSE(seen.alive);
  EXPECT_EQ(content(), std::to_string(::getpid()) + "\n");
}

TEST_F(PidLockTest, GarbageInTheFileIsNotAPid) {
  write("not a pid\n");
  bool took_over = false;
  PidLock::Options opts = no_wait();
  opts.on_take_over = [&](pid_t, bool) { took_over = true; };
  auto lock = PidLock::acquire(file_, opts);
  EXPECT_TRUE(lock);
  EXPECT_FALSE(took_over);
  EXPECT_EQ(content(), std::to_string(::getpid()) + "\n");
}

TEST_F(PidLockTest, AKilledHolderFreesTheLockAndIsReportedAsGone) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = PidLock::acquire(file_, {});
    char c = 'x';
    if (::write(ready[1], &c, 1) != 1) std::_Exit(2);
    ::pause();
    std::_Exit(0);
  }
  ::close(ready[1]);
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ::close(ready[0]);
  pid_t holder = 0;
  EXPECT_FALSE(PidLock::acquire(file_, no_wait(), &holder));
  EXPECT_EQ(holder, child);
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  TakeOver seen;
  EXPECT_TRUE(PidLock::acquire(file_, seen.options()));
  EXPECT_EQ(seen.previous, child);
  EXPECT_FALSE(seen.alive);
}

TEST_F(PidLockTest, CommandsStartedWhileHoldingDoNotInheritTheLock) {
  auto lock = PidLock::acquire(file_, {});
  ASSERT_TRUE(lock);
  std::string sh = "/bin/sh", c = "-c", cmd = "sleep 5";
  char* argv[] = {sh.data(), c.data(), cmd.data(), nullptr};
  pid_t pid = 0;
  ASSERT_EQ(::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, environ), 0);
  lock->release();
  EXPECT_TRUE(PidLock::acquire(file_, no_wait()));  // the still-running child holds nothing
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

TEST_F(PidLockTest, AnUnwritableLocationIsAnErrorNamingTheFile) {
  write("");
  fs::path below_a_file = file_ / "x.lock";
  try {
    PidLock::acquire(below_a_file, {});
    FAIL() << "expected an error";
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find(below_a_file.string()), std::string::npos) << e.what();
  }
}

}  // namespace
