// read_parquet over the parquet-testing corpus: values equal to the corpus's
// own *_expect.csv files, every malformed file a clean dvx::Error(corrupt)
// naming the file, and no crash/hang on thousands of mutated files (run
// under ASan/UBSan in the sanitizer build). Comparisons with DuckDB for the
// other files are in tests/integration/stats/test_parquet_duckdb.sh.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dvx/stats/parquet.hpp"
#include "dvx/util/error.hpp"

namespace fs = std::filesystem;
using dvx::stats::ColumnKind;
using dvx::stats::Table;

namespace {

fs::path corpus() {
  const char* env = std::getenv("DVX_TESTDATA_DIR");
  return fs::path(env && *env ? env : DVX_TESTDATA_DIR) / "parquet-testing";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// RFC 4180 records; an unquoted empty field is a null (nullopt).
using Field = std::optional<std::string>;
std::vector<std::vector<Field>> parse_csv(const std::string& text) {
  std::vector<std::vector<Field>> rows;
  std::vector<Field> row;
  std::string cur;
  bool quoted = false, was_quoted = false;
  std::size_t i = 0;
  auto end_field = [&] {
    if (!was_quoted && cur.empty())
      row.emplace_back(std::nullopt);
    else
      row.emplace_back(cur);
    cur.clear();
    was_quoted = false;
  };
  while (i < text.size()) {
    char c = text[i++];
    if (quoted) {
      if (c == '"' && i < text.size() && text[i] == '"')
        cur += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cur += c;
    } else if (c == '"') {
      quoted = was_quoted = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i < text.size() && text[i] == '\n') ++i;
      end_field();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty() || !row.empty()) {
    end_field();
    rows.push_back(std::move(row));
  }
  return rows;
}

void expect_equal_to_csv(const std::string& parquet, const std::string& csv) {
  SCOPED_TRACE(parquet);
  Table t = dvx::stats::read_parquet(corpus() / parquet);
  auto rows = parse_csv(slurp(corpus() / csv));
  ASSERT_GE(rows.size(), 2u);
  const auto& header = rows[0];
  ASSERT_EQ(t.columns.size(), header.size());
  ASSERT_EQ(t.rows, rows.size() - 1);
  std::size_t checked = 0;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const auto& col = t.columns[c];
    SCOPED_TRACE(col.name);
    ASSERT_NE(col.kind, ColumnKind::skipped);
    for (std::size_t r = 0; r < t.rows; ++r) {
      const Field& want = rows[r + 1].at(c);
      if (col.kind == ColumnKind::numeric) {
        ASSERT_EQ(col.numbers.size(), t.rows);
        if (!want) {
          EXPECT_TRUE(std::isnan(col.numbers[r])) << "row " << r;
        } else {
          // Integers in the CSV: compare as the double the Table holds.
          EXPECT_EQ(col.numbers[r], static_cast<double>(std::stoll(*want))) << "row " << r;
        }
      } else {
        ASSERT_EQ(col.categories.size(), t.rows);
        if (!want) {
          EXPECT_TRUE(col.category_null[r]) << "row " << r;
        } else {
          EXPECT_FALSE(col.category_null[r]) << "row " << r;
          EXPECT_EQ(col.categories[r], *want) << "row " << r;
        }
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, t.rows * header.size());
}

TEST(ParquetReader, DeltaBinaryPackedEqualsExpectCsv) {
  expect_equal_to_csv("delta_binary_packed.parquet", "delta_binary_packed_expect.csv");
}
TEST(ParquetReader, DeltaByteArrayEqualsExpectCsv) {
  expect_equal_to_csv("delta_byte_array.parquet", "delta_byte_array_expect.csv");
}
TEST(ParquetReader, DeltaOptionalColumnEqualsExpectCsv) {
  expect_equal_to_csv("delta_encoding_optional_column.parquet", "delta_encoding_optional_column_expect.csv");
}
TEST(ParquetReader, DeltaRequiredColumnEqualsExpectCsv) {
  expect_equal_to_csv("delta_encoding_required_column.parquet", "delta_encoding_required_column_expect.csv");
}

// bad_data/ARROW-GH-43605 is a valid file (dictionary indices at bit width 0
// crashed a Go reader); it is compared with DuckDB in the integration test.
std::vector<fs::path> malformed_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(corpus() / "bad_data"))
    if (e.path().extension() == ".parquet" && e.path().filename() != "ARROW-GH-43605.parquet")
      out.push_back(e.path());
  for (const auto& e : fs::directory_iterator(corpus()))
    if (e.path().filename().string().find("corrupt-checksum") != std::string::npos) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ParquetReader, MalformedFilesAreCleanCorruptErrors) {
  auto files = malformed_files();
  ASSERT_GE(files.size(), 9u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    try {
      dvx::stats::read_parquet(f);
      ADD_FAILURE() << "read without error";
    } catch (const dvx::Error& e) {
      EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt) << e.what();
      EXPECT_NE(std::string(e.what()).find(f.filename().string()), std::string::npos) << e.what();
      if (f.filename().string().find("checksum") != std::string::npos) {
        EXPECT_NE(std::string(e.what()).find("CRC"), std::string::npos) << e.what();
      }
    }
  }
}

