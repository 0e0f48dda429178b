// Values in their units against Python's datetime (the oracle): day counts
// as ISO dates, microsecond counts as timestamps and times of day, over
// centuries, leap days and before 1970; decimals with their scale.
#include "dvx/stats/value_format.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "stats/scipy_oracle.hpp"

namespace dvx::stats {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(ValueFormat, DatesAndTimestampsEqualPythonDatetime) {
  std::mt19937_64 rng(9);
  std::uniform_int_distribution<std::int64_t> days(-200000, 200000);
  std::uniform_int_distribution<std::int64_t> micros(-9'000'000'000'000'000,
                                                     9'000'000'000'000'000);         // exact in a double
  std::vector<std::int64_t> d = {0, -1, 1, 59, 60, 11016, 10957, -719162, 2932896};  // 1970, leap, 0001, 9999
  std::vector<std::int64_t> t = {0, -1, 1, 86'399'999'999, 951'782'400'000'000, 1'700'000'000'123'456};
  for (int i = 0; i < 300; ++i) d.push_back(days(rng)), t.push_back(micros(rng) / (i % 3 ? 1 : 1'000'000));
  const auto file = testing::temp_dir() / "units.txt";
  {
    std::ofstream out(file);
    for (auto v : d) out << v << ' ';
    out << '\n';
    for (auto v : t) out << v << ' ';
    out << '\n';
  }
  const auto lines = lines_of(testing::run_python(R"PY(
import sys, datetime as dt
d, t = [[int(x) for x in l.split()] for l in open(sys.argv[1]).read().split('\n')[:2]]
e = dt.datetime(1970, 1, 1)
for v in d:
    print((dt.date(1970, 1, 1) + dt.timedelta(days=v)).isoformat())
for v in t:
    s = (e + dt.timedelta(microseconds=v)).isoformat(sep=' ')
    if '.' in s:
        s = s.rstrip('0')
    print(s)
for v in t:
    if 0 <= v < 86400 * 10**6:
        s = (e + dt.timedelta(microseconds=v)).time().isoformat()
        print(s.rstrip('0') if '.' in s else s)
)PY",
                                                  file.string()));
  std::size_t k = 0;
  ASSERT_GE(lines.size(), d.size() + t.size());
  for (auto v : d)
    EXPECT_EQ(format_value(static_cast<double>(v), {ValueUnit::Kind::date, 0}), lines[k++]) << v;
  for (auto v : t)
    EXPECT_EQ(format_value(static_cast<double>(v), {ValueUnit::Kind::timestamp, 0}), lines[k++]) << v;
  for (auto v : t)
    if (v >= 0 && v < 86'400'000'000) {
      ASSERT_LT(k, lines.size());
      EXPECT_EQ(format_value(static_cast<double>(v), {ValueUnit::Kind::time, 0}), lines[k++]) << v;
    }
  EXPECT_EQ(k, lines.size());
}

TEST(ValueFormat, MeansBetweenDaysDecimalsAndSpreads) {
  EXPECT_EQ(format_value(0.5, {ValueUnit::Kind::date, 0}), "1970-01-01 12:00:00");
  EXPECT_EQ(format_value(19875.25, {ValueUnit::Kind::date, 0}), "2024-06-01 06:00:00");
  EXPECT_EQ(format_value(12.5, {ValueUnit::Kind::decimal, 2}), "12.50");
  EXPECT_EQ(format_value(-0.125, {ValueUnit::Kind::decimal, 3}), "-0.125");
  EXPECT_EQ(format_spread(12.5, {ValueUnit::Kind::date, 0}), "12.5 days");
  EXPECT_EQ(format_spread(3 * 3600e6, {ValueUnit::Kind::timestamp, 0}), "3 h");
  EXPECT_EQ(format_spread(90e6, {ValueUnit::Kind::time, 0}), "1.5 min");
  EXPECT_EQ(format_spread(0.5, {ValueUnit::Kind::decimal, 2}), "0.5000");
  EXPECT_EQ(format_value(NAN, {ValueUnit::Kind::date, 0}), "-");
  EXPECT_EQ(format_value(19874, {}), "19874");
  EXPECT_EQ(format_value(36510.4, {}), "36510");
  EXPECT_EQ(format_value(2.5e9, {}), "2.500e+09");
  EXPECT_EQ(format_value(0.5, {}), "0.5");
  EXPECT_EQ(unit_name({ValueUnit::Kind::decimal, 2}), "decimal(2)");
}

}  // namespace
}  // namespace dvx::stats
