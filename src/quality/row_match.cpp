#include "quality/row_match.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include "dvx/util/error.hpp"
#include "quality/cells.hpp"

namespace dvx::quality::detail {
namespace {

using stats::Column;
using stats::ColumnKind;

// A cell as a value: null, a number (text that reads as one included) or text.
struct View {
  enum Kind : std::uint8_t { null, number, text } kind = null;
  double d = 0;
  std::string_view s;
};

View view(const Column& c, std::size_t r) {
  if (c.kind == ColumnKind::numeric) {
    double v = c.numbers[r];
    if (std::isnan(v)) return {};
    return {View::number, v == 0 ? 0.0 : v, {}};
  }
  if (c.category_null[r]) return {};
  const std::string& s = c.categories[r];
  // Cheap refusal before from_chars: a number starts with a digit, sign, '.', 'i' or 'n'.
  const char f = s.empty() ? 'x' : s[0];
  if ((f >= '0' && f <= '9') || f == '-' || f == '+' || f == '.' || f == 'i' || f == 'n' || f == 'I' ||
      f == 'N')
    if (auto v = parse_number(s); v && !std::isnan(*v)) return {View::number, *v == 0 ? 0.0 : *v, {}};
  return {View::text, 0, s};
}

bool equal(const View& a, const View& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == View::number) return a.d == b.d;
  if (a.kind == View::text) return a.s == b.s;
  return true;
}

std::uint64_t mix(std::uint64_t h) {  // splitmix64's finaliser
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

std::uint64_t hash(const View& v) {
  switch (v.kind) {
    case View::null: return 0x6e756c6cULL;
    case View::number: {
      std::uint64_t bits;
      std::memcpy(&bits, &v.d, 8);
      return mix(bits);
    }
    case View::text: return mix(std::hash<std::string_view>{}(v.s) ^ 0x74657874ULL);
  }
  return 0;
}

// Sets changed[k] for each pair whose cells differ in this column; returns how many.
std::size_t mark_changes(const Column& cb, const Column& ca,
                         const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                         std::vector<std::uint8_t>& changed) {
  std::size_t n = 0;
  auto mark = [&](std::size_t k, bool same) {
    if (same) return;
    changed[k] = 1;
    ++n;
  };
  if (cb.kind == ColumnKind::numeric && ca.kind == ColumnKind::numeric) {
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const double x = cb.numbers[pairs[k].first], y = ca.numbers[pairs[k].second];
      mark(k, x == y || (std::isnan(x) && std::isnan(y)));
    }
  } else if (cb.kind == ColumnKind::categorical && ca.kind == ColumnKind::categorical) {
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const auto [rb, ra] = pairs[k];
      const bool nb = cb.category_null[rb], na = ca.category_null[ra];
      // Equal text is equal; different text may still be the same number ("1.0", "1").
      mark(k, (nb && na) || (!nb && !na &&
                             (cb.categories[rb] == ca.categories[ra] || equal(view(cb, rb), view(ca, ra)))));
    }
  } else {
    for (std::size_t k = 0; k < pairs.size(); ++k)
      mark(k, equal(view(cb, pairs[k].first), view(ca, pairs[k].second)));
  }
  return n;
}

std::optional<std::string> value_text(const Column& c, std::size_t r) {
  if (is_null(c, r)) return std::nullopt;
  return cell_text(c, r);
}

struct Side {
  const Rows& rows;
  std::vector<const Column*> cols;
  std::uint64_t id(std::size_t r) const { return rows.ids && !rows.ids->empty() ? (*rows.ids)[r] : r; }
};

bool same_key(const Side& b, std::size_t rb, const Side& a, std::size_t ra, const MatchPlan& plan) {
  for (std::size_t k : plan.key)
    if (!equal(view(*b.cols[k], rb), view(*a.cols[k], ra))) return false;
  return true;
}

