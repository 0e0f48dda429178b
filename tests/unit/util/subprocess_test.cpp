#include "dvx/util/subprocess.hpp"

#include <gtest/gtest.h>

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

}  // namespace dvx::util
