#include "dvx/registry/semver.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

namespace dvx::registry {
namespace {

int cmp(const char* a, const char* b) {
  return compare(*parse_semver(a), *parse_semver(b));
}

TEST(SemVer, Parses) {
  auto v = parse_semver("v1.22.333-alpha.1+sha.5114f85");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 1u);
  EXPECT_EQ(v->minor, 22u);
  EXPECT_EQ(v->patch, 333u);
  EXPECT_EQ(v->prerelease, "alpha.1");
  EXPECT_EQ(v->build, "sha.5114f85");
  EXPECT_EQ(v->text(), "v1.22.333-alpha.1+sha.5114f85");
  for (const char* bad : {"1.0.0", "v1.0", "v1.0.0.0", "v01.0.0", "v1.0.0-", "v1.0.0-01", "V1.0.0", ""})
    EXPECT_FALSE(parse_semver(bad)) << bad;
  EXPECT_THROW(require_semver("1.0"), Error);
}

// The precedence example of semver.org, item 11.
TEST(SemVer, PrecedenceAsSemverOrg) {
  const char* order[] = {"v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta",
                         "v1.0.0-beta",  "v1.0.0-beta.2",  "v1.0.0-beta.11",
                         "v1.0.0-rc.1",  "v1.0.0",         "v1.0.1",
                         "v1.1.0",       "v2.0.0",         "v10.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(order); ++i) {
    EXPECT_LT(cmp(order[i], order[i + 1]), 0) << order[i] << " < " << order[i + 1];
    EXPECT_GT(cmp(order[i + 1], order[i]), 0);
  }
  EXPECT_EQ(cmp("v1.0.0+a", "v1.0.0+b"), 0);
}

TEST(SemVer, BumpsAsPythonSemver) {
  auto v = *parse_semver("v1.2.3-rc.1");
  EXPECT_EQ(bump(v, Bump::patch).text(), "v1.2.4");
  EXPECT_EQ(bump(v, Bump::minor).text(), "v1.3.0");
  EXPECT_EQ(bump(v, Bump::major).text(), "v2.0.0");
  EXPECT_EQ(parse_bump("minor"), Bump::minor);
  EXPECT_THROW(parse_bump("huge"), Error);
}

}  // namespace
}  // namespace dvx::registry
