#include "dvx/gc/duration.hpp"

#include <limits>

#include "dvx/util/error.hpp"

namespace dvx::gc {

std::int64_t parse_duration(std::string_view text, std::string_view option) {
  auto bad = [&] {
    fail(ErrorKind::usage, "{}: '{}' is not a duration (a number with a unit: 30s, 45m, 12h, 14d, 2w; or 0)",
         option, text);
  };
  if (text == "0") return 0;
  if (text.size() < 2) bad();
  std::int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: bad();
  }
  std::int64_t n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') bad();
    if (n > (std::numeric_limits<std::int64_t>::max() / unit - 9) / 10) bad();  // overflow
    n = n * 10 + (c - '0');
  }
  return n * unit;
}

}  // namespace dvx::gc
