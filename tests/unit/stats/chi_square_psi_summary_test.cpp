// chi2_contingency, the chi-square survival function, PSI and the column
// summaries against SciPy 1.10.1 / pandas computed during the test run.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include "dvx/stats/chi_square.hpp"
#include "dvx/stats/psi.hpp"
#include "dvx/stats/summary.hpp"
#include "stats/scipy_oracle.hpp"

namespace dvx::stats {
namespace {

using testing::fmt17;
using testing::near_p;

const char* kChi2Script = R"PY(
import sys, numpy as np
from scipy.stats import chi2_contingency
out = []
lines = open(sys.argv[1]).read().split('\n')
for i in range(0, len(lines) - 1, 2):
    t = np.array([[int(v) for v in lines[i].split()], [int(v) for v in lines[i + 1].split()]])
    r = chi2_contingency(t)
    out.append('%r %r %d' % (float(r[0]), float(r[1]), int(r[2])))
print('\n'.join(out))
)PY";

TEST(Chi2Test, EqualsScipyChi2ContingencyOn2xkTables) {
  std::mt19937_64 rng(7);
  std::vector<std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>> tables;
  auto add_random = [&](std::size_t k, int lo, int hi, double skew) {
    std::uniform_int_distribution<int> d(lo, hi);
    std::vector<std::int64_t> a(k), b(k);
    for (std::size_t j = 0; j < k; ++j) {
      a[j] = d(rng);
      b[j] = static_cast<std::int64_t>(d(rng) * (1 + skew * static_cast<double>(j) / static_cast<double>(k)));
      if (a[j] + b[j] == 0) a[j] = 1;
    }
    tables.emplace_back(a, b);
  };
  tables.push_back({{5}, {7}});              // dof 0
  tables.push_back({{10, 20}, {20, 10}});    // 2x2, Yates
  tables.push_back({{1, 0}, {0, 1}});        // Yates capped by |diff|
  tables.push_back({{3, 3}, {3, 3}});        // no difference
  tables.push_back({{1000, 5}, {990, 40}});  // 2x2 strong
  tables.push_back({{5000000, 5000000}, {5003000, 4997000}});
  tables.push_back({{0, 10, 20}, {5, 0, 20}});  // categories on one side only
  for (std::size_t k : {2, 2, 3, 4, 5, 8, 9, 16, 17, 50, 129, 300}) add_random(k, 0, 50, 0.0);
  for (std::size_t k : {2, 3, 10, 40}) add_random(k, 100, 100000, 0.3);
  for (std::size_t k : {2, 6, 200}) add_random(k, 0, 3, 0.0);
  auto input = testing::temp_dir() / "chi2.txt";
  {
    std::ofstream out(input);
    for (auto& [a, b] : tables) {
      for (auto v : a) out << v << ' ';
      out << '\n';
      for (auto v : b) out << v << ' ';
      out << '\n';
    }
  }
  auto expected = testing::parse_numbers(testing::run_python(kChi2Script, input.string()));
  ASSERT_EQ(expected.size(), 3 * tables.size());
  for (std::size_t i = 0; i < tables.size(); ++i) {
    auto r = chi2_contingency_2xk(tables[i].first, tables[i].second);
    EXPECT_TRUE(r.valid);
    EXPECT_TRUE(near_p(r.statistic, expected[3 * i], 1e-12, 1e-12)) << "table " << i;
    EXPECT_TRUE(near_p(r.p_value, expected[3 * i + 1])) << "table " << i;
    EXPECT_EQ(r.dof, static_cast<int>(expected[3 * i + 2])) << "table " << i;
  }
}

TEST(Chi2Test, EmptySideIsInvalid) {
  auto r = chi2_contingency_2xk({0, 0}, {3, 4});
  EXPECT_FALSE(r.valid);
}

const char* kGammaScript = R"PY(
import sys
from scipy import special, stats
out = []
for line in open(sys.argv[1]):
    a, x = map(float, line.split())
    out.append('%r %r' % (float(special.gammaincc(a, x)), float(stats.chi2.sf(2 * x, 2 * a))))
print('\n'.join(out))
)PY";

