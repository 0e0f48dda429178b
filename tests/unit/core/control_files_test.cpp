#include "dvx/core/control_files.hpp"

#include <gtest/gtest.h>

#include "dvx/core/attributes.hpp"
#include "dvx/util/error.hpp"

using namespace dvx::core;

TEST(ControlFiles, NamesGitAndGitDvxConfiguration) {
  for (const char* path :
       {".gitattributes", "sub/dir/.gitattributes", ".dvxconfig", "dvx.toml", "dvx.lock", ".gitignore",
        ".gitmodules", ".github/workflows/ci.yml", "a/.git-blame-ignore-revs"})
    EXPECT_TRUE(is_control_file(path)) << path;
  for (const char* path :
       {"data/a.csv", "gitattributes", "dvx.toml.bak", "my.gitattributes", "dvx.lock/x", "data/git/x", ""})
    EXPECT_FALSE(is_control_file(path)) << path;
}

TEST(AttributePattern, WithoutASlashMatchesTheNameAtAnyDepth) {
  EXPECT_TRUE(attribute_pattern_matches("*", ".gitattributes"));  // `*` matches a leading dot, as in git
  EXPECT_TRUE(attribute_pattern_matches("*.csv", "data/deep/x.csv"));
  EXPECT_TRUE(attribute_pattern_matches(".git*", ".gitignore"));
  EXPECT_TRUE(attribute_pattern_matches("dvx.*", "dvx.lock"));
  EXPECT_TRUE(attribute_pattern_matches("my[[:space:]]file", "a/my file"));
  EXPECT_FALSE(attribute_pattern_matches("*.csv", "data/x.parquet"));
}

TEST(AttributePattern, WithASlashIsAnchoredAndStarsStopAtSlashes) {
  EXPECT_TRUE(attribute_pattern_matches("/*", ".dvxconfig"));
  EXPECT_FALSE(attribute_pattern_matches("/*", "sub/.gitattributes"));
  EXPECT_TRUE(attribute_pattern_matches("data/*", "data/a.bin"));
  EXPECT_FALSE(attribute_pattern_matches("data/*", "data/sub/a.bin"));
  EXPECT_FALSE(attribute_pattern_matches("data/*", "other/data/a.bin"));
  EXPECT_TRUE(attribute_pattern_matches("data/**", "data/sub/a.bin"));
  EXPECT_FALSE(attribute_pattern_matches("data/**", ".gitattributes"));
  EXPECT_TRUE(attribute_pattern_matches("**/.dvxconfig", ".dvxconfig"));
  EXPECT_TRUE(attribute_pattern_matches("**/x.bin", "a/b/x.bin"));
  EXPECT_TRUE(attribute_pattern_matches("a/**/x.bin", "a/x.bin"));
  EXPECT_TRUE(attribute_pattern_matches(".github/**", ".github/workflows/ci.yml"));
}

TEST(ControlFiles, RefusesPatternsThatCaptureThem) {
  for (const char* pattern :
       {"*", ".*", "**", "/*", "*attributes", "dvx.*", "/dvx.lock", ".github/**", "*.yml"})
    EXPECT_THROW(refuse_pattern_capturing_control_files(pattern, {}), dvx::Error) << pattern;
  for (const char* pattern : {"*.csv", "data/**", "models/*.pkl", "sub/*"})
    EXPECT_NO_THROW(refuse_pattern_capturing_control_files(pattern, {})) << pattern;
  EXPECT_THROW(refuse_pattern_capturing_control_files("sub/*", {"sub/.gitattributes"}), dvx::Error);
  try {
    refuse_pattern_capturing_control_files("*", {});
    FAIL();
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), dvx::ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("pattern '*' would track .gitattributes"), std::string::npos)
        << e.what();
  }
}