// Sorts pairs by .first, stably: LSD radix sort on 16-bit digits (4 passes
// over 64-bit keys, 2 over 32-bit ones) for large vectors, where it was a
// fifth of a 1M-row diff as std::sort. Both callers push pairs in ascending
// .second, so equal firsts end in ascending .second: std::sort's order.
template <typename K, typename V>
void sort_by_first(std::vector<std::pair<K, V>>& v) {
  static_assert(std::is_unsigned_v<K>);
  if (v.size() < (1u << 16)) {
    std::sort(v.begin(), v.end());
    return;
  }
  constexpr unsigned kBits = 16;
  constexpr std::size_t kMask = (std::size_t{1} << kBits) - 1;
  std::vector<std::pair<K, V>> out(v.size());
  std::vector<std::size_t> start(kMask + 1);
  for (unsigned shift = 0; shift < sizeof(K) * 8; shift += kBits) {
    std::fill(start.begin(), start.end(), 0);
    for (const auto& p : v) ++start[(p.first >> shift) & kMask];
    if (start[(v.front().first >> shift) & kMask] == v.size()) continue;  // one digit value: already in order
    std::size_t sum = 0;
    for (auto& s : start) sum += std::exchange(s, sum);
    for (const auto& p : v) out[start[(p.first >> shift) & kMask]++] = p;
    v.swap(out);
  }
}

// Keeps the `n` smallest by row.
template <typename T, typename Row>
void keep_first(std::vector<T>& v, std::size_t n, Row row) {
  std::sort(v.begin(), v.end(), [&](const T& x, const T& y) { return row(x) < row(y); });
  if (v.size() > n) v.resize(n);
}

}  // namespace

MatchPlan make_plan(const std::vector<std::string>& compared, const std::vector<std::string>& keys,
                    std::size_t sample) {
  MatchPlan p;
  p.compared = compared;
  p.sample = sample;
  for (const auto& k : keys) {
    auto it = std::find(compared.begin(), compared.end(), k);
    if (it == compared.end()) fail(ErrorKind::usage, "key column '{}' is not in both versions", k);
    p.key.push_back(static_cast<std::size_t>(it - compared.begin()));
  }
  for (std::size_t i = 0; i < compared.size(); ++i)
    if (keys.empty())
      p.key.push_back(i);
    else if (std::find(p.key.begin(), p.key.end(), i) == p.key.end())
      p.values.push_back(i);
  return p;
}

std::vector<const Column*> columns_in_plan(const stats::Table& t, const MatchPlan& plan,
                                           const std::string& label) {
  std::vector<const Column*> out;
  for (const auto& name : plan.compared) {
    auto it =
        std::find_if(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.name == name; });
    if (it == t.columns.end()) fail(ErrorKind::corrupt, "{}: no column '{}'", label, name);
    out.push_back(&*it);
  }
  return out;
}

std::vector<std::uint64_t> key_hashes(const stats::Table& t, const MatchPlan& plan) {
  auto cols = columns_in_plan(t, plan, "table");
  std::vector<std::uint64_t> h(t.rows, 0x9e3779b97f4a7c15ULL);
  for (std::size_t k : plan.key) {
    const Column& c = *cols[k];
    for (std::size_t r = 0; r < t.rows; ++r) h[r] = mix(h[r] ^ hash(view(c, r)));
  }
  return h;
}

