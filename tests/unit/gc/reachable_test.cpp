// reachable_objects() over a real git repository built with git itself.
// Pointers are committed as pointer text (no filter needed): what matters is
// which blobs git considers reachable and that every kind of root counts.
#include "dvx/gc/reachable.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>

#include "dvx/git/dvx_paths.hpp"
#include "dvx/util/error.hpp"

namespace dvx::gc {
namespace {

std::string oid(char c) {
  return std::string(64, c);
}

std::string pointer(char c) {
  return "version https://git-lfs.github.com/spec/v1\\noid sha256:" + oid(c) + "\\nsize 10\\n";
}

class ReachableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dvx-gc-unit-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    repo_dir_ = dir_ / "repo";
  }
  void TearDown() override {
    std::system(("chmod -R u+w '" + dir_.string() + "'; rm -rf '" + dir_.string() + "'").c_str());
  }

  // Runs a bash script in the repository folder; fails the test on error.
  void sh(const std::string& script) {
    fs::create_directories(repo_dir_);
    std::ofstream(dir_ / "script.sh") << "set -e\ncd '" << repo_dir_.string() << "'\n"
                                      << "export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t "
                                         "GIT_COMMITTER_EMAIL=t@t GIT_CONFIG_NOSYSTEM=1 HOME='"
                                      << dir_.string() << "'\n"
                                      << script << "\n";
    ASSERT_EQ(std::system(("bash '" + (dir_ / "script.sh").string() + "' >/dev/null 2>&1").c_str()), 0)
        << script;
  }
  void write_pointer(const std::string& path, char c) {
    sh("mkdir -p $(dirname " + path + ") && printf '" + pointer(c) + "' > " + path);
  }

  OidSet scan(std::int64_t grace = 0) {
    auto repo = git::Repo::discover(repo_dir_);
    cache::ObjectStore store(git::cache_dir(repo));
    return reachable_objects(repo, store, static_cast<std::int64_t>(std::time(nullptr)), grace);
  }

  fs::path dir_, repo_dir_;
};

TEST_F(ReachableTest, EveryKindOfRootCounts) {
  sh("git init -q -b main . && git commit -q --allow-empty -m root");
  write_pointer("a.dat", '1');
  sh("git add a.dat && git commit -qm a");  // history of main
  write_pointer("a.dat", '2');
  sh("git add a.dat && git commit -qm a2");  // tip of main
  sh("git checkout -q -b side && printf '" + pointer('3') + "' > s.dat && git add s.dat && git commit -qm s");
  sh("git checkout -q --detach main && printf '" + pointer('4') +
     "' > t.dat && git add t.dat && git commit -qm t && git tag -a v1 -m v1 && git checkout -q main");
  // Abandoned, then expired from the reflogs the way git gc would.
  sh("printf '" + pointer('5') +
     "' > x.dat && git add x.dat && git commit -qm x && git reset -q --hard HEAD~1");
  sh("git reflog expire --expire-unreachable=now --all");
  // Reachable only from the reflog.
  sh("printf '" + pointer('6') +
     "' > r.dat && git add r.dat && git commit -qm r && git reset -q --hard HEAD~1");
  // Two stash entries, one with an untracked file.
  sh("printf '" + pointer('7') + "' > a.dat && git stash -q");
  sh("printf '" + pointer('8') + "' > u.dat && git stash -q -u");
  // Staged only; a notes ref.
  sh("printf '" + pointer('9') + "' > st.dat && git add st.dat");
  sh("printf '" + pointer('a') + "' > n.txt && git notes add -F n.txt HEAD && rm n.txt");
  // A second worktree with its own staged file.
  sh("git worktree add -q ../wt side && cd ../wt && printf '" + pointer('b') + "' > w.dat && git add w.dat");

  auto set = scan();
  for (char c : std::string("123467b89a"))
    EXPECT_TRUE(set.contains(oid(c))) << "object " << c << " should be reachable";
  EXPECT_FALSE(set.contains(oid('5'))) << "the abandoned, expired commit's object is not reachable";
  EXPECT_EQ(set.where(oid('3')), "s.dat");
}

TEST_F(ReachableTest, ConflictStagesCount) {
  sh("git init -q -b main . && printf '" + pointer('1') +
     "' > c.dat && git add c.dat && git commit -qm base");
  sh("git checkout -q -b other && printf '" + pointer('2') + "' > c.dat && git commit -qam other");
  sh("git checkout -q main && printf '" + pointer('3') + "' > c.dat && git commit -qam main");
  sh("git merge other || true");  // conflict: stages 1, 2, 3 in the index
  sh("git branch -D other && git reflog expire --expire-unreachable=now --expire=now --all");
  auto set = scan();
  EXPECT_TRUE(set.contains(oid('2'))) << "'theirs' of a conflict is only in the index";
  EXPECT_TRUE(set.contains(oid('3')));
}

TEST_F(ReachableTest, LockOutsAndRunCacheRecords) {
  std::string lock =
      "schema = 1\n\n[stages.gen]\ncmd = \"make\"\n\n[[stages.gen.outs]]\npath = \"o.bin\"\noid = \"" +
      oid('c') + "\"\nsize = 10\n";
  std::string other =
      "schema = 1\n\n[stages.run]\ncmd = \"make\"\n\n[[stages.run.outs]]\npath = \"o.bin\"\noid = \"" +
      oid('d') + "\"\nsize = 10\n";
  std::string unrelated =
      "schema = 1\n\n[stages.run]\ncmd = \"other\"\n\n[[stages.run.outs]]\npath = \"o.bin\"\noid = \"" +
      oid('e') + "\"\nsize = 10\n";
  sh("git init -q -b main .");
  std::ofstream(repo_dir_ / "dvx.lock") << lock;
  sh("git add dvx.lock && git commit -qm lock && rm dvx.lock");
  fs::create_directories(repo_dir_ / ".git/dvx/runs/aa");
  fs::create_directories(repo_dir_ / ".git/dvx/runs/bb");
  // Same command, deps, params and declared outs as the committed stage: kept.
  std::ofstream(repo_dir_ / ".git/dvx/runs/aa/aa01") << other;
  // A different run, old: not kept; the same record young: kept.
  std::ofstream(repo_dir_ / ".git/dvx/runs/bb/bb01") << unrelated;
  sh("touch -d '30 days ago' .git/dvx/runs/bb/bb01");

  auto set = scan(7 * 86400);
  EXPECT_TRUE(set.contains(oid('c'))) << "a committed dvx.lock's out";
  EXPECT_TRUE(set.contains(oid('d'))) << "a run-cache record of a committed stage";
  EXPECT_FALSE(set.contains(oid('e'))) << "an old record no commit refers to";
  sh("touch .git/dvx/runs/bb/bb01");
  EXPECT_TRUE(scan(7 * 86400).contains(oid('e'))) << "a record younger than the grace period";
  // A worktree dvx.lock not committed yet counts too.
  std::ofstream(repo_dir_ / "dvx.lock") << unrelated;
  sh("touch -d '30 days ago' .git/dvx/runs/bb/bb01");
  EXPECT_TRUE(scan(7 * 86400).contains(oid('e'))) << "the worktree's dvx.lock";
}

TEST_F(ReachableTest, BrokenRefIsAnErrorNotAGuess) {
  sh("git init -q -b main . && printf '" + pointer('1') + "' > a.dat && git add a.dat && git commit -qm a");
  sh("echo 0123456789012345678901234567890123456789 > .git/refs/heads/broken");
  EXPECT_THROW(scan(), Error);
}

}  // namespace
}  // namespace dvx::gc
