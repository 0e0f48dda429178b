#include "category_counts.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "hash_index.hpp"

namespace dvx::stats {

namespace {

std::string number_text(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, p) : std::string();
}

}  // namespace

CategoryCounts count_categories(const Column& before, const Column& after) {
  CategoryCounts counts;
  // Numbers become text first, so their views stay valid (reserve: no reallocation).
  std::size_t numeric_values = 0;
  for (const Column* c : {&before, &after})
    if (c->kind == ColumnKind::numeric)
      for (double v : c->numbers) numeric_values += !std::isnan(v);
  counts.owned.reserve(numeric_values);
  HashIndex index;
  const auto text_of = [&](std::uint32_t code) { return counts.names[code]; };
  const auto find_or_add = [&](std::string_view value) -> std::size_t {
    bool inserted = false;
    const auto code = index.find_or_add(value, text_of, &inserted);
    if (inserted) {
      counts.names.push_back(value);
      counts.before.push_back(0);
      counts.after.push_back(0);
    }
    return code;
  };
  auto count = [&](const Column& c, bool is_before) {
    std::size_t& nulls = is_before ? counts.nulls_before : counts.nulls_after;
    (is_before ? counts.rows_before : counts.rows_after) =
        c.kind == ColumnKind::numeric ? c.numbers.size() : c.categories.size();
    if (c.kind == ColumnKind::numeric) {
      for (double v : c.numbers) {
        if (std::isnan(v)) {
          ++nulls;
          continue;
        }
        counts.owned.push_back(number_text(v));
        const std::size_t i = find_or_add(counts.owned.back());
        ++(is_before ? counts.before : counts.after)[i];
      }
      return;
    }
    if (!c.codes.empty()) {
      // Encoded: each distinct value looked up once, then one add per row.
      std::vector<std::uint32_t> to_index(c.dictionary.size());
      for (std::size_t k = 0; k < c.dictionary.size(); ++k)
        to_index[k] = static_cast<std::uint32_t>(find_or_add(c.dictionary[k]));
      (is_before ? counts.rows_before : counts.rows_after) = c.codes.size();
      for (const std::uint32_t code : c.codes) {
        if (code == Column::kNullCode) {
          ++nulls;
          continue;
        }
        ++(is_before ? counts.before : counts.after)[to_index[code]];
      }
      return;
    }
    for (std::size_t r = 0; r < c.categories.size(); ++r) {
      if (c.category_null[r]) {
        ++nulls;
        continue;
      }
      const std::size_t i = find_or_add(c.categories[r]);
      ++(is_before ? counts.before : counts.after)[i];
    }
  };
  count(before, true);
  count(after, false);
  return counts;
}

CategoryCounts count_categories(const Column& only) {
  Column none;
  none.kind = ColumnKind::categorical;
  return count_categories(only, none);
}

Summary summarize_categories(const CategoryCounts& counts, const std::vector<std::int64_t>& side,
                             std::size_t rows, std::size_t nulls) {
  return summarize_categorical(counts.names, side, rows, nulls);
}

}  // namespace dvx::stats
