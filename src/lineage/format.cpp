#include "dvx/lineage/format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace dvx::lineage {

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
