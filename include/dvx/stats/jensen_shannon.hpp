#pragma once
// Jensen-Shannon distance between two distributions, equal to
// scipy.spatial.distance.jensenshannon(p, q) (natural logarithm): the square
// root of the mean Kullback-Leibler divergence of p and q from their mean.
// 0 for identical distributions, at most sqrt(ln 2) = 0.833.
// The drift method "jensenshannon" takes category counts as they are, and
// numbers binned on the edges np.histogram_bin_edges(before + after,
// bins="sturges") gives (as Evidently bins them).
#include <cstdint>
#include <vector>

namespace dvx::stats {

// Counts (or weights) per category, aligned; NaN when a side sums to 0.
double jensen_shannon(const std::vector<double>& p, const std::vector<double>& q);

// The bin count of NumPy's "sturges" rule for n values spanning [lo, hi]:
// ceil((hi - lo) / ((hi - lo) / (log2(n) + 1))), 1 when hi == lo.
std::size_t sturges_bins(std::size_t n, double lo, double hi);

}  // namespace dvx::stats
