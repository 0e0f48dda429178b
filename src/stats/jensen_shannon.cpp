#include "dvx/stats/jensen_shannon.hpp"

#include <algorithm>
#include <cmath>

#include "dvx/stats/chi_square.hpp"
#include "dvx/stats/drift_method.hpp"
#include "dvx/stats/html_report.hpp"

namespace dvx::stats {

namespace {

// scipy.special.rel_entr(x, y): x ln(x / y), 0 when x == 0.
double rel_entr(double x, double y) {
  if (x > 0 && y > 0) return x * std::log(x / y);
  return x == 0 && y >= 0 ? 0 : INFINITY;
}

std::vector<double> as_doubles(const std::vector<std::int64_t>& v) {
  return {v.begin(), v.end()};
}

}  // namespace

double jensen_shannon(const std::vector<double>& p_in, const std::vector<double>& q_in) {
  const std::size_t k = std::min(p_in.size(), q_in.size());
  const double sp = pairwise_sum(p_in.data(), k), sq = pairwise_sum(q_in.data(), k);
  if (!(sp > 0) || !(sq > 0)) return NAN;
  std::vector<double> left(k), right(k);
  for (std::size_t i = 0; i < k; ++i) {
    const double p = p_in[i] / sp, q = q_in[i] / sq, m = (p + q) / 2.0;
    left[i] = rel_entr(p, m);
    right[i] = rel_entr(q, m);
  }
  const double js = pairwise_sum(left.data(), k) + pairwise_sum(right.data(), k);
  return std::sqrt(js / 2.0);
}

std::size_t sturges_bins(std::size_t n, double lo, double hi) {
  if (!(hi > lo) || n == 0) return 1;
  const double width = (hi - lo) / (std::log2(static_cast<double>(n)) + 1.0);
  return static_cast<std::size_t>(std::ceil((hi - lo) / width));
}

DriftMethod drift_method_jensenshannon() {
  DriftMethod m;
  m.name = "jensenshannon";
  m.title = "Jensen-Shannon distance";
  m.numeric = true;
  m.categorical = true;
  m.decision = Decision::statistic_at_least;
  m.counterpart = "wasserstein";
  m.run = [](const ColumnSample& s) {
    MethodResult r;
    r.p_value = NAN;
    if (s.kind == ColumnKind::categorical) {
      r.statistic = jensen_shannon(as_doubles(*s.before_counts), as_doubles(*s.after_counts));
      return r;
    }
    const auto& a = *s.before_sorted;
    const auto& b = *s.after_sorted;
    const double lo = std::min(a.front(), b.front()), hi = std::max(a.back(), b.back());
    const std::size_t bins = sturges_bins(a.size() + b.size(), lo, hi);
    auto h = html::histogram_of_sorted({}, {&a, &b}, bins);
    r.statistic = jensen_shannon(h.series[0].values, h.series[1].values);
    r.details.push_back({"bins", static_cast<double>(bins)});
    return r;
  };
  return m;
}

}  // namespace dvx::stats
