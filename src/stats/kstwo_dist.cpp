// The one-sample two-sided Kolmogorov–Smirnov distribution (survival
// function), as SciPy 1.10.1 computes it in scipy/stats/_ksstats.py
// (_kolmogn with cdf=False: Ruben–Gambino end cases, Durbin matrix by
// Marsaglia–Tsang–Wang, Pomeranz, Pelz–Good, and 2*smirnov, selected as
// Simard & L'Ecuyer 2011) and the one-sided Smirnov survival function of
// scipy.special.smirnov (cephes kolmogorov.c; here the sum is evaluated in
// long double and logs instead of double-double).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "dvx/stats/ks_statistic.hpp"

namespace dvx::stats {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr int kE128 = 128;
const long double kEP128 = std::ldexp(1.0L, kE128);
const long double kEM128 = std::ldexp(1.0L, -kE128);
constexpr double kMinLogCephes = -7.451332191019412076235E2;  // cephes MINLOG

double clip01(double p) {
  return std::clamp(p, 0.0, 1.0);
}

double log_nfactorial_div_n_pow_n(double n) {
  static const double kStirling[] = {-2.955065359477124183e-2,  6.4102564102564102564e-3,
                                     -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                     -5.952380952380952381e-4,  7.9365079365079365079e-4,
                                     -2.7777777777777777778e-3, 8.3333333333333333333e-2};
  const double rn = 1.0 / n;
  const double x = rn / n;
  double poly = 0.0;
  for (double c : kStirling) poly = poly * x + c;
  return std::log(n) / 2 - n + std::log(2 * kPi) / 2 + rn * poly;
}

using Matrix = std::vector<double>;  // row-major m x m

Matrix matmul(const Matrix& a, const Matrix& b, std::size_t m) {
  Matrix c(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t k = 0; k < m; ++k) {
      const double aik = a[i * m + k];
      if (aik == 0.0) continue;
      for (std::size_t j = 0; j < m; ++j) c[i * m + j] += aik * b[k * m + j];
    }
  return c;
}

// Pr(D_n <= d), Durbin's matrix algorithm (Marsaglia, Tsang, Wang 2003).
double kolmogn_dmtw_cdf(std::int64_t n, double d) {
  if (d >= 1.0) return 1.0;
  const double nd = static_cast<double>(n) * d;
  if (nd <= 0.5) return 0.0;
  const auto k = static_cast<std::size_t>(std::ceil(nd));
  const double h = static_cast<double>(k) - nd;
  const std::size_t m = 2 * k - 1;
  Matrix H(m * m, 0.0);
  std::vector<double> v(m), w(m);
  double fac = 1.0;
  for (std::size_t j = 1; j <= m; ++j) {
    v[j - 1] = 1.0 - std::pow(h, static_cast<double>(j));
    w[j - 1] = fac;
    fac /= static_cast<double>(j);
    v[j - 1] *= fac;
  }
  const double tt =
      std::pow(std::max(2 * h - 1.0, 0.0), static_cast<double>(m)) - 2 * std::pow(h, static_cast<double>(m));
  v[m - 1] = (1.0 + tt) * fac;
  for (std::size_t i = 1; i < m; ++i)
    for (std::size_t r = i - 1; r < m; ++r) H[r * m + i] = w[r - (i - 1)];
  for (std::size_t r = 0; r < m; ++r) H[r * m] = v[r];
  for (std::size_t c = 0; c < m; ++c) H[(m - 1) * m + c] = v[m - 1 - c];

  Matrix P(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) P[i * m + i] = 1.0;
  std::int64_t nn = n;
  long expnt = 0, hexpnt = 0;
  const double ep128 = std::ldexp(1.0, kE128);
  while (nn > 0) {
    if (nn % 2) {
      P = matmul(P, H, m);
      expnt += hexpnt;
    }
    H = matmul(H, H, m);
    hexpnt *= 2;
    if (std::fabs(H[(k - 1) * m + (k - 1)]) > ep128) {
      for (double& x : H) x /= ep128;
      hexpnt += kE128;
    }
    nn /= 2;
  }
  long double p = P[(k - 1) * m + (k - 1)];
  for (std::int64_t i = 1; i <= n; ++i) {
    p = static_cast<long double>(i) * p / static_cast<long double>(n);
    if (std::fabs(p) < kEM128) {
      p *= kEP128;
      expnt -= kE128;
    }
  }
  if (expnt != 0) p = std::ldexp(p, static_cast<int>(expnt));
  return clip01(static_cast<double>(p));
}

void pomeranz_j1j2(std::int64_t i, std::int64_t n, std::int64_t ll, int ceilf, int roundf, std::int64_t* j1,
                   std::int64_t* j2) {
  std::int64_t a, b;
  if (i == 0) {
    a = -ll - ceilf - 1;
    b = ll + ceilf - 1;
  } else {
    const std::int64_t ip1div2 = (i + 1) / 2, ip1mod2 = (i + 1) % 2;
    if (ip1mod2 == 0) {
      if (ip1div2 == n + 1) {
        a = n - ll - ceilf - 1;
        b = n + ll + ceilf - 1;
      } else {
        a = ip1div2 - 1 - ll - roundf - 1;
        b = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      a = ip1div2 - 1 - ll - 1;
      b = ip1div2 + ll + roundf - 1;
    }
  }
  *j1 = std::max<std::int64_t>(a + 2, 0);
  *j2 = std::min(b, n);
}

// Pr(D_n <= x), Pomeranz's recursion (1974).
double kolmogn_pomeranz_cdf(std::int64_t n, double x) {
  const double t = static_cast<double>(n) * x;
  const auto ll = static_cast<std::int64_t>(std::floor(t));
  const double f = 1.0 * (t - static_cast<double>(ll));
  const double g = std::min(f, 1.0 - f);
  const int ceilf = f > 0 ? 1 : 0;
  const int roundf = f > 0.5 ? 1 : 0;
  const auto npwrs = static_cast<std::size_t>(2 * (ll + 1));
  std::vector<double> gpower(npwrs), twogpower(npwrs), onem2gpower(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
  const double nd = static_cast<double>(n);
  const double g_over_n = g / nd, two_g_over_n = 2 * g / nd, one_minus_two_g_over_n = (1 - 2 * g) / nd;
  for (std::size_t m = 1; m < npwrs; ++m) {
    gpower[m] = gpower[m - 1] * g_over_n / static_cast<double>(m);
    twogpower[m] = twogpower[m - 1] * two_g_over_n / static_cast<double>(m);
    onem2gpower[m] = onem2gpower[m - 1] * one_minus_two_g_over_n / static_cast<double>(m);
  }
  std::vector<double> V0(npwrs, 0.0), V1(npwrs, 0.0), conv;
  V1[0] = 1;
  std::int64_t V0s = 0, V1s = 0;
  long expnt = 0;
  const double ep128 = std::ldexp(1.0, kE128), em128 = std::ldexp(1.0, -kE128);
  std::int64_t j1, j2;
  pomeranz_j1j2(0, n, ll, ceilf, roundf, &j1, &j2);
  for (std::int64_t i = 1; i < 2 * n + 2; ++i) {
    const std::int64_t k1 = j1;
    std::swap(V0, V1);
    std::swap(V0s, V1s);
    std::fill(V1.begin(), V1.end(), 0.0);
    pomeranz_j1j2(i, n, ll, ceilf, roundf, &j1, &j2);
    const std::vector<double>& pwrs =
        (i == 1 || i == 2 * n + 1) ? gpower : ((i % 2) ? twogpower : onem2gpower);
    const std::int64_t ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = np.convolve(V0[k1-V0s : k1-V0s+ln2], pwrs[:ln2]) (slices truncated at the end).
      const std::int64_t a0 = k1 - V0s;
      std::vector<double> a;
      for (std::int64_t q = 0; q < ln2; ++q) {
        const std::int64_t idx = a0 + q;
        if (idx < 0 || idx >= static_cast<std::int64_t>(npwrs)) break;
        a.push_back(V0[static_cast<std::size_t>(idx)]);
      }
      const std::size_t lb = std::min(static_cast<std::size_t>(ln2), npwrs);
      conv.assign(a.empty() ? 0 : a.size() + lb - 1, 0.0);
      for (std::size_t p = 0; p < a.size(); ++p)
        for (std::size_t q = 0; q < lb; ++q) conv[p + q] += a[p] * pwrs[q];
      const std::int64_t conv_start = j1 - k1, conv_len = j2 - j1 + 1;
      for (std::int64_t q = 0; q < conv_len && q < static_cast<std::int64_t>(npwrs); ++q) {
        const std::int64_t src = conv_start + q;
        V1[static_cast<std::size_t>(q)] = (src >= 0 && src < static_cast<std::int64_t>(conv.size()))
                                              ? conv[static_cast<std::size_t>(src)]
                                              : 0.0;
      }
      const double mx = *std::max_element(V1.begin(), V1.end());
      if (0 < mx && mx < em128) {
        for (double& vv : V1) vv *= ep128;
        expnt -= kE128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  const std::int64_t at = n - V1s;
  long double ans =
      (at >= 0 && at < static_cast<std::int64_t>(npwrs)) ? V1[static_cast<std::size_t>(at)] : 0.0;
  for (std::int64_t m = 1; m <= n; ++m) {
    if (std::fabs(ans) > kEP128) {
      ans *= kEM128;
      expnt += kE128;
    }
    ans *= static_cast<long double>(m);
  }
  if (expnt != 0) ans = std::ldexp(ans, static_cast<int>(expnt));
  return clip01(static_cast<double>(ans));
}

// Pelz–Good approximation of Pr(D_n <= x).
double kolmogn_pelzgood_cdf(std::int64_t n, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double nd = static_cast<double>(n);
  const double z = std::sqrt(nd) * x;
  const double z2 = z * z, z3 = z * z * z, z4 = z2 * z2, z6 = z4 * z2;
  const double pi2 = kPi * kPi, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
  const double qlog = -pi2 / 8 / z2;
  if (qlog < -708) return 0.0;
  double q = std::exp(qlog);
  const double k1a = -z2, k1b = pi2 / 4;
  const double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
  const double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16,
               k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * std::pow(z, 8);
  double K[4] = {0, 0, 0, 0};
  const auto maxk = static_cast<std::int64_t>(std::ceil(16 * z / kPi));
  for (std::int64_t k = maxk; k > 0; --k) {
    const double m = static_cast<double>(2 * k - 1);
    const double m2 = m * m, m4 = std::pow(m, 4), m6 = std::pow(m, 6);
    const double qpower = std::pow(q, static_cast<double>(8 * k));
    const double coeffs[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                              k3a + k3b * m2 + k3c * m4 + k3d * m6};
    for (int i = 0; i < 4; ++i) K[i] = K[i] * qpower + coeffs[i];
  }
  const double sqrt2pi = std::sqrt(2 * kPi);
  const double div[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
  for (int i = 0; i < 4; ++i) K[i] = K[i] * q * sqrt2pi / div[i];
  q = std::exp(-pi2 / 2 / z2);
  double k2extra = 0, k3extra = 0;
  const double sqrt3z = std::sqrt(3.0) * z;
  for (std::int64_t k = maxk; k > 0; --k) {
    const double kk = static_cast<double>(k);
    const double ks2 = kk * kk;
    const double qp = std::pow(q, ks2);
    const double kspi = kPi * kk;
    k2extra += ks2 * qp;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
  }
  K[2] += k2extra * (pi2 * sqrt2pi / (-36 * z3));
  K[3] += k3extra * (pi2 * sqrt2pi / (216 * z6));
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += K[i] / std::pow(nd, i / 2.0);
  return sum;
}

// _kolmogn(n, x, cdf=False)
double kolmogn_sf(std::int64_t n, double x) {
  if (x >= 1.0) return 0.0;
  if (x <= 0.0) return 1.0;
  const double nd = static_cast<double>(n);
  const double t = nd * x;
  if (t <= 1.0) {
    if (t <= 0.5) return 1.0;
    double prob;
    if (n <= 140) {
      prob = 1.0;
      for (std::int64_t i = 1; i <= n; ++i) prob *= static_cast<double>(i) * (1.0 / nd) * (2 * t - 1);
    } else {
      prob = std::exp(log_nfactorial_div_n_pow_n(nd) + nd * std::log(2 * t - 1));
    }
    return clip01(1.0 - prob);
  }
  if (t >= nd - 1) return clip01(2 * std::pow(1.0 - x, nd));
  if (x >= 0.5) return clip01(2 * smirnov_sf(n, x));
  const double nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return clip01(1.0 - kolmogn_dmtw_cdf(n, x));
    if (nxsquared <= 4) return clip01(1.0 - kolmogn_pomeranz_cdf(n, x));
    return clip01(2 * smirnov_sf(n, x));
  }
  if (nxsquared >= 370.0) return 0.0;
  if (nxsquared >= 2.2) return clip01(2 * smirnov_sf(n, x));
  double cdf;
  if (nxsquared >= 18.0)
    cdf = 1.0;
  else if (n <= 100000 && nd * std::pow(x, 1.5) <= 1.4)
    cdf = kolmogn_dmtw_cdf(n, x);
  else
    cdf = kolmogn_pelzgood_cdf(n, x);
  return clip01(1.0 - cdf);
}

long double lgamma_ld(long double v) {
  int sign = 0;
  return lgammal_r(v, &sign);
}

}  // namespace

double kstwo_sf(double d, std::int64_t n) {
  if (n < 1 || std::isnan(d)) return NAN;
  if (d <= 0.5 / static_cast<double>(n)) return 1.0;
  if (d >= 1.0) return 0.0;
  return kolmogn_sf(n, d);
}

// Pr(D_n^+ >= x) = x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x+v/n)^(v-1) (1-x-v/n)^(n-v)
double smirnov_sf(std::int64_t n, double x) {
  if (!(n > 0 && x >= 0.0 && x <= 1.0)) return NAN;
  if (n == 1) return 1 - x;
  if (x == 0.0) return 1.0;
  if (x == 1.0) return 0.0;
  const double nd = static_cast<double>(n);
  // n*x split exactly into floor and remainder alpha (as cephes modNX).
  const double hi = nd * x;
  const double lo = std::fma(nd, x, -hi);
  double fl = std::floor(hi);
  long double rem = static_cast<long double>(hi - fl) + lo;
  if (rem < 0) {
    fl -= 1;
    rem += 1;
  } else if (rem >= 1) {
    fl += 1;
    rem -= 1;
  }
  auto nxfl = static_cast<std::int64_t>(fl);
  double alpha = static_cast<double>(rem);
  if (alpha == 1) {
    nxfl += 1;
    alpha = 0;
    rem = 0;
  }
  std::int64_t n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
  if (alpha == 0) n1mxfl -= 1;

  if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
    const long double t = std::pow(1.0L + x, static_cast<long double>(n - 1));
    return clip01(static_cast<double>(1.0L - x * t));
  }
  if (-2 * nd * x * x < kMinLogCephes) return 0.0;
  if (nxfl >= n - 1) return clip01(static_cast<double>(std::pow(1.0L - x, static_cast<long double>(n))));
  if (n > 1000000) {
    const double logp = -std::pow(6.0 * nd * x + 1, 2) / 18.0 / nd;
    const double sf = logp < -std::numbers::ln2 ? std::exp(logp) : 1 - (-std::expm1(logp));
    return clip01(sf);
  }
  // Lower sum (SciPy's upper-sum variant only applies for x <= 0.5/sqrt(n)
  // with few terms; there it equals 1 - upper sum, computed the same way).
  const long double lgn1 = lgamma_ld(static_cast<long double>(n) + 1);
  const std::int64_t nTerms = n1mxfl + 1;
  long double sum = std::pow(1.0L - x, static_cast<long double>(n)) / x;  // v = 0
  const std::int64_t vmid = n / 2;
  for (std::int64_t v = 1; v < nTerms; ++v) {
    const long double a = (static_cast<long double>(n - nxfl - v) - rem) / n;  // 1 - x - v/n
    const long double b = (static_cast<long double>(nxfl + v) + rem) / n;      // x + v/n
    long double term = 0;
    if (a > 0 && b > 0) {
      const long double lt = lgn1 - lgamma_ld(static_cast<long double>(v) + 1) -
                             lgamma_ld(static_cast<long double>(n - v) + 1) + (n - v) * std::log(a) +
                             (v - 1) * std::log(b);
      term = std::exp(lt);
    }
    sum += term;
    if (term != 0) {
      if (4.0L * (nTerms - v) * term < DBL_EPSILON * sum && v != nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
  }
  return clip01(static_cast<double>(x * sum));
}

}  // namespace dvx::stats
