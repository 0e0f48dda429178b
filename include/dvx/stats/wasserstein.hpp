#pragma once
// First Wasserstein distance (earth mover's distance) between two samples,
// equal to scipy.stats.wasserstein_distance(a, b): the area between their
// empirical CDFs. The drift method "wasserstein" divides it by the standard
// deviation of the reference ("before") sample, np.std (ddof = 0), at least
// 0.001, as Evidently does, so one threshold (0.1) fits every unit.
#include <vector>

namespace dvx::stats {

inline constexpr double kWassersteinMinNorm = 0.001;

// Inputs sorted ascending, NaN-free, both non-empty.
double wasserstein_sorted(const std::vector<double>& a, const std::vector<double>& b);
// wasserstein_sorted(a, b) / max(np.std(a), 0.001).
double wasserstein_normalised_sorted(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace dvx::stats
