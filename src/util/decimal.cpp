#include "dvx/util/decimal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace dvx::util {

namespace {
int decimal_exponent(double magnitude) {
  return static_cast<int>(std::floor(std::log10(magnitude)));
}
}  // namespace

double decimal_round(double v, double scale) {
  if (!std::isfinite(v) || v == 0) return v;
  const double magnitude = std::max(std::fabs(v), std::isfinite(scale) ? std::fabs(scale) : 0.0);
  const int digits = 15 - (decimal_exponent(magnitude) - decimal_exponent(std::fabs(v)));
  if (digits <= 0) return 0.0;
  return std::strtod(fmt::format("{:.{}e}", v, digits - 1).c_str(), nullptr);
}

}  // namespace dvx::util
