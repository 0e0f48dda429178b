#pragma once
// Population stability index over category counts:
//   PSI = sum_i (a_i - b_i) * ln(a_i / b_i)
// where b_i, a_i are the before/after proportions of category i (nulls
// excluded) and a proportion of 0 is replaced by kPsiEpsilon so that a
// category present on one side only contributes a finite amount.
#include <cstdint>
#include <vector>

namespace dvx::stats {

inline constexpr double kPsiEpsilon = 1e-4;

// NaN when either side has no observations.
double psi(const std::vector<std::int64_t>& before, const std::vector<std::int64_t>& after);

}  // namespace dvx::stats
