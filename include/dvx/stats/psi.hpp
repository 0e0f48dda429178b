#pragma once
// Population stability index over bins or categories:
//   PSI = sum_i (a_i - b_i) * ln(a_i / b_i)
// where b_i, a_i are the before/after proportions in bin or category i
// (nulls excluded) and a proportion of 0 is replaced by kPsiEpsilon so that
// a bin filled on one side only contributes a finite amount.
// Common reading: < 0.1 stable, 0.1-0.25 moderate shift, > 0.25 large.
#include <cstdint>
#include <vector>

namespace dvx::stats {

inline constexpr double kPsiEpsilon = 1e-4;
inline constexpr std::size_t kPsiQuantileBins = 10;

// NaN when either side has no observations.
double psi(const std::vector<std::int64_t>& before, const std::vector<std::int64_t>& after);

// Numbers: the bins are the reference's quantiles. Edges are
// np.quantile(before, [1/bins, ..., (bins-1)/bins]) (linear interpolation),
// duplicates dropped; a value x falls in bin np.searchsorted(edges, x,
// side="right"), so the outer bins are open-ended. Inputs sorted, NaN-free.
double psi_quantile_sorted(const std::vector<double>& before, const std::vector<double>& after,
                           std::size_t bins = kPsiQuantileBins);

// np.quantile(sorted, q) with the default linear method.
double quantile_sorted(const std::vector<double>& sorted, double q);

}  // namespace dvx::stats
