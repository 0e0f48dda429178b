#pragma once
// The in-memory core of row diff: matches the rows of two tables (one spill
// partition, or the whole of both versions) on their key cells and adds
// counts, changed cells and samples to a RowDiff.
#include <cstdint>
#include <string>
#include <vector>

#include "dvx/quality/row_diff.hpp"
#include "dvx/stats/table.hpp"

namespace dvx::quality::detail {

// Which columns are compared, and which of them form the key.
struct MatchPlan {
  std::vector<std::string> compared;  // names, in output order
  std::vector<std::size_t> key;       // indexes into `compared` (all of them without --key)
  std::vector<std::size_t> values;    // the others (changed-cell counts)
  std::size_t sample = 10;
};

MatchPlan make_plan(const std::vector<std::string>& compared, const std::vector<std::string>& keys,
                    std::size_t sample);

// One side: a table and the original row number of each of its rows
// (empty = 0, 1, 2, ...).
struct Rows {
  const stats::Table* table = nullptr;
  const std::vector<std::uint64_t>* ids = nullptr;
};

// Hash of row r's key cells (the same in memory and in spill partitions).
std::vector<std::uint64_t> key_hashes(const stats::Table& t, const MatchPlan& plan);

// Adds the comparison of `before` and `after` to `diff` (counts, changed
// cells, duplicate keys; samples kept to the first plan.sample by row).
void match_rows(const Rows& before, const Rows& after, const MatchPlan& plan, RowDiff& diff);

// The columns of `t` in the order of `plan.compared` (Error(usage) when one is missing).
std::vector<const stats::Column*> columns_in_plan(const stats::Table& t, const MatchPlan& plan,
                                                  const std::string& label);

}  // namespace dvx::quality::detail