void match_rows(const Rows& before, const Rows& after, const MatchPlan& plan, RowDiff& diff) {
  Side b{before, columns_in_plan(*before.table, plan, "before")};
  Side a{after, columns_in_plan(*after.table, plan, "after")};
  if (diff.changed_cells.empty())
    for (std::size_t v : plan.values) diff.changed_cells.push_back({plan.compared[v], 0});

  // (key hash, row) sorted on both sides, then merged.
  auto sorted = [&](const stats::Table& t) {
    auto h = key_hashes(t, plan);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> v(t.rows);
    for (std::size_t r = 0; r < t.rows; ++r) v[r] = {h[r], static_cast<std::uint32_t>(r)};
    sort_by_first(v);
    return v;
  };
  const auto hb = sorted(*before.table);
  const auto ha = sorted(*after.table);

  std::vector<std::size_t> removed, added;                    // local rows
  std::vector<std::pair<std::size_t, std::size_t>> modified;  // (before row, after row)
  // Matched pairs are compared after the merge, one column at a time over
  // pairs in before-row order: each pass reads two arrays, not every column
  // of two random rows.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> matched;
  auto compare_pair = [&](std::size_t rb, std::size_t ra) {
    matched.emplace_back(static_cast<std::uint32_t>(rb), static_cast<std::uint32_t>(ra));
  };
  // Rows of one hash run on each side, grouped by exact key and matched by occurrence.
  std::vector<std::size_t> group_b, group_a;
  auto match_run = [&](std::size_t b0, std::size_t b1, std::size_t a0, std::size_t a1) {
    std::vector<bool> used_b(b1 - b0), used_a(a1 - a0);
    for (std::size_t i = b0; i < b1; ++i) {
      if (used_b[i - b0]) continue;
      group_b.clear();
      group_a.clear();
      for (std::size_t j = i; j < b1; ++j)
        if (!used_b[j - b0] && (j == i || same_key(b, hb[i].second, b, hb[j].second, plan))) {
          used_b[j - b0] = true;
          group_b.push_back(hb[j].second);
        }
      for (std::size_t j = a0; j < a1; ++j)
        if (!used_a[j - a0] && same_key(b, hb[i].second, a, ha[j].second, plan)) {
          used_a[j - a0] = true;
          group_a.push_back(ha[j].second);
        }
      diff.duplicate_keys_before += plan.values.empty() ? 0 : group_b.size() - 1;
      if (!plan.values.empty() && group_a.size() > 1) diff.duplicate_keys_after += group_a.size() - 1;
      const std::size_t both = std::min(group_b.size(), group_a.size());
      for (std::size_t k = 0; k < both; ++k) compare_pair(group_b[k], group_a[k]);
      for (std::size_t k = both; k < group_b.size(); ++k) removed.push_back(group_b[k]);
      for (std::size_t k = both; k < group_a.size(); ++k) added.push_back(group_a[k]);
    }
    for (std::size_t j = a0; j < a1; ++j)
      if (!used_a[j - a0]) {
        // An after-side key the before run lacks (a hash collision): its own group.
        std::size_t n = 0;
        for (std::size_t k = j; k < a1; ++k)
          if (!used_a[k - a0] && (k == j || same_key(a, ha[j].second, a, ha[k].second, plan))) {
            used_a[k - a0] = true;
            added.push_back(ha[k].second);
            ++n;
          }
        if (!plan.values.empty() && n > 1) diff.duplicate_keys_after += n - 1;
      }
  };
  auto dup_run = [&](const Side& s, const std::vector<std::pair<std::uint64_t, std::uint32_t>>& h,
                     std::size_t i0, std::size_t i1, std::size_t& dups, std::vector<std::size_t>& out) {
    for (std::size_t i = i0; i < i1; ++i) out.push_back(h[i].second);
    if (plan.values.empty() || i1 - i0 < 2) return;
    // Rows repeating an earlier key of the run: the run's size less its
    // distinct keys (exact comparison with one row of each key seen).
    std::vector<std::uint32_t> distinct;
    for (std::size_t i = i0; i < i1; ++i) {
      bool seen = std::any_of(distinct.begin(), distinct.end(),
                              [&](std::uint32_t d) { return same_key(s, d, s, h[i].second, plan); });
      if (seen)
        ++dups;
      else
        distinct.push_back(h[i].second);
    }
  };
  std::size_t i = 0, j = 0;
  while (i < hb.size() || j < ha.size()) {
    std::size_t i1 = i, j1 = j;
    if (j >= ha.size() || (i < hb.size() && hb[i].first < ha[j].first)) {
      while (i1 < hb.size() && hb[i1].first == hb[i].first) ++i1;
      dup_run(b, hb, i, i1, diff.duplicate_keys_before, removed);
    } else if (i >= hb.size() || ha[j].first < hb[i].first) {
      while (j1 < ha.size() && ha[j1].first == ha[j].first) ++j1;
      dup_run(a, ha, j, j1, diff.duplicate_keys_after, added);
    } else {
      while (i1 < hb.size() && hb[i1].first == hb[i].first) ++i1;
      while (j1 < ha.size() && ha[j1].first == ha[j].first) ++j1;
      if (i1 - i == 1 && j1 - j == 1) {
        if (same_key(b, hb[i].second, a, ha[j].second, plan)) {
          compare_pair(hb[i].second, ha[j].second);
        } else {
          removed.push_back(hb[i].second);
          added.push_back(ha[j].second);
        }
      } else {
        match_run(i, i1, j, j1);
      }
    }
    i = i1;
    j = j1;
  }
  diff.removed += removed.size();
  diff.added += added.size();
  sort_by_first(matched);  // a before row is matched at most once: its firsts are distinct
  std::vector<std::uint8_t> changed(matched.size(), 0);
  for (std::size_t i = 0; i < plan.values.size(); ++i) {
    const std::size_t v = plan.values[i];
    diff.changed_cells[i].changed += mark_changes(*b.cols[v], *a.cols[v], matched, changed);
  }
  for (std::size_t k = 0; k < matched.size(); ++k) {
    if (changed[k])
      modified.emplace_back(matched[k].first, matched[k].second);
    else
      ++diff.unchanged;
  }
  diff.modified += modified.size();

  // Samples: the first rows of this part, merged with those kept so far.
  const std::size_t n = plan.sample;
  auto row_of = [&](const Side& s, std::size_t r) { return s.id(r); };
  auto whole_row = [&](const Side& s, std::size_t r) {
    RowSample rs;
    for (std::size_t c = 0; c < plan.compared.size(); ++c)
      rs.cells.push_back({plan.compared[c], value_text(*s.cols[c], r)});
    return rs;
  };
  keep_first(removed, n, [&](std::size_t r) { return row_of(b, r); });
  for (std::size_t r : removed) {
    auto rs = whole_row(b, r);
    rs.row_before = row_of(b, r);
    diff.removed_rows.push_back(std::move(rs));
  }
  keep_first(added, n, [&](std::size_t r) { return row_of(a, r); });
  for (std::size_t r : added) {
    auto rs = whole_row(a, r);
    rs.row_after = row_of(a, r);
    diff.added_rows.push_back(std::move(rs));
  }
  keep_first(modified, n, [&](const std::pair<std::size_t, std::size_t>& p) { return row_of(a, p.second); });
  for (auto [rb, ra] : modified) {
    RowSample rs;
    rs.row_before = row_of(b, rb);
    rs.row_after = row_of(a, ra);
    for (std::size_t k : plan.key) rs.cells.push_back({plan.compared[k], value_text(*b.cols[k], rb)});
    for (std::size_t v : plan.values)
      if (!equal(view(*b.cols[v], rb), view(*a.cols[v], ra)))
        rs.changes.push_back({plan.compared[v], value_text(*b.cols[v], rb), value_text(*a.cols[v], ra)});
    diff.modified_rows.push_back(std::move(rs));
  }
  keep_first(diff.removed_rows, n, [](const RowSample& s) { return *s.row_before; });
  keep_first(diff.added_rows, n, [](const RowSample& s) { return *s.row_after; });
  keep_first(diff.modified_rows, n, [](const RowSample& s) { return *s.row_after; });
}

}  // namespace dvx::quality::detail
