// GTO's tag names, checked against the examples of GTO's documentation and
// tests (iterative/gto: README, tests/test_tag.py).
#include "dvx/registry/gto_tag.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

namespace dvx::registry {
namespace {

TEST(GtoTag, ParsesEveryAction) {
  auto reg = parse_tag_name("rf@v1.2.3");
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->action, Action::register_version);
  EXPECT_EQ(reg->artifact, "rf");
  EXPECT_EQ(reg->version, "v1.2.3");
  EXPECT_FALSE(reg->counter);

  auto dereg = parse_tag_name("rf@v1.2.3!");
  ASSERT_TRUE(dereg);
  EXPECT_EQ(dereg->action, Action::deregister);

  auto assign = parse_tag_name("rf#prod#5");
  ASSERT_TRUE(assign);
  EXPECT_EQ(assign->action, Action::assign);
  EXPECT_EQ(assign->stage, "prod");
  EXPECT_EQ(assign->counter, 5);

  auto unassign = parse_tag_name("awesome-model#prod!#2");
  ASSERT_TRUE(unassign);
  EXPECT_EQ(unassign->action, Action::unassign);
  EXPECT_EQ(unassign->artifact, "awesome-model");
  EXPECT_EQ(unassign->counter, 2);

  auto deprecated = parse_tag_name("rf@deprecated");
  ASSERT_TRUE(deprecated);
  EXPECT_EQ(deprecated->action, Action::deprecate);

  auto simple = parse_tag_name("rf#prod");  // GTO's simple form has no counter
  ASSERT_TRUE(simple);
  EXPECT_EQ(simple->action, Action::assign);
  EXPECT_FALSE(simple->counter);
}

TEST(GtoTag, FolderPrefixAndSemverParts) {
  auto t = parse_tag_name("models/a=churn-2@v1.0.0-rc.1+build.5");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->artifact, "models/a:churn-2");
  EXPECT_EQ(t->version, "v1.0.0-rc.1+build.5");
  EXPECT_EQ(format_tag_name(*t), "models/a=churn-2@v1.0.0-rc.1+build.5");
}

TEST(GtoTag, RejectsWhatGtoRejects) {
  for (const char* bad : {"v1.0.0", "rf@1.0.0", "rf@v1.0", "rf@v01.0.0", "rf#", "rf#prod#", "-rf@v1.0.0",
                          "rf-@v1.0.0", "rf#prod#x", "rf@latest", "rf@v1.0.0!!", "rf#pr.od#1", "release-1"})
    EXPECT_FALSE(parse_tag_name(bad)) << bad;
}

TEST(GtoTag, FormatsRoundTrip) {
  for (const char* tag : {"churn@v0.0.1", "churn@v0.0.1!", "churn#prod#3", "churn#prod!#4",
                          "churn@deprecated", "churn@deprecated#7", "a/b_c#staging-eu#12"}) {
    auto t = parse_tag_name(tag);
    ASSERT_TRUE(t) << tag;
    EXPECT_EQ(format_tag_name(*t), tag);
  }
}

TEST(GtoTag, Names) {
  EXPECT_TRUE(is_valid_name("churn"));
  EXPECT_TRUE(is_valid_name("a"));
  EXPECT_TRUE(is_valid_name("nn/resnet_50-v2"));
  EXPECT_FALSE(is_valid_name("churn-"));
  EXPECT_FALSE(is_valid_name("ch urn"));
  EXPECT_FALSE(is_valid_name("churn@x"));
  EXPECT_TRUE(is_valid_fullname("models:churn"));
  EXPECT_THROW(require_artifact_name("bad name"), Error);
  EXPECT_THROW(require_stage_name("prod#1"), Error);
}

}  // namespace
}  // namespace dvx::registry
