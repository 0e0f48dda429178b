#include "dvx/stats/summary.hpp"

#include <cmath>

#include "dvx/stats/chi_square.hpp"
#include "radix_sort.hpp"

namespace dvx::stats {

namespace {

// pairwise_sum() of (v[i] - mean)^2 without materialising the squares.
double pairwise_sum_squares(const double* a, std::size_t n, double mean) {
  auto sq = [mean](double x) { return (x - mean) * (x - mean); };
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i) res += sq(a[i]);
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (int k = 0; k < 8; ++k) r[k] = sq(a[k]);
    std::size_t i;
    for (i = 8; i < n - (n % 8); i += 8)
      for (int k = 0; k < 8; ++k) r[k] += sq(a[i + k]);
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += sq(a[i]);
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum_squares(a, n2, mean) + pairwise_sum_squares(a + n2, n - n2, mean);
}

}  // namespace

namespace {

// Count, null rate, mean and std (pandas: ddof = 1), summed in file order.
Summary moments(const std::vector<double>& values_in_file_order, std::size_t rows) {
  Summary s;
  s.rows = rows;
  s.count = values_in_file_order.size();
  s.nulls = rows - s.count;
  s.null_rate = rows ? static_cast<double>(s.nulls) / static_cast<double>(rows) : 0.0;
  s.mean = s.std = s.min = s.median = s.max = NAN;
  if (s.count == 0) return s;
  const double n = static_cast<double>(s.count);
  s.mean = pairwise_sum(values_in_file_order.data(), s.count) / n;
  if (s.count > 1)
    s.std = std::sqrt(pairwise_sum_squares(values_in_file_order.data(), s.count, s.mean) / (n - 1));
  return s;
}

void order_statistics(Summary& s, const std::vector<double>& sorted) {
  if (sorted.empty()) return;
  s.min = sorted.front();
  s.max = sorted.back();
  const std::size_t mid = sorted.size() / 2;
  s.median = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

}  // namespace

Summary summarize_numeric(const std::vector<double>& sorted, const std::vector<double>& original,
                          std::size_t rows) {
  Summary s = moments(original, rows);
  order_statistics(s, sorted);
  return s;
}

Summary summarize_numeric_sorting(std::vector<double>& values, std::size_t rows) {
  Summary s = moments(values, rows);
  sort_doubles(values);
  order_statistics(s, values);
  return s;
}

Summary summarize_categorical(const std::vector<std::string_view>& names,
                              const std::vector<std::int64_t>& counts, std::size_t rows, std::size_t nulls) {
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
      s.top = std::string(names[i]);
      s.top_count = c;
    }
  }
  return s;
}

}  // namespace dvx::stats
