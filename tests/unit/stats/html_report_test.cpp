// The HTML report builder: histogram bins against numpy.histogram, escaping,
// one chart per column, nothing that reaches the network.
#include "dvx/stats/html_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "stats/scipy_oracle.hpp"

namespace dvx::stats::html {
namespace {

using dvx::stats::testing::fmt17;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(HtmlReport, HistogramBinsEqualNumpyHistogramOnTheCommonRange) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> n1(0, 1), n2(0.7, 2);
  std::uniform_int_distribution<int> ints(0, 12);
  for (int round = 0; round < 3; ++round) {
    std::vector<double> a, b;
    for (int i = 0; i < 1000 + round * 37; ++i) a.push_back(round == 2 ? ints(rng) : n1(rng));
    for (int i = 0; i < 700; ++i) b.push_back(round == 2 ? ints(rng) + 3 : n2(rng));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    auto h = histogram_of_sorted({"before", "after"}, {&a, &b}, 30);
    ASSERT_EQ(h.edges.size(), 31u);
    ASSERT_EQ(h.series.size(), 2u);
    const auto file = testing::temp_dir() / "hist.txt";
    {
      std::ofstream out(file);
      for (double v : a) out << fmt17(v) << ' ';
      out << '\n';
      for (double v : b) out << fmt17(v) << ' ';
      out << '\n';
    }
    const auto got = testing::parse_numbers(testing::run_python(R"PY(
import sys, numpy as np
a, b = [np.array([float(x) for x in l.split()]) for l in open(sys.argv[1]).read().split('\n')[:2]]
lo, hi = min(a.min(), b.min()), max(a.max(), b.max())
ca, e = np.histogram(a, bins=30, range=(lo, hi))
cb, _ = np.histogram(b, bins=30, range=(lo, hi))
print(' '.join(repr(float(x)) for x in list(e) + list(ca) + list(cb)))
)PY",
                                                                file.string()));
    ASSERT_EQ(got.size(), 31u + 60u);
    for (std::size_t i = 0; i < 31; ++i) EXPECT_DOUBLE_EQ(h.edges[i], got[i]) << "edge " << i;
    for (std::size_t i = 0; i < 30; ++i) {
      EXPECT_EQ(h.series[0].values[i], got[31 + i]) << "round " << round << " before bin " << i;
      EXPECT_EQ(h.series[1].values[i], got[61 + i]) << "round " << round << " after bin " << i;
    }
  }
}

TEST(HtmlReport, OneValueMakesOneBinAndNoValuesNone) {
  std::vector<double> same{2, 2, 2}, none;
  auto h = histogram_of_sorted({"x"}, {&same}, 30);
  ASSERT_EQ(h.edges.size(), 2u);
  EXPECT_EQ(h.series[0].values, std::vector<double>{3});
  EXPECT_TRUE(histogram_of_sorted({"x"}, {&none}).edges.empty());
}

TEST(HtmlReport, EscapesTextAndAttributes) {
  EXPECT_EQ(escape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  Page page("t <1>");
  std::vector<double> v{1, 2, 3};
  page.histogram("col\"<script>", histogram_of_sorted({"a"}, {&v}));
  const auto html = page.str();
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("data-column=\"col&quot;&lt;script&gt;\""), std::string::npos);
  EXPECT_NE(html.find("<title>t &lt;1&gt;</title>"), std::string::npos);
}

TEST(HtmlReport, OneChartPerColumnAndNothingFetched) {
  std::vector<double> a{1, 2, 3, 4}, b{2, 3, 4, 5, 6};
  Page page("report");
  page.verdict(Tone::bad, "2 of 3 columns drifted", "from v1 to v2");
  page.table({"column", "drift"},
             {{"age", {"DRIFT", Tone::bad}}, {"city", "no"}, {"id", {"-", Tone::muted}}});
  page.histogram("age", histogram_of_sorted({"v1", "v2"}, {&a, &b}));
  page.bars("city", Bars{{"paris", "rome"}, {{"v1", {3, 1}}, {"v2", {1, 3}}}, {}});
  page.ecdf("income", Ecdf{{{"v1", a}, {"v2", b}}, {}});
  page.no_chart("id", "all values distinct");
  const auto html = page.str();
  EXPECT_EQ(count_of(html, "<svg class=\"chart\""), 3u);
  EXPECT_EQ(count_of(html, "<figure>"), 4u);
  for (const char* c : {"data-column=\"age\"", "data-column=\"city\"", "data-column=\"income\""})
    EXPECT_EQ(count_of(html, c), 1u) << c;
  EXPECT_NE(html.find("<td class=\"bad\">DRIFT</td>"), std::string::npos);
  EXPECT_NE(html.find("class=\"verdict bad\""), std::string::npos);
  // Self-contained: no URL, no script, no external stylesheet or image.
  for (const char* bad : {"http:", "https:", "<script", "<link", "src=", "url("})
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  EXPECT_EQ(html.rfind("</html>\n"), html.size() - 8);
}

}  // namespace
}  // namespace dvx::stats::html
