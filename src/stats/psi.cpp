#include "dvx/stats/psi.hpp"

#include <algorithm>
#include <cmath>

#include "dvx/stats/drift_method.hpp"

namespace dvx::stats {

double psi(const std::vector<std::int64_t>& before, const std::vector<std::int64_t>& after) {
  double nb = 0, na = 0;
  for (auto c : before) nb += static_cast<double>(c);
  for (auto c : after) na += static_cast<double>(c);
  if (nb == 0 || na == 0) return NAN;
  double sum = 0;
  for (std::size_t i = 0; i < before.size() && i < after.size(); ++i) {
    const double b = std::max(static_cast<double>(before[i]) / nb, kPsiEpsilon);
    const double a = std::max(static_cast<double>(after[i]) / na, kPsiEpsilon);
    sum += (a - b) * std::log(a / b);
  }
  return sum;
}

double quantile_sorted(const std::vector<double>& v, double q) {
  // NumPy's "linear" method: virtual index (n - 1) q, then its _lerp, which
  // interpolates from the upper value when the fraction is >= 0.5.
  const double index = q * static_cast<double>(v.size() - 1);
  const double below = std::floor(index);
  const auto lo = static_cast<std::size_t>(below);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  const double t = index - below, a = v[lo], b = v[hi];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

double psi_quantile_sorted(const std::vector<double>& before, const std::vector<double>& after,
                           std::size_t bins) {
  if (before.empty() || after.empty()) return NAN;
  std::vector<double> edges;
  for (std::size_t k = 1; k < bins; ++k) {
    const double e = quantile_sorted(before, static_cast<double>(k) / static_cast<double>(bins));
    if (edges.empty() || e != edges.back()) edges.push_back(e);
  }
  auto counts = [&](const std::vector<double>& sorted) {
    // Sorted input: bin i holds edges[i-1] <= x < edges[i].
    std::vector<std::int64_t> c(edges.size() + 1, 0);
    std::size_t bin = 0;
    for (double x : sorted) {
      while (bin < edges.size() && x >= edges[bin]) ++bin;
      ++c[bin];
    }
    return c;
  };
  return psi(counts(before), counts(after));
}

DriftMethod drift_method_psi() {
  DriftMethod m;
  m.name = "psi";
  m.title = "population stability index";
  m.numeric = true;
  m.categorical = true;
  m.decision = Decision::statistic_at_least;
  m.counterpart = "psi";
  m.run = [](const ColumnSample& s) {
    MethodResult r;
    r.p_value = NAN;
    r.statistic = s.kind == ColumnKind::categorical ? psi(*s.before_counts, *s.after_counts)
                                                    : psi_quantile_sorted(*s.before_sorted, *s.after_sorted);
    return r;
  };
  return m;
}

}  // namespace dvx::stats
