// One column's distribution (validate's charts; drift's through the same
// code): a text column's bars are pandas' value_counts() head, a numeric
// column's histogram numpy.histogram's bins, the summaries pandas'.
#include "dvx/stats/distribution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "stats/scipy_oracle.hpp"

namespace dvx::stats {
namespace {

using testing::fmt17;

TEST(Distribution, TextColumnBarsArePandasValueCountsHead) {
  Column c;
  c.name = "city";
  c.kind = ColumnKind::categorical;
  // Category k occurs k + 1 times (no ties), shuffled, with nulls between.
  for (int k = 0; k < 14; ++k)
    for (int i = 0; i <= k; ++i) c.categories.push_back("city" + std::to_string(k));
  for (int i = 0; i < 9; ++i) c.categories.push_back("");
  std::shuffle(c.categories.begin(), c.categories.end(), std::mt19937_64(5));
  for (const auto& v : c.categories) c.category_null.push_back(v.empty());
  const auto file = testing::temp_dir() / "cities.txt";
  {
    std::ofstream out(file);
    for (const auto& v : c.categories) out << (v.empty() ? "<null>" : v) << '\n';
  }
  const std::string got = testing::run_python(R"PY(
import sys, pandas as pd
s = pd.Series(open(sys.argv[1]).read().split('\n')[:-1]).replace('<null>', None)
vc = s.value_counts().head(10)
print(len(s), s.isna().sum(), s.nunique())
print(' '.join(vc.index))
print(' '.join(str(x) for x in vc.values))
)PY",
                                              file.string());
  std::istringstream lines(got);
  std::size_t rows = 0, nulls = 0, unique = 0;
  lines >> rows >> nulls >> unique;
  std::vector<std::string> names(10);
  std::vector<double> counts(10);
  for (auto& n : names) lines >> n;
  for (auto& n : counts) lines >> n;

  const ColumnProfile p = profile_column(c);
  EXPECT_EQ(p.distribution.kind, ColumnKind::categorical);
  EXPECT_EQ(p.summary.rows, rows);
  EXPECT_EQ(p.summary.nulls, nulls);
  EXPECT_EQ(p.summary.unique, unique);
  ASSERT_EQ(p.distribution.bars.series.size(), 1u);
  EXPECT_EQ(p.distribution.bars.categories, names);
  EXPECT_EQ(p.distribution.bars.series[0].values, counts);
  EXPECT_EQ(p.distribution.bars.totals, std::vector<double>{static_cast<double>(rows - nulls)});
}

TEST(Distribution, NumericColumnHistogramIsNumpyHistogramAndSummaryPandas) {
  Column c;
  c.name = "age";
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(40, 12);
  for (int i = 0; i < 2500; ++i) c.numbers.push_back(i % 37 == 0 ? NAN : normal(rng));
  const auto file = testing::temp_dir() / "ages.txt";
  {
    std::ofstream out(file);
    for (double v : c.numbers) out << fmt17(v) << ' ';
  }
  const auto got = testing::parse_numbers(testing::run_python(R"PY(
import sys, numpy as np, pandas as pd
s = pd.Series([float(x) for x in open(sys.argv[1]).read().split()])
counts, edges = np.histogram(s.dropna(), bins=30)
print(s.isna().sum(), repr(s.mean()), repr(s.median()), ' '.join(repr(float(x)) for x in list(edges) + list(counts)))
)PY",
                                                              file.string()));
  ASSERT_EQ(got.size(), 3u + 31u + 30u);
  const ColumnProfile p = profile_column(c);
  EXPECT_EQ(p.distribution.kind, ColumnKind::numeric);
  EXPECT_EQ(p.summary.nulls, got[0]);
  EXPECT_DOUBLE_EQ(p.summary.mean, got[1]);
  EXPECT_DOUBLE_EQ(p.summary.median, got[2]);
  const auto& h = p.distribution.histogram;
  ASSERT_EQ(h.edges.size(), 31u);
  ASSERT_EQ(h.series.size(), 1u);
  for (std::size_t i = 0; i < 31; ++i) EXPECT_DOUBLE_EQ(h.edges[i], got[3 + i]) << "edge " << i;
  for (std::size_t i = 0; i < 30; ++i) EXPECT_EQ(h.series[0].values[i], got[34 + i]) << "bin " << i;
}

TEST(Distribution, DrawsOneChartPerColumnAndNoneForASkippedOne) {
  Column text, skipped;
  text.name = "plan";
  text.kind = ColumnKind::categorical;
  text.categories = {"free", "pro", "free"};
  text.category_null = {false, false, false};
  skipped.name = "tags";
  skipped.kind = ColumnKind::skipped;
  skipped.skip_reason = "a list";
  html::Page page("t");
  const auto a = profile_column(text), b = profile_column(skipped);
  draw_distribution(page, a.name, a.distribution, {"HEAD"}, "");
  draw_distribution(page, b.name, b.distribution, {"HEAD"}, "skipped: a list");
  const std::string out = page.str();
  EXPECT_NE(out.find(R"(data-column="plan" data-kind="bars")"), std::string::npos);
  EXPECT_EQ(out.find(R"(data-column="tags")"), std::string::npos);
  EXPECT_NE(out.find("skipped: a list"), std::string::npos);
}

}  // namespace
}  // namespace dvx::stats
