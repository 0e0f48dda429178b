#include "radix_sort.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

namespace dvx::stats {

namespace {

inline std::uint64_t key_of(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  // Negative numbers: flip all bits; positive: set the sign bit.
  return (u & 0x8000000000000000ULL) ? ~u : (u | 0x8000000000000000ULL);
}

inline double double_of(std::uint64_t k) {
  const std::uint64_t u = (k & 0x8000000000000000ULL) ? (k & 0x7FFFFFFFFFFFFFFFULL) : ~k;
  double d;
  std::memcpy(&d, &u, sizeof d);
  return d;
}

}  // namespace

void advise_huge_pages(void* p, std::size_t bytes) {
  constexpr std::uintptr_t kHuge = 2u << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

void sort_doubles(std::vector<double>& v) {
  const std::size_t n = v.size();
  if (n < 4096) {
    std::sort(v.begin(), v.end());
    return;
  }
  constexpr int kBits = 11, kPasses = 6;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  // Keys ping-pong between one extra buffer (kept per thread for the next
  // column) and v's own storage.
  thread_local std::unique_ptr<std::uint64_t[]> extra;
  thread_local std::size_t extra_size = 0;
  if (extra_size < n) {
    extra.reset();
    extra.reset(new std::uint64_t[n]);
    extra_size = n;
    advise_huge_pages(extra.get(), n * sizeof(std::uint64_t));
  }
  static_assert(sizeof(double) == sizeof(std::uint64_t));
  auto* own = reinterpret_cast<unsigned char*>(v.data());
  auto load = [](const unsigned char* base, std::size_t i) {
    std::uint64_t k;
    std::memcpy(&k, base + i * 8, 8);
    return k;
  };
  auto store = [](unsigned char* base, std::size_t i, std::uint64_t k) { std::memcpy(base + i * 8, &k, 8); };
  std::vector<std::array<std::size_t, kBuckets>> hist(kPasses);
  for (auto& h : hist) h.fill(0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t k = key_of(v[i]);
    store(own, i, k);
    for (int p = 0; p < kPasses; ++p) ++hist[p][(k >> (p * kBits)) & (kBuckets - 1)];
  }
  unsigned char* src = own;
  unsigned char* dst = reinterpret_cast<unsigned char*>(extra.get());
  for (int p = 0; p < kPasses; ++p) {
    auto& h = hist[p];
    // A pass where every key has the same digit changes nothing.
    if (std::any_of(h.begin(), h.end(), [n](std::size_t c) { return c == n; })) continue;
    std::size_t sum = 0;
    for (auto& c : h) {
      const std::size_t t = c;
      c = sum;
      sum += t;
    }
    const int shift = p * kBits;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t k = load(src, i);
      store(dst, h[(k >> shift) & (kBuckets - 1)]++, k);
    }
    std::swap(src, dst);
  }
  for (std::size_t i = 0; i < n; ++i) v[i] = double_of(load(src, i));
}

}  // namespace dvx::stats
