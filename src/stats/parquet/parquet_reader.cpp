// Parquet file reader: opens the footer and schema, then reads the selected
// columns in parallel (one ColumnReader each) into dvx::stats::Table; also
// describes a file's columns without reading pages. The parts live beside
// this file: file (checked byte ranges), metadata (Thrift footer and page
// headers), schema (leaf classification), values (decoding, conversion),
// column_reader (pages, levels), encodings and decompress.
#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>

#include "dvx/stats/parquet.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/strings.hpp"
#include "stats/parquet/column_reader.hpp"
#include "stats/parquet/file.hpp"
#include "stats/parquet/metadata.hpp"
#include "stats/parquet/schema.hpp"
#include "stats/parquet/values.hpp"

namespace dvx::stats {

namespace pq = parquet;
using pq::File;
using pq::Leaf;
using pq::Schema;
using pq::Type;

namespace {

constexpr std::uint64_t kMaxFooterBytes = 256ull << 20;  // the Thrift footer

// ------------------------------------------------------------------ footer

struct Opened {
  pq::FileMetaData md;
  Schema schema;
  std::uint64_t data_end = 0;
};

bool parquet_mr_before_1_2_9(const std::string& created_by) {
  // "parquet-mr version 1.2.8 (build ...)"; a bare "parquet-mr" has no
  // version and counts as old (as Arrow's ApplicationVersion does).
  if (created_by.rfind("parquet-mr", 0) != 0) return false;
  const std::string marker = "parquet-mr version ";
  int a = 0, b = 0, c = 0;
  if (created_by.rfind(marker, 0) != 0 ||
      std::sscanf(created_by.c_str() + marker.size(), "%d.%d.%d", &a, &b, &c) < 2)
    return true;
  return std::make_tuple(a, b, c) < std::make_tuple(1, 2, 9);
}

Opened open_footer(const File& file) {
  std::uint64_t size = file.size();
  if (size < 12) fail(ErrorKind::corrupt, "file is {} bytes, too short for Parquet", size);
  auto head = file.read(0, 4);
  auto tail = file.read(size - 8, 8);
  if (std::memcmp(tail.data() + 4, "PARE", 4) == 0)
    fail(ErrorKind::permanent, "file is an encrypted Parquet file (not supported)");
  if (std::memcmp(head.data(), "PAR1", 4) != 0 || std::memcmp(tail.data() + 4, "PAR1", 4) != 0)
    fail(ErrorKind::corrupt, "file lacks the Parquet magic bytes PAR1");
  std::uint64_t footer_len = pq::le32(tail.data());
  if (footer_len > size - 12 || footer_len > kMaxFooterBytes)
    fail(ErrorKind::corrupt, "footer length {} exceeds the file ({} bytes)", footer_len, size);
  std::uint64_t footer_start = size - 8 - footer_len;
  auto footer = file.read(footer_start, footer_len);
  Opened o;
  try {
    o.md = pq::parse_file_metadata(footer.data(), footer.size());
  } catch (const Error& e) {
    fail(ErrorKind::corrupt, "footer metadata is malformed: {}", e.what());
  }
  if (o.md.encrypted) fail(ErrorKind::permanent, "file is encrypted (not supported)");
  o.schema = pq::build_schema(o.md);
  o.data_end = footer_start;
  for (std::size_t g = 0; g < o.md.row_groups.size(); ++g) {
    const auto& rg = o.md.row_groups[g];
    if (rg.columns.size() != o.schema.leaves.size())
      fail(ErrorKind::corrupt, "row group {} has {} column chunks, the schema has {} columns", g,
           rg.columns.size(), o.schema.leaves.size());
    if (rg.num_rows < 0) fail(ErrorKind::corrupt, "row group {} claims {} rows", g, rg.num_rows);
  }
  return o;
}

std::string msg_prefix(const File& f) {
  return fmt::format("parquet file {}", f.path().string());
}

}  // namespace

// A file whose footer is read and checked, its columns selected: ready to
// read every row group at once or one at a time.
struct ParquetRowGroupReader::Open {
  File file;
  Opened o;
  std::uint64_t max_values = 0;
  std::vector<std::size_t> selected;  // leaf indices
  unsigned threads = 1;

