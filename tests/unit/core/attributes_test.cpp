#include "dvx/core/attributes.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

using namespace dvx::core;

TEST(Attributes, AddsPatternsOnce) {
  auto edit = add_tracked_patterns("*.txt text\n", {"*.csv", "*.csv", "models/*.pkl"});
  EXPECT_EQ(edit.text, "*.txt text\n*.csv filter=dvx -text\nmodels/*.pkl filter=dvx -text\n");
  EXPECT_EQ(edit.changed, (std::vector<std::string>{"*.csv", "models/*.pkl"}));
  EXPECT_TRUE(add_tracked_patterns(edit.text, {"*.csv"}).changed.empty());
}

TEST(Attributes, AddsANewlineBeforeAppending) {
  EXPECT_EQ(add_tracked_patterns("*.txt text", {"a"}).text, "*.txt text\na filter=dvx -text\n");
}

TEST(Attributes, EscapesSpacesLikeGitLfs) {
  EXPECT_EQ(escape_attribute_pattern("my data/*.csv"), "my[[:space:]]data/*.csv");
}

TEST(Attributes, RefusesPatternsGitCannotUse) {
  for (std::string bad : std::vector<std::string>{"", "!x", "dir/", "#x", "a\nb"})
    EXPECT_THROW(escape_attribute_pattern(bad), dvx::Error) << bad;
}

TEST(Attributes, ListsAndRemovesOnlyDvxLines) {
  std::string text = "# comment\n*.csv filter=dvx -text\n*.txt text\n*.bin -text filter=dvx\r\n";
  EXPECT_EQ(tracked_patterns(text), (std::vector<std::string>{"*.csv", "*.bin"}));
  auto edit = remove_tracked_patterns(text, {"*.csv", "*.txt"});
  EXPECT_EQ(edit.changed, (std::vector<std::string>{"*.csv"}));
  EXPECT_EQ(edit.text, "# comment\n*.txt text\n*.bin -text filter=dvx\r\n");
}
