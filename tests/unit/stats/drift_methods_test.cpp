// The drift methods against SciPy / NumPy run during the test:
// wasserstein_distance (and Evidently's normalisation by np.std of the
// reference), jensenshannon on categories and on Sturges bins, PSI on
// reference deciles computed in NumPy; the registry and the auto rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

#include "dvx/stats/drift.hpp"
#include "dvx/stats/drift_method.hpp"
#include "dvx/stats/jensen_shannon.hpp"
#include "dvx/stats/psi.hpp"
#include "dvx/stats/wasserstein.hpp"
#include "dvx/util/error.hpp"
#include "stats/scipy_oracle.hpp"

namespace dvx::stats {
namespace {

using testing::fmt17;

struct Pair {
  std::vector<double> a, b;
};

// Samples of several shapes: normal shifts, heavy ties, tiny, one value,
// very different sizes, constant reference (std 0: the 0.001 floor).
std::vector<Pair> samples() {
  std::mt19937_64 rng(17);
  std::normal_distribution<double> n(0, 1);
  std::uniform_int_distribution<int> small(0, 6);
  std::lognormal_distribution<double> ln(2, 1);
  std::vector<Pair> out;
  auto make = [&](std::size_t na, std::size_t nb, auto gen_a, auto gen_b) {
    Pair p;
    for (std::size_t i = 0; i < na; ++i) p.a.push_back(gen_a());
    for (std::size_t i = 0; i < nb; ++i) p.b.push_back(gen_b());
    std::sort(p.a.begin(), p.a.end());
    std::sort(p.b.begin(), p.b.end());
    out.push_back(std::move(p));
  };
  make(
      1000, 1000, [&] { return n(rng); }, [&] { return n(rng) + 0.3; });
  make(
      5000, 1200, [&] { return n(rng) * 3; }, [&] { return n(rng) * 2 - 1; });
  make(
      800, 900, [&] { return double(small(rng)); }, [&] { return double(small(rng) / 2); });
  make(
      3, 5, [&] { return n(rng); }, [&] { return n(rng); });
  make(
      1, 1, [&] { return 2.0; }, [&] { return 5.0; });
  make(
      400, 30000, [&] { return ln(rng); }, [&] { return ln(rng) * 1.1; });
  make(
      50, 60, [&] { return 7.0; }, [&] { return 7.0 + small(rng); });
  return out;
}

std::filesystem::path write_pairs(const std::vector<Pair>& pairs) {
  const auto file = testing::temp_dir() / "pairs.txt";
  std::ofstream out(file);
  for (const auto& p : pairs) {
    for (double v : p.a) out << fmt17(v) << ' ';
    out << '\n';
    for (double v : p.b) out << fmt17(v) << ' ';
    out << '\n';
  }
  return file;
}

const char* kOracle = R"PY(
import sys, numpy as np
from scipy.stats import wasserstein_distance
from scipy.spatial.distance import jensenshannon
lines = open(sys.argv[1]).read().split('\n')
out = []
for i in range(0, len(lines) - 1, 2):
    a = np.array([float(x) for x in lines[i].split()])
    b = np.array([float(x) for x in lines[i + 1].split()])
    w = wasserstein_distance(a, b)
    wn = w / max(np.std(a), 0.001)
    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins='sturges')
    ha = np.histogram(a, bins=edges)[0]
    hb = np.histogram(b, bins=edges)[0]
    js = jensenshannon(ha, hb)
    q = np.unique(np.quantile(a, np.arange(1, 10) / 10))
    ca = np.bincount(np.searchsorted(q, a, side='right'), minlength=len(q) + 1) / len(a)
    cb = np.bincount(np.searchsorted(q, b, side='right'), minlength=len(q) + 1) / len(b)
    ca = np.where(ca == 0, 1e-4, ca)
    cb = np.where(cb == 0, 1e-4, cb)
    psi = np.sum((cb - ca) * np.log(cb / ca))
    out.append('%r %r %r %d %r' % (float(w), float(wn), float(js), len(edges) - 1, float(psi)))
print('\n'.join(out))
)PY";

