// chi2_contingency on a 2 x k table and the chi-square survival function.
#include "dvx/stats/chi_square.hpp"

#include <cfloat>
#include <cmath>
#include <limits>

#include "dvx/stats/drift_method.hpp"

namespace dvx::stats {

double pairwise_sum(const double* a, std::size_t n) {
  // numpy/core/src/umath/loops_utils.h.src: pairwise_sum, blocks of 128,
  // eight partial sums inside a block.
  constexpr std::size_t kBlock = 128;
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= kBlock) {
    double r[8];
    for (int k = 0; k < 8; ++k) r[k] = a[k];
    std::size_t i;
    for (i = 8; i < n - (n % 8); i += 8)
      for (int k = 0; k < 8; ++k) r[k] += a[i + k];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

namespace {

long double log_gamma(long double a) {
  int sign = 0;
  return lgammal_r(a, &sign);
}

// x^a e^-x / Gamma(a), in logs.
long double igam_prefactor(long double a, long double x) {
  return std::exp(a * std::log(x) - x - log_gamma(a));
}

// P(a, x) by its power series (converges for all x; used for x < a + 1).
long double igam_series(long double a, long double x) {
  long double ap = a, term = 1.0L / a, sum = term;
  for (int i = 0; i < 100000; ++i) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * LDBL_EPSILON) break;
  }
  return sum * igam_prefactor(a, x);
}

// Q(a, x) by the Legendre continued fraction (modified Lentz; x >= a + 1).
long double igamc_fraction(long double a, long double x) {
  const long double tiny = std::numeric_limits<long double>::min() / LDBL_EPSILON;
  long double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const long double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const long double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < LDBL_EPSILON) break;
  }
  return igam_prefactor(a, x) * h;
}

}  // namespace

double igamc(double a, double x) {
  if (std::isnan(a) || std::isnan(x) || x < 0 || a < 0) return NAN;
  if (a == 0) return x > 0 ? 0.0 : NAN;
  if (x == 0) return 1.0;
  if (std::isinf(a)) return std::isinf(x) ? NAN : 1.0;
  if (std::isinf(x)) return 0.0;
  const long double la = a, lx = x;
  long double q = lx < la + 1 ? 1.0L - igam_series(la, lx) : igamc_fraction(la, lx);
  if (q < 0) q = 0;
  if (q > 1) q = 1;
  return static_cast<double>(q);
}

double chi2_sf(double x, double df) {
  if (std::isnan(x)) return NAN;
  if (x <= 0) return 1.0;
  return igamc(df / 2.0, x / 2.0);
}

Chi2Result chi2_contingency_2xk(const std::vector<std::int64_t>& before,
                                const std::vector<std::int64_t>& after) {
  Chi2Result r;
  const std::size_t k = before.size();
  std::int64_t row[2] = {0, 0};
  std::vector<std::int64_t> col(k, 0);
  for (std::size_t j = 0; j < k; ++j) {
    row[0] += before[j];
    row[1] += after[j];
    col[j] = before[j] + after[j];
  }
  const std::int64_t total = row[0] + row[1];
  std::vector<double> expected(2 * k), observed(2 * k);
  for (std::size_t j = 0; j < k; ++j) {
    observed[j] = static_cast<double>(before[j]);
    observed[k + j] = static_cast<double>(after[j]);
    for (int i = 0; i < 2; ++i) {
      const double e = static_cast<double>(row[i] * col[j]) / static_cast<double>(total);
      if (e == 0) {
        r.valid = false;
        r.statistic = NAN;
        r.p_value = NAN;
        return r;
      }
      expected[i * k + j] = e;
    }
  }
  r.dof = static_cast<int>(k) - 1;
  if (r.dof <= 0) {
    r.statistic = 0.0;
    r.p_value = 1.0;
    return r;
  }
  if (r.dof == 1) {  // Yates' correction, magnitude at most the difference (gh-13875)
    for (std::size_t c = 0; c < observed.size(); ++c) {
      const double diff = expected[c] - observed[c];
      const double direction = diff > 0 ? 1.0 : (diff < 0 ? -1.0 : 0.0);
      observed[c] = observed[c] + std::min(0.5, std::fabs(diff)) * direction;
    }
  }
  std::vector<double> terms(observed.size());
  for (std::size_t c = 0; c < observed.size(); ++c) {
    const double d = observed[c] - expected[c];
    terms[c] = d * d / expected[c];
  }
  r.statistic = pairwise_sum(terms.data(), terms.size());
  r.p_value = chi2_sf(r.statistic, r.dof);
  return r;
}

DriftMethod drift_method_chi2() {
  DriftMethod m;
  m.name = "chi2";
  m.title = "chi-square";
  m.categorical = true;
  m.decision = Decision::p_below;
  m.counterpart = "ks";
  m.run = [](const ColumnSample& s) {
    const auto r = chi2_contingency_2xk(*s.before_counts, *s.after_counts);
    return MethodResult{r.statistic, r.p_value, {{"dof", static_cast<double>(r.dof), false}}};
  };
  return m;
}

}  // namespace dvx::stats
