#pragma once
// A Parquet file opened for reading checked byte ranges: every offset and
// length taken from the file is checked against its size before the read.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "dvx/util/file.hpp"

namespace dvx::stats::parquet {

class File {
 public:
  explicit File(const std::filesystem::path& path);
  std::uint64_t size() const { return size_; }
  const std::filesystem::path& path() const { return reader_.path(); }
  // Bytes [offset, offset + length); a range outside the file is corrupt.
  std::vector<std::uint8_t> read(std::uint64_t offset, std::uint64_t length) const;

 private:
  util::FileReader reader_;
  std::uint64_t size_ = 0;
};

}  // namespace dvx::stats::parquet
