#include "dvx/stats/psi.hpp"

#include <cmath>

namespace dvx::stats {

double psi(const std::vector<std::int64_t>& before, const std::vector<std::int64_t>& after) {
  double nb = 0, na = 0;
  for (auto c : before) nb += static_cast<double>(c);
  for (auto c : after) na += static_cast<double>(c);
  if (nb == 0 || na == 0) return NAN;
  double sum = 0;
  for (std::size_t i = 0; i < before.size() && i < after.size(); ++i) {
    const double b = std::max(static_cast<double>(before[i]) / nb, kPsiEpsilon);
    const double a = std::max(static_cast<double>(after[i]) / na, kPsiEpsilon);
    sum += (a - b) * std::log(a / b);
  }
  return sum;
}

}  // namespace dvx::stats
