#pragma once
// Counts of each category in two versions of a column, aligned (index i is
// the same category on both sides), in order of first appearance. The
// values are hashed and kept as views into the columns (no string copied),
// so memory is a few words per distinct value; equal hashes are confirmed
// by comparing the bytes, so counts are exact.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/stats/summary.hpp"
#include "dvx/stats/table.hpp"

namespace dvx::stats {

struct CategoryCounts {
  std::vector<std::string_view> names;  // into the columns' values, or `owned`
  std::vector<std::int64_t> before, after;
  std::size_t rows_before = 0, rows_after = 0, nulls_before = 0, nulls_after = 0;
  std::vector<std::string> owned;  // numbers of a numeric side, written as text

  std::string name(std::size_t i) const { return std::string(names[i]); }
};

// A numeric column is counted as categories with its numbers written in
// shortest round-trip form (when the other version is categorical). The
// columns must outlive the result (the names point into them).
CategoryCounts count_categories(const Column& before, const Column& after);
// One version (a report of one file): its counts are `before`.
CategoryCounts count_categories(const Column& only);

Summary summarize_categories(const CategoryCounts& counts, const std::vector<std::int64_t>& side,
                             std::size_t rows, std::size_t nulls);

}  // namespace dvx::stats
