#include "dvx/lineage/format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace dvx::lineage {

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

namespace {
std::tm utc_tm(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}
}  // namespace

std::string short_date(const git::CommitInfo& commit) {
  std::tm tm = utc_tm(commit.author_time + commit.author_offset * 60LL);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string iso_date(const git::CommitInfo& commit) {
  std::tm tm = utc_tm(commit.author_time + commit.author_offset * 60LL);
  int off = commit.author_offset;
  char sign = off < 0 ? '-' : '+';
  off = std::abs(off);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
}

std::string iso_utc(std::int64_t seconds) {
  std::tm tm = utc_tm(seconds);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace dvx::lineage
