#include "cli/format.hpp"

#include <fmt/core.h>

namespace dvx::cli {

std::string human_size(std::uint64_t bytes) {
  static constexpr const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 5) value /= 1000, ++unit;
  if (unit == 0) return fmt::format("{} B", bytes);
  return value >= 100 ? fmt::format("{:.0f} {}", value, units[unit]) : fmt::format("{:.1f} {}", value, units[unit]);
}

}  // namespace dvx::cli
