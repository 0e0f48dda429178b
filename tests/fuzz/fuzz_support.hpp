#pragma once
// Shared by the libFuzzer targets: the input as a file descriptor or as a
// file on disk, for readers that take one. dvx::Error is the expected answer
// to bad bytes; anything else (a crash, a sanitizer report, another
// exception, a hang, an allocation above -rss_limit_mb) is a finding.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace dvx::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An in-memory file holding the input, positioned at its start.
class MemFd {
 public:
  MemFd(const std::uint8_t* data, std::size_t size) : fd_(::memfd_create("fuzz-input", MFD_CLOEXEC)) {
    if (fd_ < 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    if (::lseek(fd_, 0, SEEK_SET) != 0) std::abort();
  }
  ~MemFd() { ::close(fd_); }
  MemFd(const MemFd&) = delete;
  MemFd& operator=(const MemFd&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// A private folder for the process (removed at exit by nobody: it lives
// under $TMPDIR and holds one small file that each input overwrites).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto base = std::filesystem::temp_directory_path() / ("dvx-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(base);
    return base;
  }();
  return dir;
}

inline std::filesystem::path write_input(const std::string& name, const std::uint8_t* data,
                                         std::size_t size) {
  auto path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) std::abort();
  return path;
}

}  // namespace dvx::fuzz
