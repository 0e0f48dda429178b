#include "dvx/stats/summary.hpp"

#include <cmath>

#include "dvx/stats/chi2_test.hpp"

namespace dvx::stats {

Summary summarize_numeric(const std::vector<double>& sorted, const std::vector<double>& original,
                          std::size_t rows) {
  Summary s;
  s.rows = rows;
  s.count = sorted.size();
  s.nulls = rows - s.count;
  s.null_rate = rows ? static_cast<double>(s.nulls) / static_cast<double>(rows) : 0.0;
  if (s.count == 0) {
    s.mean = s.std = s.min = s.median = s.max = NAN;
    return s;
  }
  const double n = static_cast<double>(s.count);
  s.mean = pairwise_sum(original.data(), original.size()) / n;
  if (s.count > 1) {
    // pandas nanvar: sum((x - mean)^2) / (n - ddof), ddof = 1
    std::vector<double> sq(original.size());
    for (std::size_t i = 0; i < original.size(); ++i) sq[i] = (original[i] - s.mean) * (original[i] - s.mean);
    s.std = std::sqrt(pairwise_sum(sq.data(), sq.size()) / (n - 1));
  } else {
    s.std = NAN;
  }
  s.min = sorted.front();
  s.max = sorted.back();
  const std::size_t mid = s.count / 2;
  s.median = s.count % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return s;
}

Summary summarize_categorical(const std::vector<std::string>& names, const std::vector<std::int64_t>& counts,
                              std::size_t rows, std::size_t nulls) {
  Summary s;
  s.rows = rows;
  s.nulls = nulls;
  s.count = rows - nulls;
  s.null_rate = rows ? static_cast<double>(nulls) / static_cast<double>(rows) : 0.0;
  s.mean = s.std = s.min = s.median = s.max = NAN;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (counts[i] <= 0) continue;
    ++s.unique;
    const auto c = static_cast<std::size_t>(counts[i]);
    if (c > s.top_count || (c == s.top_count && names[i] < s.top)) {
      s.top = names[i];
      s.top_count = c;
    }
  }
  return s;
}

}  // namespace dvx::stats