  explicit Open(const std::filesystem::path& path) : file(path) {}
  pq::ReadContext context() const {
    return {file, o.md, o.data_end, max_values, parquet_mr_before_1_2_9(o.md.created_by)};
  }
};

namespace {

using Reading = ParquetRowGroupReader::Open;

std::unique_ptr<Reading> open_for_reading(const std::filesystem::path& path,
                                          const ParquetReadOptions& options) {
  auto r = std::make_unique<Reading>(path);
  const File& file = r->file;
  try {
    r->o = open_footer(file);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", msg_prefix(file), e.what()));
  }
  const Opened& o = r->o;
  r->max_values = std::max<std::uint64_t>(1ull << 24, file.size() * 1024);
  std::uint64_t total_rows = 0;
  for (const auto& rg : o.md.row_groups) {
    total_rows += static_cast<std::uint64_t>(rg.num_rows);
    if (total_rows > r->max_values)
      fail(ErrorKind::corrupt, "{}: row groups claim more than {} rows for a {}-byte file", msg_prefix(file),
           r->max_values, file.size());
  }

  // Column selection.
  if (options.columns.empty()) {
    for (std::size_t i = 0; i < o.schema.leaves.size(); ++i) r->selected.push_back(i);
  } else {
    for (const auto& want : options.columns) {
      bool found = false;
      for (std::size_t i = 0; i < o.schema.leaves.size(); ++i)
        if (o.schema.leaves[i].name == want) {
          r->selected.push_back(i);
          found = true;
        }
      if (!found) fail(ErrorKind::not_found, "{}: no column named {}", msg_prefix(file), want);
    }
  }

  // Every read column holds one value per row: bound their product too (a
  // footer may declare many columns over RLE runs of millions of rows).
  std::size_t read_columns = 0;
  for (std::size_t i : r->selected) read_columns += o.schema.leaves[i].kind != ColumnKind::skipped;
  if (read_columns > 0 && total_rows > r->max_values / read_columns)
    fail(ErrorKind::corrupt, "{}: {} rows x {} columns is more than {} values for a {}-byte file",
         msg_prefix(file), total_rows, read_columns, r->max_values, file.size());
  const unsigned threads =
      options.threads ? options.threads : std::min(8u, std::max(1u, std::thread::hardware_concurrency()));
  r->threads = static_cast<unsigned>(std::min<std::size_t>(threads, r->selected.size()));
  return r;
}

// The selected columns of every row group (`group` empty) or of one.
Table read_columns(const Reading& r, std::optional<std::size_t> group) {
  const pq::ReadContext ctx = r.context();
  const auto& leaves = r.o.schema.leaves;
  Table table;
  if (group) {
    table.rows = static_cast<std::size_t>(r.o.md.row_groups[*group].num_rows);
  } else {
    for (const auto& rg : r.o.md.row_groups) table.rows += static_cast<std::size_t>(rg.num_rows);
  }
  table.columns.resize(r.selected.size());
  for (std::size_t k = 0; k < r.selected.size(); ++k) {
    const Leaf& leaf = leaves[r.selected[k]];
    table.columns[k].name = leaf.name;
    table.columns[k].kind = leaf.kind;
    table.columns[k].unit = leaf.value_unit;
    table.columns[k].skip_reason = leaf.skip_reason;
  }

  // Columns in parallel; the first error (in column order) wins.
  std::vector<std::optional<Error>> errors(r.selected.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k; (k = next++) < r.selected.size();) {
      const Leaf& leaf = leaves[r.selected[k]];
      pq::ColumnReader reader(ctx, leaf, r.selected[k], table.columns[k]);
      try {
        if (group)
          reader.read_row_group(*group);
        else
          reader.read_all();
      } catch (const Error& e) {
        errors[k].emplace(
            e.kind(), fmt::format("{}: column {}, row group {}, page {}: {}", msg_prefix(r.file), leaf.name,
                                  reader.row_group(), reader.page(), e.what()));
      } catch (const std::bad_alloc&) {
        errors[k].emplace(ErrorKind::permanent,
                          fmt::format("{}: column {}: out of memory", msg_prefix(r.file), leaf.name));
      } catch (const std::exception& e) {  // never let an exception escape a worker thread
        errors[k].emplace(ErrorKind::permanent,
                          fmt::format("{}: column {}: {}", msg_prefix(r.file), leaf.name, e.what()));
      }
    }
  };
  if (r.threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < r.threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  for (auto& e : errors)
    if (e) throw *e;
  return table;
}

}  // namespace

Table read_parquet(const std::filesystem::path& path, const ParquetReadOptions& options) {
  return read_columns(*open_for_reading(path, options), std::nullopt);
}

ParquetRowGroupReader::ParquetRowGroupReader(const std::filesystem::path& path,
                                             const ParquetReadOptions& options)
    : open_(open_for_reading(path, options)) {}

ParquetRowGroupReader::~ParquetRowGroupReader() = default;
ParquetRowGroupReader::ParquetRowGroupReader(ParquetRowGroupReader&&) noexcept = default;

std::size_t ParquetRowGroupReader::row_groups() const {
  return open_->o.md.row_groups.size();
}

Table ParquetRowGroupReader::read(std::size_t group) const {
  if (group >= row_groups())
    fail(ErrorKind::usage, "{}: no row group {} (the file has {})", msg_prefix(open_->file), group,
         row_groups());
  return read_columns(*open_, group);
}

namespace parquet {

FileDescription describe_parquet(const std::filesystem::path& path) {
  File file(path);
  Opened o;
  try {
    o = open_footer(file);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", msg_prefix(file), e.what()));
  }
  FileDescription d;
  for (const auto& rg : o.md.row_groups) d.rows += rg.num_rows;
  d.row_groups = o.md.row_groups.size();
  d.created_by = o.md.created_by;
  for (const Leaf& leaf : o.schema.leaves) {
    ColumnDescription c;
    c.name = leaf.name;
    c.physical_type = type_name(leaf.type);
    if (leaf.type == Type::fixed_len_byte_array) c.physical_type += fmt::format("({})", leaf.type_length);
    c.logical_type = leaf.logical_text;
    c.kind = leaf.kind;
    c.unit = leaf.unit;
    c.skip_reason = leaf.skip_reason;
    c.max_definition_level = leaf.max_def;
    c.max_repetition_level = leaf.max_rep;
    d.columns.push_back(std::move(c));
  }
  return d;
}

namespace {

bool has_parquet_magic(const std::filesystem::path& path) {
  try {
    util::FileReader r(path);
    char magic[4];
    return util::read_full(r.fd(), magic, 4, path.string()) == 4 && std::memcmp(magic, "PAR1", 4) == 0;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

bool is_parquet_file(const std::filesystem::path& name, const std::filesystem::path& bytes) {
  const std::string ext = util::lower(name.extension().string());
  if (ext == ".parquet" || ext == ".parq" || ext == ".pq") return true;
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") return false;
  return has_parquet_magic(bytes);
}

}  // namespace parquet
}  // namespace dvx::stats
