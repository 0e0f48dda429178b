// KS two-sample test against SciPy 1.10.1 computed during the test run.
#include "dvx/stats/ks_statistic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include "dvx/util/error.hpp"
#include "stats/scipy_oracle.hpp"

namespace dvx::stats {
namespace {

using testing::fmt17;
using testing::near_p;

struct Case {
  std::string name;
  std::vector<double> a, b;
};

std::vector<double> normal(std::mt19937_64& rng, std::size_t n, double mu = 0, double sd = 1) {
  std::normal_distribution<double> dist(mu, sd);
  std::vector<double> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

std::vector<double> ints(std::mt19937_64& rng, std::size_t n, int lo, int hi) {
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<double> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

std::vector<Case> make_cases() {
  std::mt19937_64 rng(20241122);
  std::vector<Case> cs;
  auto add = [&](std::string name, std::vector<double> a, std::vector<double> b) {
    cs.push_back({std::move(name), std::move(a), std::move(b)});
  };
  // Exact branch: small and unequal sizes, equal sizes, shifts.
  const std::pair<std::size_t, std::size_t> small[] = {
      {1, 1},     {1, 2},      {1, 7},       {2, 3},       {3, 3},      {5, 8},     {10, 10},
      {12, 18},   {25, 40},    {50, 50},     {60, 90},     {100, 110},  {137, 139}, {200, 100},
      {400, 500}, {999, 1000}, {1000, 1000}, {1234, 4321}, {3000, 2000}};
  for (auto [n1, n2] : small) {
    add("normal " + std::to_string(n1) + "x" + std::to_string(n2), normal(rng, n1), normal(rng, n2));
    add("shift " + std::to_string(n1) + "x" + std::to_string(n2), normal(rng, n1), normal(rng, n2, 0.4));
  }
  // The n = 10000 boundary and a large lcm.
  add("boundary 10000x10000", normal(rng, 10000), normal(rng, 10000, 0.02));
  add("boundary 9999x10000", normal(rng, 9999), normal(rng, 10000, 0.03));
  add("boundary 10000x9973", normal(rng, 10000), normal(rng, 9973));
  add("boundary 10000x10001", normal(rng, 10000), normal(rng, 10001, 0.03));
  add("boundary 10001x10001", normal(rng, 10001), normal(rng, 10001));
  add("lcm 7919x8191", normal(rng, 7919), normal(rng, 8191, 0.05));
  // Asymptotic branch: tiny vs huge (en rounds to 1..5), big samples.
  add("asymp 1x20000", normal(rng, 1), normal(rng, 20000));
  add("asymp 3x15000", normal(rng, 3, 2), normal(rng, 15000));
  add("asymp 40x12000", normal(rng, 40), normal(rng, 12000, 0.5));
  add("asymp 150x12000", normal(rng, 150), normal(rng, 12000, 0.2));
  add("asymp 20000x30000", normal(rng, 20000), normal(rng, 30000, 0.01));
  add("asymp 20000x30000 shifted", normal(rng, 20000), normal(rng, 30000, 0.1));
  add("asymp 100000x100000", normal(rng, 100000), normal(rng, 100000, 0.004));
  add("asymp 200000x150000", normal(rng, 200000), normal(rng, 150000, 0.01));
  add("asymp 200000x200000 far", normal(rng, 200000), normal(rng, 200000, 0.05));
  add("asymp 200000x200000 same", normal(rng, 200000), normal(rng, 200000));
  // Ties, identical, disjoint, NaNs.
  add("ties 300x400", ints(rng, 300, 0, 9), ints(rng, 400, 0, 9));
  add("ties 5000x6000", ints(rng, 5000, 0, 20), ints(rng, 6000, 1, 21));
  add("ties 50000x60000", ints(rng, 50000, 0, 100), ints(rng, 60000, 0, 101));
  {
    auto s = normal(rng, 777);
    add("identical 777", s, s);
    auto t = normal(rng, 30000);
    add("identical 30000", t, t);
  }
  {
    auto a = normal(rng, 300), b = normal(rng, 200, 100);
    add("disjoint 300x200", a, b);
    add("disjoint 20000x15000", normal(rng, 20000), normal(rng, 15000, 100));
    add("disjoint 8x9", normal(rng, 8), normal(rng, 9, 100));
  }
  {
    auto a = normal(rng, 500), b = normal(rng, 600, 0.2);
    for (std::size_t i = 0; i < a.size(); i += 7) a[i] = NAN;
    for (std::size_t i = 0; i < b.size(); i += 5) b[i] = NAN;
    add("nan 500x600", a, b);
    auto c = normal(rng, 12000), d = normal(rng, 13000);
    for (std::size_t i = 0; i < c.size(); i += 3) c[i] = NAN;
    add("nan 12000x13000", c, d);
  }
  return cs;
}

const char* kKsScript = R"PY(
import sys, numpy as np
from scipy import stats
out = []
with open(sys.argv[1]) as f:
    lines = f.read().split('\n')
for i in range(0, len(lines) - 1, 2):
    a = np.array(lines[i].split(), dtype=float)
    b = np.array(lines[i + 1].split(), dtype=float)
    a = a[~np.isnan(a)]; b = b[~np.isnan(b)]
    r = stats.ks_2samp(a, b)
    out.append('%r %r' % (float(r.statistic), float(r.pvalue)))
print('\n'.join(out))
)PY";

TEST(KsTest, EqualsScipyKs2sampAcrossSizesTiesNansIdenticalDisjoint) {
  auto cases = make_cases();
  auto input = testing::temp_dir() / "ks_cases.txt";
  {
    std::ofstream out(input);
    for (const auto& c : cases) {
      for (double v : c.a) out << fmt17(v) << ' ';
      out << '\n';
      for (double v : c.b) out << fmt17(v) << ' ';
      out << '\n';
    }
  }
  auto expected = testing::parse_numbers(testing::run_python(kKsScript, input.string()));
  ASSERT_EQ(expected.size(), 2 * cases.size());
  int exact = 0, asymp = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto r = ks_2samp(cases[i].a, cases[i].b);
    (r.exact ? exact : asymp)++;
    EXPECT_NEAR(r.statistic, expected[2 * i], 1e-12) << cases[i].name;
    EXPECT_TRUE(near_p(r.p_value, expected[2 * i + 1])) << cases[i].name;
  }
  EXPECT_GT(exact, 10);
  EXPECT_GT(asymp, 10);
}

const char* kKstwoScript = R"PY(
import sys
from scipy import stats, special
out = []
for line in open(sys.argv[1]):
    kind, n, d = line.split()
    n = int(n); d = float(d)
    if kind == 'k':
        out.append(repr(float(stats.kstwo.sf(d, n))))
    else:
        out.append(repr(float(special.smirnov(n, d))))
print('\n'.join(out))
)PY";

// The distribution functions on a grid that crosses every branch of
// _kolmogn (Ruben-Gambino ends, DMTW, Pomeranz, Pelz-Good, Smirnov, cutoffs).
TEST(KsTest, KstwoAndSmirnovEqualScipyOnAGrid) {
  const std::int64_t ns[] = {1,    2,    3,     5,     10,     37,     100,    140,     141,    200,
                             1000, 5000, 10000, 33333, 100000, 100001, 400000, 1000001, 2500000};
  std::vector<std::tuple<char, std::int64_t, double>> pts;
  for (auto n : ns) {
    const double nd = static_cast<double>(n);
    std::vector<double> ds = {0.4 / nd, 0.5 / nd, 0.75 / nd, 1.0 / nd,     1.5 / nd,    0.999,
                              0.5,      0.6,      0.9,       1 - 1.0 / nd, 1 - 0.5 / nd};
    // SciPy's own smirnov() takes seconds per point for n >= 1e5: sample fewer there.
    const std::vector<double> many = {0.1, 0.3, 0.6, 0.8, 0.86, 1.0, 1.2,  1.45, 1.6,
                                      2.0, 2.5, 3.0, 4.0, 5.0,  8.0, 12.0, 19.0, 25.0};
    const std::vector<double> few = {0.6, 1.2, 1.6, 3.0, 19.0};
    if (n >= 100000) ds.resize(3);
    for (double s : n >= 100000 ? few : many) ds.push_back(std::sqrt(s * s / nd));  // n d^2 = s^2
    for (double d : ds) {
      if (!(d > 0 && d < 1)) continue;
      pts.emplace_back('k', n, d);
      pts.emplace_back('s', n, d);
    }
  }
  auto input = testing::temp_dir() / "kstwo_grid.txt";
  {
    std::ofstream out(input);
    for (auto& [k, n, d] : pts) out << k << ' ' << n << ' ' << fmt17(d) << '\n';
  }
  auto expected = testing::parse_numbers(testing::run_python(kKstwoScript, input.string()));
  ASSERT_EQ(expected.size(), pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    auto [k, n, d] = pts[i];
    const double ours = k == 'k' ? kstwo_sf(d, n) : smirnov_sf(n, d);
    EXPECT_TRUE(near_p(ours, expected[i])) << (k == 'k' ? "kstwo.sf" : "smirnov") << " n=" << n << " d=" << d;
  }
}

TEST(KsTest, EmptySampleIsAUsageError) {
  EXPECT_THROW(ks_2samp({NAN, NAN}, {1.0}), dvx::Error);
}

}  // namespace
}  // namespace dvx::stats
