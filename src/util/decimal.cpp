#include "dvx/util/decimal.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace dvx::util {

double decimal_round(double v) {
  if (!std::isfinite(v) || v == 0) return v;
  const std::string text = fmt::format("{:.15g}", v);
  return std::strtod(text.c_str(), nullptr);
}

}  // namespace dvx::util
