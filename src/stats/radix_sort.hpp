#pragma once
// Sorting of NaN-free doubles in ascending order: LSD radix sort (6 passes
// of 11 bits over an order-preserving integer image) for large inputs,
// std::sort for small ones.
#include <cstddef>
#include <vector>

namespace dvx::stats {

void sort_doubles(std::vector<double>& v);

// Asks the kernel to back [p, p + bytes) with transparent huge pages where
// it can (fewer page faults when large column vectors are first written).
void advise_huge_pages(void* p, std::size_t bytes);

}  // namespace dvx::stats
