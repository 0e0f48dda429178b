#include "stats/parquet/file.hpp"

#include <unistd.h>

#include <cerrno>

#include "dvx/util/error.hpp"

namespace dvx::stats::parquet {

File::File(const std::filesystem::path& path) : reader_(path) {
  off_t end = ::lseek(reader_.fd(), 0, SEEK_END);
  if (end < 0) fail_errno(fmt::format("cannot size {}", path.string()), errno);
  size_ = static_cast<std::uint64_t>(end);
}

std::vector<std::uint8_t> File::read(std::uint64_t offset, std::uint64_t length) const {
  if (offset > size_ || length > size_ - offset)
    fail(ErrorKind::corrupt, "byte range {}+{} lies outside the {}-byte file", offset, length, size_);
  std::vector<std::uint8_t> buf(length);
  std::uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(reader_.fd(), buf.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(fmt::format("cannot read {}", path().string()), errno);
    }
    if (n == 0) fail(ErrorKind::corrupt, "file ends at byte {} while reading", offset + done);
    done += static_cast<std::uint64_t>(n);
  }
  return buf;
}

}  // namespace dvx::stats::parquet