std::vector<fs::path> readable_files() {
  std::vector<fs::path> out;
  auto bad = malformed_files();
  for (const auto& e : fs::directory_iterator(corpus()))
    if (e.path().extension() == ".parquet" && std::find(bad.begin(), bad.end(), e.path()) == bad.end())
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ParquetReader, EveryReadableFileHasConsistentColumns) {
  auto files = readable_files();
  ASSERT_GE(files.size(), 25u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    Table t;
    ASSERT_NO_THROW(t = dvx::stats::read_parquet(f));
    auto d = dvx::stats::parquet::describe_parquet(f);
    ASSERT_EQ(d.columns.size(), t.columns.size());
    EXPECT_EQ(static_cast<std::size_t>(d.rows), t.rows);
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const auto& c = t.columns[i];
      EXPECT_EQ(c.name, d.columns[i].name);
      switch (c.kind) {
        case ColumnKind::numeric: EXPECT_EQ(c.numbers.size(), t.rows); break;
        case ColumnKind::categorical:
          EXPECT_EQ(c.categories.size(), t.rows);
          EXPECT_EQ(c.category_null.size(), t.rows);
          break;
        case ColumnKind::skipped:
          EXPECT_FALSE(c.skip_reason.empty());
          EXPECT_GT(d.columns[i].max_repetition_level, 0);
          break;
      }
    }
  }
}

// Row groups read one at a time (row diff's spill mode), concatenated, are
// read_parquet's table (itself checked against the corpus's expect files).
// The corpus's files have one row group each; files of many (DuckDB's) are
// in tests/integration/quality/test_row_diff_parquet_row_groups.sh.
TEST(ParquetReader, RowGroupsOneAtATimeConcatenateToTheWholeFile) {
  for (const auto& f : readable_files()) {
    SCOPED_TRACE(f.filename().string());
    const Table whole = dvx::stats::read_parquet(f);
    dvx::stats::ParquetRowGroupReader groups(f);
    EXPECT_EQ(groups.row_groups(), dvx::stats::parquet::describe_parquet(f).row_groups);
    Table joined;
    joined.columns.resize(whole.columns.size());
    for (std::size_t g = 0; g < groups.row_groups(); ++g) {
      Table t = groups.read(g);
      ASSERT_EQ(t.columns.size(), whole.columns.size());
      joined.rows += t.rows;
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        auto& to = joined.columns[c];
        auto& from = t.columns[c];
        if (from.kind == ColumnKind::numeric) {
          EXPECT_EQ(from.numbers.size(), t.rows);
        }
        to.numbers.insert(to.numbers.end(), from.numbers.begin(), from.numbers.end());
        to.categories.insert(to.categories.end(), from.categories.begin(), from.categories.end());
        to.category_null.insert(to.category_null.end(), from.category_null.begin(), from.category_null.end());
      }
    }
    EXPECT_EQ(joined.rows, whole.rows);
    for (std::size_t c = 0; c < whole.columns.size(); ++c) {
      SCOPED_TRACE(whole.columns[c].name);
      EXPECT_EQ(joined.columns[c].categories, whole.columns[c].categories);
      EXPECT_EQ(joined.columns[c].category_null, whole.columns[c].category_null);
      ASSERT_EQ(joined.columns[c].numbers.size(), whole.columns[c].numbers.size());
      for (std::size_t r = 0; r < whole.columns[c].numbers.size(); ++r) {
        const double a = joined.columns[c].numbers[r], b = whole.columns[c].numbers[r];
        EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << "row " << r;
      }
    }
    EXPECT_THROW(groups.read(groups.row_groups()), dvx::Error);
  }
}

TEST(ParquetReader, NestedColumnsAreSkippedWithAReason) {
  Table t = dvx::stats::read_parquet(corpus() / "datapage_v2.snappy.parquet");
  ASSERT_EQ(t.columns.size(), 5u);
  EXPECT_EQ(t.columns[4].name, "e.list.element");
  EXPECT_EQ(t.columns[4].kind, ColumnKind::skipped);
  EXPECT_NE(t.columns[4].skip_reason.find("nested"), std::string::npos);
  EXPECT_EQ(t.columns[0].kind, ColumnKind::categorical);  // a: STRING
  EXPECT_EQ(t.columns[3].kind, ColumnKind::categorical);  // d: BOOLEAN
}

