#include "dvx/util/decimal.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace dvx::util {
namespace {

TEST(DecimalRound, RemovesTheNoiseOfDecimalArithmetic) {
  EXPECT_EQ(fmt::format("{}", 0.95 - 0.934), "0.015999999999999903");  // the noise this removes
  EXPECT_EQ(fmt::format("{}", decimal_round(0.95 - 0.934, 0.95)), "0.016");
  EXPECT_EQ(fmt::format("{}", decimal_round(0.934 - 0.95, 0.95)), "-0.016");
  EXPECT_EQ(fmt::format("{}", decimal_round(0.116 - 0.1, 0.116)), "0.016");
  EXPECT_EQ(fmt::format("{}", decimal_round(0.1 + 0.2)), "0.3");
  EXPECT_EQ(fmt::format("{}", decimal_round(-(0.1 + 0.2))), "-0.3");
  EXPECT_EQ(fmt::format("{}", decimal_round(1234.5 - 1234.4, 1234.5)), "0.1");
  // A difference below the operands' resolution is no difference.
  EXPECT_EQ(decimal_round(1e-20, 1.0), 0.0);
}

TEST(DecimalRound, KeepsValuesThatNeedNoRounding) {
  for (double v : {0.0, 1.0, -2.5, 1e-300, 123456789012345.0, 6.02214076e23, 0.05})
    EXPECT_EQ(decimal_round(v), v) << v;
  EXPECT_TRUE(std::isnan(decimal_round(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_EQ(decimal_round(std::numeric_limits<double>::infinity()), std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace dvx::util
