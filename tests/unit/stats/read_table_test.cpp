// read_table: the reader is chosen by the name's extension, else the PAR1
// magic of the bytes; errors name the label, never where the bytes are.
#include "dvx/stats/read_table.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "dvx/util/error.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using dvx::stats::ColumnKind;
using dvx::stats::read_table;
using dvx::stats::TableReadOptions;

namespace {

fs::path corpus() {
  const char* env = std::getenv("DVX_TESTDATA_DIR");
  return fs::path(env && *env ? env : DVX_TESTDATA_DIR) / "parquet-testing";
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

TEST(ReadTable, CsvByExtensionAndTsvDelimiter) {
  dvx::test_support::ScratchDir dir("read-table");
  write(dir.path() / "a.csv", "x,y\n1,a\n2,b\n");
  auto t = read_table(dir.path() / "a.csv");
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.rows, 2u);
  EXPECT_EQ(t.columns[0].kind, ColumnKind::numeric);
  EXPECT_EQ(t.columns[1].categories[1], "b");
  // A .tsv name splits on tabs even though a comma would split this header too.
  write(dir.path() / "b.tsv", "x,1\ty\n1\ta\n");
  auto tsv = read_table(dir.path() / "b.tsv");
  ASSERT_EQ(tsv.columns.size(), 2u);
  EXPECT_EQ(tsv.columns[0].name, "x,1");
}

TEST(ReadTable, ParquetByMagicUnderAnotherName) {
  dvx::test_support::ScratchDir dir("read-table");
  fs::copy_file(corpus() / "alltypes_plain.parquet", dir.path() / "object");
  auto t = read_table("data/table.bin", dir.path() / "object", {});
  EXPECT_EQ(t.rows, 8u);
  EXPECT_GE(t.columns.size(), 10u);
}

TEST(ReadTable, ColumnSelectionKeepsFileOrderAndIgnoresUnknownNames) {
  dvx::test_support::ScratchDir dir("read-table");
  write(dir.path() / "a.csv", "x,y,z\n1,a,2\n");
  TableReadOptions o;
  o.columns = {"z", "nope", "x"};
  auto t = read_table(dir.path() / "a.csv", o);
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0].name, "x");
  EXPECT_EQ(t.columns[1].name, "z");
  TableReadOptions p;
  p.columns = {"id", "nope"};
  auto pq = read_table(corpus() / "alltypes_plain.parquet", p);
  ASSERT_EQ(pq.columns.size(), 1u);
  EXPECT_EQ(pq.columns[0].name, "id");
  p.columns = {"nope"};
  auto none = read_table(corpus() / "alltypes_plain.parquet", p);
  EXPECT_TRUE(none.columns.empty());
  EXPECT_EQ(none.rows, 8u);
}

TEST(ReadTable, ErrorsNameTheLabelNotTheBytes) {
  dvx::test_support::ScratchDir dir("read-table");
  write(dir.path() / "obj", "x,y\n1,2,3\n");
  TableReadOptions o;
  o.label = "data/a.csv at HEAD";
  try {
    read_table("data/a.csv", dir.path() / "obj", o);
    FAIL() << "expected an error";
  } catch (const dvx::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("data/a.csv at HEAD"), std::string::npos) << msg;
    EXPECT_EQ(msg.find((dir.path() / "obj").string()), std::string::npos) << msg;
    EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt);
  }
}

}  // namespace
