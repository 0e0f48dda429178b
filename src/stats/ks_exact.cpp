// Exact two-sided two-sample KS p-value, following SciPy 1.10.1
// (_attempt_exact_2kssamp, _compute_prob_outside_square in _stats_py.py and
// _compute_outer_prob_inside_method in _stats_pythran.py): same recursions,
// same operation order, same fallbacks.
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "dvx/stats/ks_statistic.hpp"

namespace dvx::stats {

namespace {

// Pr(D_{n,n} >= h/n): 2 * (A0 * (1 - A1 * (1 - A2 * ...))) (Horner form).
double prob_outside_square(std::int64_t n, std::int64_t h) {
  double P = 0.0;
  std::int64_t k = static_cast<std::int64_t>(std::floor(static_cast<double>(n) / static_cast<double>(h)));
  while (k >= 0) {
    double p1 = 1.0;
    for (std::int64_t j = 0; j < h; ++j)
      p1 = static_cast<double>(n - k * h - j) * p1 / static_cast<double>(n + k * h + j + 1);
    P = p1 * (1.0 - P);
    --k;
  }
  return 2 * P;
}

// Proportion of lattice paths from (0,0) to (m,n) that leave the band
// |x/m - y/n| < h/lcm(m,n) (Hodges' inside method, Viehmann's recursion
// for 1-p). Returns false where the port would index outside SciPy's array.
bool outer_prob_inside(std::int64_t m, std::int64_t n, std::int64_t g, std::int64_t h, double* out) {
  if (m < n) std::swap(m, n);
  const std::int64_t mg = m / g;
  const std::int64_t ng = n / g;
  std::int64_t minj = 0;
  std::int64_t maxj =
      std::min(static_cast<std::int64_t>(std::ceil(static_cast<double>(h) / static_cast<double>(mg))), n + 1);
  std::int64_t curlen = maxj - minj;
  const std::int64_t lenA = std::min(2 * maxj + 2, n + 1);
  std::vector<double> A(static_cast<std::size_t>(lenA), 1.0);
  for (std::int64_t j = minj; j < std::min(maxj, lenA); ++j) A[static_cast<std::size_t>(j)] = 0.0;
  for (std::int64_t i = 1; i <= m; ++i) {
    const std::int64_t lastminj = minj, lastlen = curlen;
    minj = std::max(
        static_cast<std::int64_t>(std::floor(static_cast<double>(ng * i - h) / static_cast<double>(mg))) + 1,
        std::int64_t{0});
    minj = std::min(minj, n);
    maxj = std::min(
        static_cast<std::int64_t>(std::ceil(static_cast<double>(ng * i + h) / static_cast<double>(mg))),
        n + 1);
    if (maxj <= minj) {
      *out = 1.0;
      return true;
    }
    double val = minj == 0 ? 0.0 : 1.0;
    for (std::int64_t jj = 0; jj < maxj - minj; ++jj) {
      const std::int64_t j = jj + minj;
      const std::int64_t src = jj + minj - lastminj;
      if (src < 0 || src >= lenA || jj >= lenA) return false;
      val = (A[static_cast<std::size_t>(src)] * static_cast<double>(i) + val * static_cast<double>(j)) /
            static_cast<double>(i + j);
      A[static_cast<std::size_t>(jj)] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      for (std::int64_t t = maxj - minj; t < std::min(maxj - minj + (lastlen - curlen), lenA); ++t)
        A[static_cast<std::size_t>(t)] = 1.0;
    }
  }
  const std::int64_t last = maxj - minj - 1;
  if (last < 0 || last >= lenA) return false;
  *out = A[static_cast<std::size_t>(last)];
  return true;
}

}  // namespace

bool ks_exact_two_sided(std::int64_t n1, std::int64_t n2, double d, double* d_out, double* p_out) {
  const std::int64_t g = std::gcd(n1, n2);
  const std::int64_t lcm = (n1 / g) * n2;
  // np.round: round half to even (the default FE_TONEAREST mode of nearbyint).
  const auto h = static_cast<std::int64_t>(std::nearbyint(d * static_cast<double>(lcm)));
  *d_out = static_cast<double>(h) * 1.0 / static_cast<double>(lcm);
  if (h == 0) {
    *p_out = 1.0;
    return true;
  }
  double prob = NAN;
  if (n1 == n2) {
    prob = prob_outside_square(n1, h);
  } else if (!outer_prob_inside(n1, n2, g, h, &prob)) {
    return false;
  }
  if (!(0 <= prob && prob <= 1)) return false;
  *p_out = prob;
  return true;
}

}  // namespace dvx::stats