TEST(ParquetReader, ColumnSelectionAndThreadsGiveTheSameValues) {
  auto f = corpus() / "alltypes_tiny_pages.parquet";
  dvx::stats::ParquetReadOptions one;
  one.threads = 1;
  Table a = dvx::stats::read_parquet(f, one);
  Table b = dvx::stats::read_parquet(f);
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (std::size_t i = 0; i < a.columns.size(); ++i) {
    EXPECT_EQ(a.columns[i].categories, b.columns[i].categories);
    ASSERT_EQ(a.columns[i].numbers.size(), b.columns[i].numbers.size());
    for (std::size_t r = 0; r < a.columns[i].numbers.size(); ++r)
      EXPECT_TRUE(a.columns[i].numbers[r] == b.columns[i].numbers[r] ||
                  (std::isnan(a.columns[i].numbers[r]) && std::isnan(b.columns[i].numbers[r])));
  }
  dvx::stats::ParquetReadOptions sel;
  sel.columns = {"string_col", "id"};
  Table s = dvx::stats::read_parquet(f, sel);
  ASSERT_EQ(s.columns.size(), 2u);
  EXPECT_EQ(s.columns[0].name, "string_col");
  EXPECT_EQ(s.columns[0].categories, a.columns[9].categories);
  EXPECT_EQ(s.columns[1].numbers, a.columns[0].numbers);
  sel.columns = {"nope"};
  EXPECT_THROW(dvx::stats::read_parquet(f, sel), dvx::Error);
}

TEST(ParquetReader, NotParquetAndMissingFiles) {
  auto dir = fs::temp_directory_path() / ("dvx-pq-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "empty.parquet").close();
  std::ofstream(dir / "text.parquet") << "hello, world, this is not parquet at all";
  for (const char* name : {"empty.parquet", "text.parquet"}) {
    try {
      dvx::stats::read_parquet(dir / name);
      ADD_FAILURE() << name;
    } catch (const dvx::Error& e) {
      EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt);
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(dvx::stats::read_parquet(dir / "missing.parquet"), dvx::Error);
  fs::remove_all(dir);
}

// Mutated copies of every small corpus file: random byte changes and
// truncations must give either a Table or a dvx::Error, never a crash, a
// hang, another exception type or (under ASan) a bad memory access.
TEST(ParquetReader, MutatedFilesNeverCrash) {
  auto dir = fs::temp_directory_path() / ("dvx-pq-fuzz-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::mt19937_64 rng(20261122);
  std::size_t reads = 0, errors = 0;
  for (const auto& e : fs::directory_iterator(corpus())) {
    if (e.path().extension() != ".parquet" || fs::file_size(e.path()) > 80000) continue;
    std::string orig = slurp(e.path());
    for (int trial = 0; trial < 120; ++trial) {
      std::string data = orig;
      if (trial < 20) {
        data.resize(std::uniform_int_distribution<std::size_t>(0, orig.size())(rng));
      } else {
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < flips; ++k) {
          // Favour the footer and page headers: half the flips land in the last 25%.
          std::size_t lo = (rng() & 1) ? data.size() * 3 / 4 : 0;
          std::size_t pos = std::uniform_int_distribution<std::size_t>(lo, data.size() - 1)(rng);
          data[pos] = static_cast<char>(rng() & 0xff);
        }
      }
      auto path = dir / e.path().filename();
      std::ofstream(path, std::ios::binary) << data;
      ++reads;
      try {
        Table t = dvx::stats::read_parquet(path);
        for (const auto& c : t.columns) {
          if (c.kind == ColumnKind::numeric) {
            EXPECT_EQ(c.numbers.size(), t.rows);
          }
          if (c.kind == ColumnKind::categorical) {
            EXPECT_EQ(c.categories.size(), t.rows);
          }
        }
      } catch (const dvx::Error& err) {
        ++errors;
        EXPECT_NE(std::string(err.what()).find(e.path().filename().string()), std::string::npos)
            << err.what();
      }
    }
  }
  fs::remove_all(dir);
  EXPECT_GT(reads, 3000u);
  EXPECT_GT(errors, reads / 4);
}

}  // namespace

TEST(ParquetReader, OneRuleSaysWhetherAFileIsParquet) {
  using dvx::stats::parquet::is_parquet_file;
  fs::path dir = fs::temp_directory_path() / ("dvx-parquet-detect-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "magic") << "PAR1 then anything";
  std::ofstream(dir / "text") << "a,b\n1,2\n";
  // A known extension decides, whatever the bytes (any case).
  EXPECT_TRUE(is_parquet_file("data/x.parquet", dir / "text"));
  EXPECT_TRUE(is_parquet_file("X.PQ", dir / "text"));
  EXPECT_TRUE(is_parquet_file("x.Parq", dir / "missing"));
  EXPECT_FALSE(is_parquet_file("x.csv", dir / "magic"));
  EXPECT_FALSE(is_parquet_file("x.TSV", dir / "magic"));
  EXPECT_FALSE(is_parquet_file("x.txt", dir / "magic"));
  // Otherwise the magic at the start of the bytes.
  EXPECT_TRUE(is_parquet_file("data/blob", dir / "magic"));
  EXPECT_TRUE(is_parquet_file("data/x.bin", dir / "magic"));
  EXPECT_FALSE(is_parquet_file("data/blob", dir / "text"));
  EXPECT_FALSE(is_parquet_file("data/blob", dir / "missing"));
  fs::remove_all(dir);
}
