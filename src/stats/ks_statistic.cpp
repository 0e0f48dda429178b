// Two-sample KS statistic and p-value, SciPy 1.10.1 ks_2samp(method='auto',
// alternative='two-sided') semantics. The statistic is computed by one
// merge over the two sorted samples: O(n log n) for the sorts, O(n) after.
#include "dvx/stats/ks_statistic.hpp"

#include <algorithm>
#include <cmath>

#include "dvx/stats/drift_method.hpp"
#include "dvx/util/error.hpp"
#include "radix_sort.hpp"

namespace dvx::stats {

namespace {
constexpr std::size_t kMaxAutoN = 10000;  // scipy: exact when max(n1, n2) <= 10000
}

KsResult ks_2samp_sorted(const std::vector<double>& a, const std::vector<double>& b) {
  KsResult r;
  r.n1 = a.size();
  r.n2 = b.size();
  if (a.empty() || b.empty()) fail(ErrorKind::usage, "ks_2samp: a sample is empty");
  const double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
  // cddiffs = searchsorted(a, x, 'right')/n1 - searchsorted(b, x, 'right')/n2
  // at every x of both samples; the extremes are reached at distinct values.
  double max_diff = -INFINITY, min_diff = INFINITY;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    double x;
    if (j >= b.size() || (i < a.size() && a[i] <= b[j]))
      x = a[i];
    else
      x = b[j];
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    const double diff = static_cast<double>(i) / n1 - static_cast<double>(j) / n2;
    max_diff = std::max(max_diff, diff);
    min_diff = std::min(min_diff, diff);
  }
  const double minS = std::clamp(-min_diff, 0.0, 1.0);
  const double maxS = max_diff;
  double d = minS > maxS ? minS : maxS;
  double prob = NAN;
  bool asymp = std::max(a.size(), b.size()) > kMaxAutoN;
  if (!asymp) {
    double d_exact = d, p_exact = NAN;
    const bool ok = ks_exact_two_sided(static_cast<std::int64_t>(a.size()),
                                       static_cast<std::int64_t>(b.size()), d, &d_exact, &p_exact);
    d = d_exact;  // scipy reports the lattice-rounded statistic h/lcm
    if (ok) {
      prob = p_exact;
      r.exact = true;
    } else {
      asymp = true;
    }
  }
  if (asymp) {
    const double m = std::max(n1, n2), n = std::min(n1, n2);
    const double en = m * n / (m + n);
    prob = kstwo_sf(d, static_cast<std::int64_t>(std::nearbyint(en)));
  }
  r.statistic = d;
  r.p_value = std::clamp(prob, 0.0, 1.0);
  return r;
}

KsResult ks_2samp(std::vector<double> a, std::vector<double> b) {
  auto drop_nan = [](std::vector<double>& v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
    sort_doubles(v);
  };
  drop_nan(a);
  drop_nan(b);
  return ks_2samp_sorted(a, b);
}

DriftMethod drift_method_ks() {
  DriftMethod m;
  m.name = "ks";
  m.title = "Kolmogorov-Smirnov";
  m.numeric = true;
  m.decision = Decision::p_below;
  m.counterpart = "chi2";
  m.run = [](const ColumnSample& s) {
    const auto r = ks_2samp_sorted(*s.before_sorted, *s.after_sorted);
    return MethodResult{r.statistic, r.p_value, {{"exact", r.exact ? 1.0 : 0.0, true}}};
  };
  return m;
}

}  // namespace dvx::stats
