#include "dvx/util/subprocess.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace dvx::util {

TEST(Subprocess, RunProcessCollectsOutputAndExitCode) {
  auto r = run_process({"sh", "-c", "printf 'a\\n\\nb'; echo oops >&2; exit 3"});
  EXPECT_EQ(3, r.exit_code);
  EXPECT_EQ("a\n\nb", r.out);
  EXPECT_EQ("oops\n", r.err);
}

TEST(Subprocess, OutputLinesSkipsEmptyLinesAndTakesALastLineWithoutNewline) {
  std::string text = "one\n\ntwo words\nlast";
  auto lines = output_lines(text);
  ASSERT_EQ(3u, lines.size());
  EXPECT_EQ("one", lines[0]);
  EXPECT_EQ("two words", lines[1]);
  EXPECT_EQ("last", lines[2]);
  EXPECT_TRUE(output_lines("").empty());
  EXPECT_TRUE(output_lines("\n\n").empty());
}

TEST(Subprocess, EnvironmentAddsAndReplacesVariables) {
  ::setenv("DVX_SUBPROCESS_TEST_KEEP", "kept", 1);
  ::setenv("DVX_SUBPROCESS_TEST_SWAP", "old", 1);
  ProcessOptions o;
  o.env = {"DVX_SUBPROCESS_TEST_SWAP=new", "DVX_SUBPROCESS_TEST_ADD=a b"};
  auto r = run_process({"sh", "-c", "env | grep '^DVX_SUBPROCESS_TEST_' | sort"}, o);
  EXPECT_EQ("DVX_SUBPROCESS_TEST_ADD=a b\nDVX_SUBPROCESS_TEST_KEEP=kept\nDVX_SUBPROCESS_TEST_SWAP=new\n",
            r.out);
  ::unsetenv("DVX_SUBPROCESS_TEST_KEEP");
  ::unsetenv("DVX_SUBPROCESS_TEST_SWAP");
}

TEST(Subprocess, MergedStderrArrivesThroughTheCallbackInOrder) {
  ProcessOptions o;
  o.merge_stderr = true;
  std::string seen;
  o.on_output = [&](std::string_view chunk) { seen.append(chunk); };
  auto r = run_process({"sh", "-c", "echo one; echo two >&2; echo three"}, o);
  EXPECT_EQ(0, r.exit_code);
  EXPECT_EQ("one\ntwo\nthree\n", seen);
  EXPECT_EQ(seen, r.out);
  EXPECT_EQ("", r.err);
}

}  // namespace dvx::util

TEST(Subprocess, ProcessAliveCountsNeitherAZombieNorAnExitedProcess) {
  EXPECT_TRUE(dvx::util::process_alive(::getpid()));
  EXPECT_FALSE(dvx::util::process_alive(0));
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  // Not reaped yet: a zombie, as an orphan of a killed command stays under a
  // pid 1 that does not reap.
  for (int i = 0; i < 500; ++i) {
    if (!dvx::util::process_alive(child)) break;
    ::usleep(10000);
  }
  EXPECT_FALSE(dvx::util::process_alive(child));
  int status = 0;
  ASSERT_EQ(child, ::waitpid(child, &status, 0));
  EXPECT_FALSE(dvx::util::process_alive(child));
}