TEST(DriftMethods, NumericMethodsEqualScipyAndNumpy) {
  const auto pairs = samples();
  const auto got = testing::parse_numbers(testing::run_python(kOracle, write_pairs(pairs).string()));
  ASSERT_EQ(got.size(), pairs.size() * 5);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const auto& p = pairs[k];
    const double* e = &got[k * 5];
    EXPECT_NEAR(wasserstein_sorted(p.a, p.b), e[0], 1e-12 + 1e-10 * e[0]) << "pair " << k;
    EXPECT_NEAR(wasserstein_normalised_sorted(p.a, p.b), e[1], 1e-12 + 1e-10 * e[1]) << "pair " << k;
    const double lo = std::min(p.a.front(), p.b.front()), hi = std::max(p.a.back(), p.b.back());
    EXPECT_EQ(sturges_bins(p.a.size() + p.b.size(), lo, hi), static_cast<std::size_t>(e[3])) << "pair " << k;
    ColumnSample s;
    s.before_sorted = &p.a;
    s.after_sorted = &p.b;
    const auto js = find_drift_method("jensenshannon")->run(s);
    EXPECT_NEAR(js.statistic, e[2], 1e-12) << "pair " << k;
    EXPECT_NEAR(psi_quantile_sorted(p.a, p.b), e[4], 1e-12 + 1e-10 * std::fabs(e[4])) << "pair " << k;
  }
}

TEST(DriftMethods, CategoricalJensenShannonAndPsiEqualScipy) {
  std::vector<std::vector<std::int64_t>> sides = {{10, 20, 30, 0}, {12, 18, 25, 5}, {1, 0},
                                                  {0, 1},          {500, 1, 1, 1},  {400, 3, 0, 2}};
  const auto file = testing::temp_dir() / "cats.txt";
  {
    std::ofstream out(file);
    for (const auto& s : sides) {
      for (auto v : s) out << v << ' ';
      out << '\n';
    }
  }
  const auto got = testing::parse_numbers(testing::run_python(R"PY(
import sys, numpy as np
from scipy.spatial.distance import jensenshannon
lines = open(sys.argv[1]).read().split('\n')
for i in range(0, len(lines) - 1, 2):
    a = np.array([float(x) for x in lines[i].split()]); b = np.array([float(x) for x in lines[i + 1].split()])
    pa, pb = a / a.sum(), b / b.sum()
    pa, pb = np.where(pa == 0, 1e-4, pa), np.where(pb == 0, 1e-4, pb)
    print(repr(float(jensenshannon(a, b))), repr(float(np.sum((pb - pa) * np.log(pb / pa)))))
)PY",
                                                              file.string()));
  ASSERT_EQ(got.size(), sides.size());
  for (std::size_t k = 0; k + 1 < sides.size(); k += 2) {
    ColumnSample s;
    s.kind = ColumnKind::categorical;
    s.before_counts = &sides[k];
    s.after_counts = &sides[k + 1];
    EXPECT_NEAR(find_drift_method("jensenshannon")->run(s).statistic, got[k], 1e-12) << k;
    EXPECT_NEAR(find_drift_method("psi")->run(s).statistic, got[k + 1], 1e-12) << k;
  }
}

TEST(DriftMethods, RegistryListsEveryMethodOnceWithItsCounterpart) {
  EXPECT_EQ(drift_method_names(), "ks|chi2|wasserstein|jensenshannon|psi");
  for (const auto& m : drift_methods()) {
    ASSERT_NE(m.run, nullptr) << m.name;
    const DriftMethod* other = find_drift_method(m.counterpart);
    ASSERT_NE(other, nullptr) << m.name << " -> " << m.counterpart;
    // Between them, a method and its counterpart take both kinds.
    EXPECT_TRUE((m.numeric || other->numeric) && (m.categorical || other->categorical)) << m.name;
  }
  EXPECT_EQ(find_drift_method("nope"), nullptr);
}

