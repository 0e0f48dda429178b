#pragma once
// Chi-square test of homogeneity on a 2 x k table (before/after counts per
// category), equal to scipy.stats.chi2_contingency(table) of SciPy 1.10.1:
// expected = row_sum * col_sum / total, dof = k - 1, Yates' continuity
// correction when dof == 1, Pearson statistic, p = chi2.sf(stat, dof).
#include <cstdint>
#include <vector>

namespace dvx::stats {

struct Chi2Result {
  double statistic = 0;
  double p_value = 1;
  int dof = 0;
  bool valid = true;  // false when a side has no observations (scipy raises)
};

Chi2Result chi2_contingency_2xk(const std::vector<std::int64_t>& before,
                                const std::vector<std::int64_t>& after);

// Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a)
// (cephes igamc), evaluated in long double.
double igamc(double a, double x);
// Survival function of the chi-square distribution: igamc(df/2, x/2).
double chi2_sf(double x, double df);

// NumPy's pairwise summation (the order np.sum uses), for results that
// match NumPy/pandas to the last bits.
double pairwise_sum(const double* v, std::size_t n);

}  // namespace dvx::stats
