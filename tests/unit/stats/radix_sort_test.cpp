#include "stats/radix_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace dvx::stats {
namespace {

TEST(RadixSort, EqualsStdSortOnMixedValues) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> d(0, 1e3);
  for (std::size_t n : {0, 1, 5, 4095, 4096, 100000}) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) {
      switch (i % 7) {
        case 0: v[i] = d(rng); break;
        case 1: v[i] = -d(rng) * 1e-300; break;
        case 2: v[i] = std::floor(d(rng)); break;
        case 3: v[i] = std::numeric_limits<double>::denorm_min() * static_cast<double>(i % 13); break;
        case 4: v[i] = (i % 2 ? 1 : -1) * std::numeric_limits<double>::infinity(); break;
        case 5: v[i] = 0.0; break;
        default: v[i] = d(rng) * 1e300; break;
      }
    }
    auto expected = v;
    std::sort(expected.begin(), expected.end());
    sort_doubles(v);
    ASSERT_EQ(v.size(), expected.size());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(v[i], expected[i]) << "n=" << n << " i=" << i;
  }
}

TEST(RadixSort, AllEqualKeysSkipPasses) {
  std::vector<double> v(10000, 2.5);
  sort_doubles(v);
  EXPECT_TRUE(std::all_of(v.begin(), v.end(), [](double x) { return x == 2.5; }));
}

}  // namespace
}  // namespace dvx::stats
