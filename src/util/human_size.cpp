#include "dvx/util/human_size.hpp"

#include <fmt/format.h>

namespace dvx::util {

std::string human_size(std::uint64_t bytes) {
  static const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  if (bytes < 1000) return fmt::format("{} B", bytes);
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 999.5 && u < 6) {
    v /= 1000.0;
    ++u;
  }
  if (v < 9.995) return fmt::format("{:.2f} {}", v, units[u]);
  if (v < 99.95) return fmt::format("{:.1f} {}", v, units[u]);
  return fmt::format("{:.0f} {}", v, units[u]);
}

std::string human_size_change(std::int64_t delta) {
  if (delta == 0) return "";
  std::uint64_t magnitude =
      delta < 0 ? static_cast<std::uint64_t>(-(delta + 1)) + 1 : static_cast<std::uint64_t>(delta);
  return (delta < 0 ? "-" : "+") + human_size(magnitude);
}

std::string count_of(std::size_t count, const std::string& noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

}  // namespace dvx::util
