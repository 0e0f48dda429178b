#pragma once
// Sorting of NaN-free doubles in ascending order: LSD radix sort (6 passes
// of 11 bits over an order-preserving integer image) for large inputs,
// std::sort for small ones.
#include <vector>

namespace dvx::stats {

void sort_doubles(std::vector<double>& v);

}  // namespace dvx::stats