TEST(DriftMethods, AutoRuleFollowsEvidentlyDefaults) {
  bool as_cat = false;
  EXPECT_EQ(deciding_method("auto", ColumnKind::numeric, 1000, 900, &as_cat).name, "ks");
  EXPECT_FALSE(as_cat);
  EXPECT_EQ(deciding_method("auto", ColumnKind::numeric, 1001, 900, &as_cat).name, "wasserstein");
  EXPECT_EQ(deciding_method("auto", ColumnKind::categorical, 1000, 3, &as_cat).name, "chi2");
  EXPECT_EQ(deciding_method("auto", ColumnKind::categorical, 5000, 3, &as_cat).name, "jensenshannon");
  // Numbers with at most 5 distinct reference values are categories.
  EXPECT_EQ(deciding_method("auto", ColumnKind::numeric, 500, 5, &as_cat).name, "chi2");
  EXPECT_TRUE(as_cat);
  EXPECT_EQ(deciding_method("auto", ColumnKind::numeric, 5000, 2, &as_cat).name, "jensenshannon");
  EXPECT_TRUE(as_cat);
  // A chosen method serves the kinds it takes; its counterpart the others.
  EXPECT_EQ(deciding_method("ks", ColumnKind::categorical, 10, 2, &as_cat).name, "chi2");
  EXPECT_EQ(deciding_method("chi2", ColumnKind::numeric, 10, 9, &as_cat).name, "ks");
  EXPECT_EQ(deciding_method("wasserstein", ColumnKind::categorical, 10, 2, &as_cat).name, "jensenshannon");
  EXPECT_EQ(deciding_method("psi", ColumnKind::numeric, 10, 9, &as_cat).name, "psi");
  EXPECT_THROW(deciding_method("bogus", ColumnKind::numeric, 10, 9, &as_cat), Error);
}

Table table_of(std::vector<Column> cols) {
  Table t;
  t.rows = cols.empty() ? 0 : std::max(cols[0].numbers.size(), cols[0].categories.size());
  t.columns = std::move(cols);
  return t;
}

Column numbers(const std::string& name, std::vector<double> v) {
  Column c;
  c.name = name;
  c.numbers = std::move(v);
  return c;
}

Column texts(const std::string& name, std::vector<std::string> v) {
  Column c;
  c.name = name;
  c.kind = ColumnKind::categorical;
  c.category_null.assign(v.size(), false);
  c.categories = std::move(v);
  return c;
}

TEST(DriftMethods, IdentifiersAreReportedNotTestedUnlessNamed) {
  auto before = [] {
    return table_of({numbers("id", {1, 2, 3, 4, 5, 6}), texts("key", {"a", "b", "c", "d", "e", "f"}),
                     numbers("x", {1.5, 2.5, 3.5, 4.5, 5.5, 6.5})});
  };
  auto after = [] {
    return table_of({numbers("id", {7, 8, 9, 10, 11, 12}), texts("key", {"g", "h", "i", "j", "k", "l"}),
                     numbers("x", {1.5, 2.5, 3.5, 4.5, 5.5, 6.5})});
  };
  DriftOptions opts;
  auto r = compare_tables(before(), after(), opts);
  ASSERT_EQ(r.columns.size(), 3u);
  EXPECT_EQ(r.columns[0].status, ColumnStatus::identifier);
  EXPECT_EQ(r.columns[1].status, ColumnStatus::identifier);
  EXPECT_EQ(r.columns[2].status, ColumnStatus::compared);  // distinct but not integral: a measurement
  EXPECT_FALSE(r.drift);
  opts.columns = {"id", "key"};
  r = compare_tables(before(), after(), opts);
  EXPECT_EQ(r.columns[0].status, ColumnStatus::compared);
  EXPECT_EQ(r.columns[1].status, ColumnStatus::compared);
  EXPECT_TRUE(r.columns[0].drift);
  opts.columns = {};
  opts.exclude = {"id", "x"};
  r = compare_tables(before(), after(), opts);
  ASSERT_EQ(r.columns.size(), 1u);
  EXPECT_EQ(r.columns[0].name, "key");
  opts.exclude = {"missing"};
  EXPECT_THROW(compare_tables(before(), after(), opts), Error);
}

}  // namespace
}  // namespace dvx::stats
