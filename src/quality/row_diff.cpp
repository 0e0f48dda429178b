#include "dvx/quality/row_diff.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <future>

#include "dvx/stats/dataset.hpp"
#include "dvx/stats/parquet.hpp"
#include "dvx/stats/read_table.hpp"
#include "dvx/util/error.hpp"
#include "quality/row_match.hpp"
#include "quality/row_spill.hpp"

namespace dvx::quality {
namespace {

namespace fs = std::filesystem;
using detail::MatchPlan;

const char* kind_name(stats::ColumnKind k) {
  return k == stats::ColumnKind::numeric       ? "numeric"
         : k == stats::ColumnKind::categorical ? "categorical"
                                               : "skipped";
}

std::size_t default_memory_limit() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  const std::size_t quarter = pages > 0 && page > 0
                                  ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page) / 4
                                  : std::size_t{1} << 30;
  return std::min(quarter, std::size_t{8} << 30);
}

// What reading a version whole is expected to take: a CSV's table is a few
// times its text; a Parquet file's is its rows times its columns (compressed
// pages say little).
std::size_t memory_estimate(const RowDiffInput& in) {
  std::error_code ec;
  const auto size = static_cast<std::size_t>(fs::file_size(in.bytes, ec));
  if (stats::dataset_format(in.name, in.bytes) == stats::DatasetFormat::csv) return size * 5;
  const auto d = stats::parquet::describe_parquet(in.bytes);
  return static_cast<std::size_t>(d.rows) * (d.columns.size() * 40 + 16);
}

std::vector<std::string> compared_columns(const std::vector<std::string>& before,
                                          const std::vector<std::string>& after) {
  std::vector<std::string> out;
  for (const auto& c : before)
    if (std::find(after.begin(), after.end(), c) != after.end()) out.push_back(c);
  return out;
}

// Columns only one version has; `kinds_*` (name -> kind) for those in both.
void schema_changes(RowDiff& d, const std::vector<std::pair<std::string, std::string>>& before,
                    const std::vector<std::pair<std::string, std::string>>& after) {
  auto find = [](const auto& v, const std::string& n) {
    return std::find_if(v.begin(), v.end(), [&](const auto& p) { return p.first == n; });
  };
  for (const auto& [name, kind] : before) {
    auto it = find(after, name);
    if (it == after.end())
      d.schema.push_back({name, "removed", kind, ""});
    else if (it->second != kind)
      d.schema.push_back({name, "retyped", kind, it->second});
  }
  for (const auto& [name, kind] : after)
    if (find(before, name) == before.end()) d.schema.push_back({name, "added", "", kind});
}

std::vector<std::pair<std::string, std::string>> kinds_of(const stats::Table& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : t.columns) out.emplace_back(c.name, kind_name(c.kind));
  return out;
}

std::vector<std::string> names_of(const stats::Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns)
    if (c.kind != stats::ColumnKind::skipped) out.push_back(c.name);
  return out;
}

RowDiff in_memory(const RowDiffInput& before, const RowDiffInput& after, const RowDiffOptions& o) {
  stats::TableReadOptions rb, ra;
  rb.csv = ra.csv = o.csv;
  rb.label = before.label;
  ra.label = after.label;
  // Both versions at once (as drift reads them).
  auto before_table =
      std::async(std::launch::async, [&] { return stats::read_table(before.name, before.bytes, rb); });
  stats::Table ta = stats::read_table(after.name, after.bytes, ra);
  stats::Table tb = before_table.get();
  RowDiff d;
  d.keys = o.keys;
  schema_changes(d, kinds_of(tb), kinds_of(ta));
  d.compared = compared_columns(names_of(tb), names_of(ta));
  d.rows_before = tb.rows;
  d.rows_after = ta.rows;
  const MatchPlan plan = detail::make_plan(d.compared, o.keys, o.sample);
  if (d.compared.empty()) {  // nothing to match rows on: every row differs
    d.removed = tb.rows;
    d.added = ta.rows;
    return d;
  }
  detail::match_rows({&tb, nullptr}, {&ta, nullptr}, plan, d);
  return d;
}

// Removes the spill folder, whatever happens.
struct SpillDir {
  fs::path path;
  explicit SpillDir(const fs::path& parent) {
    static std::atomic<unsigned> n{0};
    path = parent / fmt::format(".dvx-rowdiff.{}.{}", ::getpid(), n++);
    fs::create_directories(path);
  }
  ~SpillDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

RowDiff spilled(const RowDiffInput& before, const RowDiffInput& after, const RowDiffOptions& o,
                std::size_t limit, std::size_t estimate) {
  RowDiff d;
  d.keys = o.keys;
  const auto names_b = detail::column_names(before, o.csv), names_a = detail::column_names(after, o.csv);
  d.compared = compared_columns(names_b, names_a);
  const MatchPlan plan = detail::make_plan(d.compared, o.keys, o.sample);
  // Each partition pair, read back, should take at most half the limit.
  const std::size_t parts =
      std::clamp<std::size_t>(estimate / std::max<std::size_t>(limit / 2, 1) + 1, 2, 256);
  const std::size_t chunk = std::max<std::size_t>(limit / 16, 64 << 10);
  SpillDir dir(o.spill_dir);
  auto pb = detail::partition(before, o.csv, plan, parts, chunk, dir.path, "before");
  auto pa = detail::partition(after, o.csv, plan, parts, chunk, dir.path, "after");
  d.rows_before = pb.rows;
  d.rows_after = pa.rows;
  schema_changes(d, pb.kinds, pa.kinds);
  d.partitions = parts;
  if (d.compared.empty()) {
    d.removed = pb.rows;
    d.added = pa.rows;
    return d;
  }
  for (std::size_t p = 0; p < parts; ++p) {
    stats::Table tb, ta;
    std::vector<std::uint64_t> ib, ia;
    detail::load_partition(pb.files[p], plan, tb, ib);
    detail::load_partition(pa.files[p], plan, ta, ia);
    fs::remove(pb.files[p]);
    fs::remove(pa.files[p]);
    detail::match_rows({&tb, &ib}, {&ta, &ia}, plan, d);
  }
  return d;
}

}  // namespace

RowDiff diff_rows(const RowDiffInput& before, const RowDiffInput& after, const RowDiffOptions& options) {
  const std::size_t limit = options.memory_limit ? options.memory_limit : default_memory_limit();
  const std::size_t estimate = memory_estimate(before) + memory_estimate(after);
  if (estimate <= limit) return in_memory(before, after, options);
  if (options.spill_dir.empty()) fail(ErrorKind::usage, "row diff: no folder for spill files");
  return spilled(before, after, options, limit, estimate);
}

}  // namespace dvx::quality
