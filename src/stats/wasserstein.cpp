#include "dvx/stats/wasserstein.hpp"

#include <algorithm>
#include <cmath>

#include "dvx/stats/chi_square.hpp"
#include "dvx/stats/drift_method.hpp"

namespace dvx::stats {

double wasserstein_sorted(const std::vector<double>& a, const std::vector<double>& b) {
  // scipy's _cdf_distance(1, u, v): sum over the merged values x_k of
  // |F_a(x_k) - F_b(x_k)| * (x_{k+1} - x_k), one merge of the sorted samples.
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  double sum = 0;
  double x = std::min(a.front(), b.front());
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    if (i == a.size() && j == b.size()) break;
    const double next = j == b.size() || (i < a.size() && a[i] < b[j]) ? a[i] : b[j];
    sum += std::fabs(static_cast<double>(i) / na - static_cast<double>(j) / nb) * (next - x);
    x = next;
  }
  return sum;
}

double wasserstein_normalised_sorted(const std::vector<double>& a, const std::vector<double>& b) {
  // np.std(a): ddof = 0, NumPy's pairwise sums.
  const double n = static_cast<double>(a.size());
  const double mean = pairwise_sum(a.data(), a.size()) / n;
  std::vector<double> sq(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) sq[k] = (a[k] - mean) * (a[k] - mean);
  const double sd = std::sqrt(pairwise_sum(sq.data(), sq.size()) / n);
  return wasserstein_sorted(a, b) / std::max(sd, kWassersteinMinNorm);
}

DriftMethod drift_method_wasserstein() {
  DriftMethod m;
  m.name = "wasserstein";
  m.title = "Wasserstein distance / reference std";
  m.numeric = true;
  m.decision = Decision::statistic_at_least;
  m.counterpart = "jensenshannon";
  m.run = [](const ColumnSample& s) {
    MethodResult r;
    r.statistic = wasserstein_normalised_sorted(*s.before_sorted, *s.after_sorted);
    r.p_value = NAN;
    return r;
  };
  return m;
}

}  // namespace dvx::stats
