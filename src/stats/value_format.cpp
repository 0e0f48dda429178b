#include "dvx/stats/value_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

namespace dvx::stats {

namespace {

constexpr double kMicrosPerDay = 86400e6;

// Howard Hinnant's civil_from_days: days since 1970-01-01 -> y, m, d.
std::string iso_date(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y0 = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y0 + (m <= 2), m, d);
}

// Microseconds since midnight -> HH:MM:SS, with the fraction when there is one.
std::string clock_text(std::int64_t micros) {
  const std::int64_t s = micros / 1000000, frac = micros % 1000000;
  std::string out = fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  if (frac) {
    std::string f = fmt::format("{:06}", frac);
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

}  // namespace

std::string format_number(double v) {
  if (std::isnan(v)) return "-";
  const double a = std::fabs(v);
  // Whole units from 10^4 to 10^9 (36510, not 3.651e+04): the digits people compare.
  if (a >= 1e4 && a < 1e9) return fmt::format("{:.0f}", v);
  if (v != 0 && std::isfinite(v) && (a < 1e-4 || a >= 1e9)) return fmt::format("{:.3e}", v);
  return fmt::format("{:.4g}", v);
}

std::string format_value(double v, const ValueUnit& unit) {
  if (std::isnan(v)) return "-";
  if (!std::isfinite(v)) return format_number(v);
  switch (unit.kind) {
    case ValueUnit::Kind::number: return format_number(v);
    case ValueUnit::Kind::decimal: return fmt::format("{:.{}f}", v, unit.scale);
    case ValueUnit::Kind::date: {
      const double days = std::floor(v);
      std::string out = iso_date(static_cast<std::int64_t>(days));
      // A mean or median between two days keeps its time of day.
      const auto micros = static_cast<std::int64_t>(std::llround((v - days) * kMicrosPerDay));
      if (micros > 0 && micros < kMicrosPerDay) out += " " + clock_text(micros);
      return out;
    }
    case ValueUnit::Kind::timestamp: {
      const auto micros = static_cast<std::int64_t>(std::llround(v));
      const std::int64_t per_day = static_cast<std::int64_t>(kMicrosPerDay);
      std::int64_t days = micros / per_day, rest = micros % per_day;
      if (rest < 0) rest += per_day, --days;
      return iso_date(days) + " " + clock_text(rest);
    }
    case ValueUnit::Kind::time:
      return v < 0 ? format_number(v) : clock_text(static_cast<std::int64_t>(std::llround(v)));
  }
  return format_number(v);
}

std::string format_spread(double v, const ValueUnit& unit) {
  if (!std::isfinite(v)) return format_number(v);
  switch (unit.kind) {
    case ValueUnit::Kind::number: return format_number(v);
    case ValueUnit::Kind::decimal: return fmt::format("{:.{}f}", v, unit.scale + 2);
    case ValueUnit::Kind::date: return fmt::format("{:.4g} days", v);
    case ValueUnit::Kind::timestamp:
    case ValueUnit::Kind::time: {
      const double a = std::fabs(v);
      if (a >= kMicrosPerDay) return fmt::format("{:.4g} days", v / kMicrosPerDay);
      if (a >= 3600e6) return fmt::format("{:.4g} h", v / 3600e6);
      if (a >= 60e6) return fmt::format("{:.4g} min", v / 60e6);
      return fmt::format("{:.4g} s", v / 1e6);
    }
  }
  return format_number(v);
}

std::string unit_name(const ValueUnit& unit) {
  switch (unit.kind) {
    case ValueUnit::Kind::number: return "";
    case ValueUnit::Kind::date: return "date";
    case ValueUnit::Kind::timestamp: return "timestamp";
    case ValueUnit::Kind::time: return "time";
    case ValueUnit::Kind::decimal: return fmt::format("decimal({})", unit.scale);
  }
  return "";
}

}  // namespace dvx::stats