TEST(Chi2Test, IgamcAndChi2SfEqualScipyOverAWideGrid) {
  std::vector<std::pair<double, double>> pts;
  for (double a :
       {0.5, 1.0, 1.5, 2.0, 3.5, 10.0, 24.5, 49.5, 100.0, 499.5, 1000.0, 5000.0, 20000.0, 150000.0})
    for (double r : {1e-3, 0.05, 0.3, 0.7, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2.0, 4.0, 10.0, 50.0})
      pts.emplace_back(a, a * r);
  for (double x : {1e-8, 0.4, 0.5, 0.6, 1.05, 1.2, 700.0, 1e4}) pts.emplace_back(0.5, x);
  auto input = testing::temp_dir() / "gamma.txt";
  {
    std::ofstream out(input);
    for (auto [a, x] : pts) out << fmt17(a) << ' ' << fmt17(x) << '\n';
  }
  auto expected = testing::parse_numbers(testing::run_python(kGammaScript, input.string()));
  ASSERT_EQ(expected.size(), 2 * pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    auto [a, x] = pts[i];
    EXPECT_TRUE(near_p(igamc(a, x), expected[2 * i], 1e-9, 1e-300)) << "igamc a=" << a << " x=" << x;
    EXPECT_TRUE(near_p(chi2_sf(2 * x, 2 * a), expected[2 * i + 1], 1e-9, 1e-300))
        << "chi2.sf a=" << a << " x=" << x;
  }
}

TEST(PsiTest, MatchesTheDefinition) {
  // Computed by hand from the definition: proportions (0.5, 0.5) -> (0.25, 0.75).
  const double expected = (0.25 - 0.5) * std::log(0.25 / 0.5) + (0.75 - 0.5) * std::log(0.75 / 0.5);
  EXPECT_NEAR(psi({50, 50}, {25, 75}), expected, 1e-15);
  EXPECT_EQ(psi({10, 20}, {10, 20}), 0.0);
  // A category that vanished counts with the epsilon proportion.
  const double vanished = (kPsiEpsilon - 0.5) * std::log(kPsiEpsilon / 0.5) + (1 - 0.5) * std::log(1 / 0.5);
  EXPECT_NEAR(psi({1, 1}, {0, 5}), vanished, 1e-12);
  EXPECT_TRUE(std::isnan(psi({0, 0}, {1, 1})));
}

const char* kSummaryScript = R"PY(
import sys, numpy as np, pandas as pd
out = []
for line in open(sys.argv[1]):
    s = pd.Series(np.array(line.split(), dtype=float))
    out.append(' '.join(repr(float(v)) for v in
        [s.count(), s.isna().sum(), s.mean(), s.std(), s.min(), s.median(), s.max()]))
print('\n'.join(out))
)PY";

TEST(SummaryTest, NumericSummaryEqualsPandas) {
  std::mt19937_64 rng(99);
  std::normal_distribution<double> d(1000, 250);
  std::vector<std::vector<double>> cols;
  for (std::size_t n : {1, 2, 3, 10, 101, 1000, 100000}) {
    std::vector<double> v(n);
    for (auto& x : v) x = d(rng);
    for (std::size_t i = 0; i < n; i += 9) v[i] = NAN;
    cols.push_back(v);
  }
  auto input = testing::temp_dir() / "summary.txt";
  {
    std::ofstream out(input);
    for (auto& c : cols) {
      for (double v : c) out << fmt17(v) << ' ';
      out << '\n';
    }
  }
  auto expected = testing::parse_numbers(testing::run_python(kSummaryScript, input.string()));
  ASSERT_EQ(expected.size(), 7 * cols.size());
  for (std::size_t i = 0; i < cols.size(); ++i) {
    std::vector<double> orig;
    for (double v : cols[i])
      if (!std::isnan(v)) orig.push_back(v);
    auto sorted = orig;
    std::sort(sorted.begin(), sorted.end());
    auto s = summarize_numeric(sorted, orig, cols[i].size());
    const double* e = &expected[7 * i];
    EXPECT_EQ(static_cast<double>(s.count), e[0]);
    EXPECT_EQ(static_cast<double>(s.nulls), e[1]);
    EXPECT_TRUE(near_p(s.mean, e[2], 1e-12, 0));
    EXPECT_TRUE(near_p(s.std, e[3], 1e-10, 0)) << "n=" << cols[i].size();
    EXPECT_TRUE(near_p(s.min, e[4], 0, 0));
    EXPECT_TRUE(near_p(s.median, e[5], 1e-15, 0));
    EXPECT_TRUE(near_p(s.max, e[6], 0, 0));
  }
}

TEST(SummaryTest, CategoricalSummary) {
  auto s = summarize_categorical({"a", "b", "c"}, {3, 5, 0}, 10, 2);
  EXPECT_EQ(s.count, 8u);
  EXPECT_EQ(s.unique, 2u);
  EXPECT_EQ(s.top, "b");
  EXPECT_EQ(s.top_count, 5u);
  EXPECT_DOUBLE_EQ(s.null_rate, 0.2);
}

}  // namespace
}  // namespace dvx::stats
