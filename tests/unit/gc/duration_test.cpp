#include "dvx/gc/duration.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

namespace dvx::gc {
namespace {

TEST(Duration, UnitsAndZero) {
  EXPECT_EQ(parse_duration("0"), 0);
  EXPECT_EQ(parse_duration("30s"), 30);
  EXPECT_EQ(parse_duration("45m"), 45 * 60);
  EXPECT_EQ(parse_duration("12h"), 12 * 3600);
  EXPECT_EQ(parse_duration("14d"), 14 * 86400);
  EXPECT_EQ(parse_duration("2w"), 14 * 86400);
  EXPECT_EQ(parse_duration("0d"), 0);
  EXPECT_EQ(kDefaultGraceSeconds, parse_duration("2w"));
}

TEST(Duration, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "5", "d", "-1d", "1.5h", "10y", "2 w", "w2", "1W", "99999999999999999999w"}) {
    try {
      parse_duration(bad, "--grace");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage) << bad;
      EXPECT_NE(std::string(e.what()).find("--grace"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("'" + std::string(bad) + "'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace dvx::gc
