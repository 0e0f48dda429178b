#include "quality/row_spill.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>

#include "dvx/stats/dataset.hpp"
#include "dvx/stats/parquet.hpp"
#include "dvx/stats/read_table.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "quality/cells.hpp"

namespace dvx::quality::detail {
namespace {

namespace fs = std::filesystem;

bool is_parquet(const RowDiffInput& in) {
  return stats::dataset_format(in.name, in.bytes) == stats::DatasetFormat::parquet;
}

// Offset just past the last '\n' outside quotes in text[0, end), or 0.
std::size_t last_record_end(std::string_view text) {
  bool quoted = false;
  std::size_t last = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"')
      quoted = !quoted;
    else if (c == '\n' && !quoted)
      last = i + 1;
  }
  return last;
}

std::size_t first_record_end(std::string_view text) {
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"')
      quoted = !quoted;
    else if (text[i] == '\n' && !quoted)
      return i + 1;
  }
  return 0;
}

stats::CsvOptions csv_for(const RowDiffInput& in, stats::CsvOptions csv, std::string_view sample) {
  csv = stats::csv_options_for(in.name, csv);
  if (!csv.delimiter) csv.delimiter = stats::detect_delimiter(sample);
  return csv;
}

class PartitionWriter {
 public:
  PartitionWriter(const fs::path& dir, const std::string& side, std::size_t n) : bufs_(n) {
    for (std::size_t i = 0; i < n; ++i) {
      files_.push_back(dir / fmt::format("{}.{}", side, i));
      FILE* f = std::fopen(files_.back().c_str(), "wb");
      if (!f) fail_errno(fmt::format("cannot create spill file {}", files_.back().string()), errno);
      out_.emplace_back(f, &std::fclose);
    }
  }
  std::string& buffer(std::size_t p) { return bufs_[p]; }
  void maybe_flush(std::size_t p) {
    if (bufs_[p].size() >= (64u << 10)) flush(p);
  }
  void flush(std::size_t p) {
    if (!bufs_[p].empty() &&
        std::fwrite(bufs_[p].data(), 1, bufs_[p].size(), out_[p].get()) != bufs_[p].size())
      fail_errno(fmt::format("cannot write spill file {}", files_[p].string()), errno);
    bufs_[p].clear();
  }
  std::vector<fs::path> close() {
    for (std::size_t p = 0; p < out_.size(); ++p) {
      flush(p);
      if (std::fclose(out_[p].release()) != 0)
        fail_errno(fmt::format("cannot write spill file {}", files_[p].string()), errno);
    }
    return files_;
  }

 private:
  std::vector<fs::path> files_;
  std::vector<std::unique_ptr<FILE, int (*)(FILE*)>> out_;
  std::vector<std::string> bufs_;
};

}  // namespace

std::vector<std::string> column_names(const RowDiffInput& in, const stats::CsvOptions& csv) {
  std::vector<std::string> out;
  if (is_parquet(in)) {
    for (const auto& c : stats::parquet::describe_parquet(in.bytes).columns)
      if (c.kind != stats::ColumnKind::skipped) out.push_back(c.name);
    return out;
  }
  std::ifstream f(in.bytes, std::ios::binary);
  if (!f) fail(ErrorKind::not_found, "{}: cannot read the file", in.label);
  std::string head(1 << 20, '\0');
  f.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(f.gcount()));
  std::size_t end = first_record_end(head);
  const std::string header = end ? head.substr(0, end) : head;
  auto t = stats::parse_csv(header, csv_for(in, csv, head), in.label);
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

void for_each_chunk(const RowDiffInput& in, const stats::CsvOptions& csv_in, std::size_t chunk_bytes,
                    const std::function<void(stats::Table&, std::uint64_t)>& fn) {
  if (is_parquet(in)) {  // a row group is the chunk: its pages are compressed together
    stats::TableReadOptions o;
    o.label = in.label;
    stats::for_each_parquet_row_group(in.name, in.bytes, o, fn);
    return;
  }
  std::ifstream f(in.bytes, std::ios::binary);
  if (!f) fail(ErrorKind::not_found, "{}: cannot read the file", in.label);
  std::string header, carry;
  stats::CsvOptions csv = csv_in;
  std::uint64_t first_row = 0;
  auto emit = [&](std::string_view records) {
    std::string text = header;
    text.append(records);
    stats::Table t = stats::parse_csv(text, csv, in.label);
    fn(t, first_row);
    first_row += t.rows;
  };
  bool eof = false;
  while (!eof) {
    const std::size_t old = carry.size();
    carry.resize(old + chunk_bytes);
    f.read(carry.data() + old, static_cast<std::streamsize>(chunk_bytes));
    carry.resize(old + static_cast<std::size_t>(f.gcount()));
    eof = !f;
    if (header.empty()) {
      csv = csv_for(in, csv_in, carry);
      std::size_t end = first_record_end(carry);
      if (!end && !eof) continue;  // a header longer than a chunk: read on
      header = end ? carry.substr(0, end) : carry + "\n";
      carry.erase(0, end ? end : carry.size());
    }
    std::size_t end = eof ? carry.size() : last_record_end(carry);
    if (end == 0) continue;  // one record longer than a chunk: read on
    emit(std::string_view(carry).substr(0, end));
    carry.erase(0, end);
  }
}

