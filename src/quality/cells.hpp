#pragma once
// One cell of a stats::Table as a value: null or not, its text, and a
// binary encoding under which equal values have equal bytes.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "dvx/stats/table.hpp"

namespace dvx::quality {

inline bool is_null(const stats::Column& c, std::size_t r) {
  return c.kind == stats::ColumnKind::numeric ? std::isnan(c.numbers[r]) : bool(c.category_null[r]);
}

// Shortest text that reads back as the same double ("3", "0.1", "1e+20").
inline std::string number_text(double v) {
  return fmt::format("{}", v);
}

inline std::string cell_text(const stats::Column& c, std::size_t r) {
  if (is_null(c, r)) return {};
  return c.kind == stats::ColumnKind::numeric ? number_text(c.numbers[r]) : c.categories[r];
}

// The whole of `s` as a decimal number, or nullopt.
inline std::optional<double> parse_number(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Appends the cell: 'N' for null, 'D' + 8 bytes for a number (-0 as 0),
// 'S' + length + bytes for text. With `numbers_as_numbers`, text that is a
// number is encoded as that number, so "1.0" in a text column equals 1 in a
// numeric one (what row diff needs when a column's kind differs between
// versions or between chunks of one file).
inline void encode_cell(const stats::Column& c, std::size_t r, std::string& out,
                        bool numbers_as_numbers = false) {
  auto put_number = [&](double v) {
    if (v == 0) v = 0;  // -0 == 0
    char buf[9] = {'D'};
    std::memcpy(buf + 1, &v, 8);
    out.append(buf, 9);
  };
  if (is_null(c, r)) {
    out += 'N';
  } else if (c.kind == stats::ColumnKind::numeric) {
    put_number(c.numbers[r]);
  } else {
    const std::string& s = c.categories[r];
    if (numbers_as_numbers)
      if (auto v = parse_number(s)) return put_number(*v);
    const auto n = static_cast<std::uint32_t>(s.size());
    char buf[5] = {'S'};
    std::memcpy(buf + 1, &n, 4);
    out.append(buf, 5);
    out += s;
  }
}

}  // namespace dvx::quality
