#pragma once
// Two-sample Kolmogorov–Smirnov test, two-sided, numerically equal to
// scipy.stats.ks_2samp(a, b, method='auto') of SciPy 1.10.1:
//  - exact p-value (lattice-path counting) when max(n1, n2) <= 10000,
//    falling back to the asymptotic path when that computation fails;
//  - otherwise kstwo.sf(D, round(n1*n2/(n1+n2))), the one-sample two-sided
//    KS distribution (Simard & L'Ecuyer: Durbin/Pomeranz/Pelz-Good/Smirnov).
// NaN values are dropped first (as pandas' dropna()).
#include <cstdint>
#include <string>
#include <vector>

namespace dvx::stats {

struct KsResult {
  double statistic = 0;  // D = max |F1(x) - F2(x)|
  double p_value = 1;
  bool exact = false;  // true when the exact distribution was used
  std::size_t n1 = 0, n2 = 0;
};

// Inputs must be sorted ascending and free of NaN.
KsResult ks_2samp_sorted(const std::vector<double>& a, const std::vector<double>& b);
// Copies, drops NaN, sorts, then ks_2samp_sorted. Throws Error(usage) when a
// sample is empty after dropping NaN.
KsResult ks_2samp(std::vector<double> a, std::vector<double> b);

// The pieces, exposed for tests against SciPy.
// scipy.stats.kstwo.sf(d, n): Pr(D_n >= d) for the one-sample two-sided statistic.
double kstwo_sf(double d, std::int64_t n);
// scipy.special.smirnov(n, d): Pr(D_n^+ >= d), one-sided.
double smirnov_sf(std::int64_t n, double d);
// Exact two-sided Pr(D_{n1,n2} >= h/lcm) as scipy's _attempt_exact_2kssamp;
// returns false when scipy would fall back to the asymptotic formula.
bool ks_exact_two_sided(std::int64_t n1, std::int64_t n2, double d, double* d_out, double* p_out);

}  // namespace dvx::stats