Partitioned partition(const RowDiffInput& in, const stats::CsvOptions& csv, const MatchPlan& plan,
                      std::size_t partitions, std::size_t chunk_bytes, const fs::path& dir,
                      const std::string& side) {
  Partitioned out;
  PartitionWriter w(dir, side, partitions);
  for_each_chunk(in, csv, chunk_bytes, [&](stats::Table& t, std::uint64_t first) {
    auto cols = columns_in_plan(t, plan, in.label);
    if (out.kinds.empty())
      for (const auto& c : t.columns)
        out.kinds.emplace_back(c.name, c.kind == stats::ColumnKind::skipped ? "skipped" : "numeric");
    for (std::size_t c = 0; c < t.columns.size() && c < out.kinds.size(); ++c)
      if (t.columns[c].kind == stats::ColumnKind::categorical) out.kinds[c].second = "categorical";
    auto hashes = key_hashes(t, plan);
    for (std::size_t r = 0; r < t.rows; ++r) {
      const std::size_t p = static_cast<std::size_t>((hashes[r] >> 32) % partitions);
      std::string& b = w.buffer(p);
      const std::uint64_t id = first + r;
      b.append(reinterpret_cast<const char*>(&id), 8);
      for (const auto* c : cols) encode_cell(*c, r, b);
      w.maybe_flush(p);
    }
    out.rows += t.rows;
  });
  out.files = w.close();
  return out;
}

void load_partition(const fs::path& file, const MatchPlan& plan, stats::Table& table,
                    std::vector<std::uint64_t>& ids) {
  const std::string data = util::read_file(file);
  const std::size_t ncols = plan.compared.size();
  auto bad = [&] { fail(ErrorKind::corrupt, "spill file {} is truncated", file.string()); };
  // Pass 1: rows, and which columns hold text.
  std::vector<bool> text(ncols, false);
  std::size_t rows = 0;
  for (std::size_t at = 0; at < data.size(); ++rows) {
    at += 8;
    for (std::size_t c = 0; c < ncols; ++c) {
      if (at >= data.size()) bad();
      const char tag = data[at++];
      if (tag == 'D') {
        at += 8;
      } else if (tag == 'S') {
        std::uint32_t n;
        if (at + 4 > data.size()) bad();
        std::memcpy(&n, data.data() + at, 4);
        at += 4 + n;
        text[c] = true;
      }
    }
    if (at > data.size()) bad();
  }
  table = stats::Table{};
  table.rows = rows;
  table.columns.resize(ncols);
  for (std::size_t c = 0; c < ncols; ++c) {
    auto& col = table.columns[c];
    col.name = plan.compared[c];
    col.kind = text[c] ? stats::ColumnKind::categorical : stats::ColumnKind::numeric;
    if (text[c]) {
      col.categories.resize(rows);
      col.category_null.assign(rows, false);
    } else {
      col.numbers.resize(rows);
    }
  }
  ids.resize(rows);
  std::size_t at = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    std::memcpy(&ids[r], data.data() + at, 8);
    at += 8;
    for (std::size_t c = 0; c < ncols; ++c) {
      auto& col = table.columns[c];
      const char tag = data[at++];
      if (tag == 'N') {
        if (text[c])
          col.category_null[r] = true;
        else
          col.numbers[r] = std::numeric_limits<double>::quiet_NaN();
      } else if (tag == 'D') {
        double v;
        std::memcpy(&v, data.data() + at, 8);
        at += 8;
        if (text[c])
          col.categories[r] = number_text(v);
        else
          col.numbers[r] = v;
      } else {
        std::uint32_t n;
        std::memcpy(&n, data.data() + at, 4);
        at += 4;
        col.categories[r].assign(data.data() + at, n);
        at += n;
      }
    }
  }
}

}  // namespace dvx::quality::detail
