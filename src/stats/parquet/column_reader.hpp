#pragma once
// Reads one flat column of a Parquet file: its chunk in every row group,
// page by page (dictionary, data v1 and v2; CRC, decompression, levels,
// values), into a Table column. Sizes, counts and levels are checked
// against the chunk and the page headers before use.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dvx/stats/table.hpp"
#include "stats/parquet/file.hpp"
#include "stats/parquet/metadata.hpp"
#include "stats/parquet/schema.hpp"
#include "stats/parquet/values.hpp"

namespace dvx::stats::parquet {

struct ReadContext {
  const File& file;
  const FileMetaData& md;
  std::uint64_t data_end;    // first byte of the footer
  std::uint64_t max_values;  // sanity limit on values per column
  bool parquet816_padding;   // old parquet-mr: chunk sizes omit the dictionary header
};

// One column, read once: every row group (`read_all`) or one
// (`read_row_group`); row_group() and page() say where an error arose.
class ColumnReader {
 public:
  ColumnReader(const ReadContext& ctx, const Leaf& leaf, std::size_t leaf_index, Column& out)
      : ctx_(ctx), leaf_(leaf), index_(leaf_index), out_(out) {}

  void read_all();
  void read_row_group(std::size_t group);  // `group` < the file's row groups

  std::size_t row_group() const { return rg_; }
  std::size_t page() const { return page_; }

 private:
  void reserve(std::uint64_t rows);
  void read_chunk(const RowGroup& rg);

  // Decompresses `csize` bytes into page_buf_ of `usize` bytes.
  const std::uint8_t* inflate(const std::uint8_t* src, std::size_t csize, std::size_t usize);

  void read_dictionary(const PageHeader& h, const std::uint8_t* page, std::size_t csize, std::uint64_t seen);

  // Reads one level run; returns bytes consumed.
  std::size_t read_levels(int enc, int max_level, const std::uint8_t* data, std::size_t size, std::size_t n,
                          std::vector<std::uint32_t>& out, const char* what, bool v2);

  void read_data_v1(const PageHeader& h, const std::uint8_t* page, std::size_t csize);

  void read_data_v2(const PageHeader& h, const std::uint8_t* page, std::size_t csize);

  void decode_page_values(int enc, const std::uint8_t* data, std::size_t size, std::size_t n);

  void emit(bool dict, std::size_t n);

  const ReadContext& ctx_;
  const Leaf& leaf_;
  std::size_t index_;
  Column& out_;
  std::size_t rg_ = 0, page_ = 0;
  std::vector<std::uint8_t> buf_, page_buf_;
  Codec codec_ = Codec::uncompressed;
  bool have_dict_ = false;
  std::size_t dict_size_ = 0;
  std::vector<double> dict_num_;
  std::vector<std::string> dict_str_;
  Phys phys_;
  std::vector<std::uint32_t> reps_, defs_, indices_;
  std::uint64_t rows_ = 0;
  bool first_level_ = true;
};

}  // namespace dvx::stats::parquet
