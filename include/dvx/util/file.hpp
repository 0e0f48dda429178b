#pragma once
// File primitives with errors that name the path: an fd-owning reader and
// writer, whole-file helpers, AtomicFile (temp file in the destination's
// folder, renamed into place on commit, removed if never committed) and
// UnnamedFile (named only once complete).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dvx::util {

namespace fs = std::filesystem;

inline constexpr std::size_t kIoBlock = 1 << 20;

// A kIoBlock-sized buffer left uninitialised: zeroing 1 MiB per file would
// dominate the cost of cleaning or smudging thousands of small files. A
// released buffer is kept for the thread's next one: allocating and
// freeing 1 MiB per file made glibc grow and trim the heap (brk) 7 times
// per file in `git add` of many small files.
struct IoBufferRelease {
  void operator()(char* buffer) const noexcept;
};
using IoBuffer = std::unique_ptr<char[], IoBufferRelease>;
IoBuffer make_io_buffer();

// FileReader(path, kIfExists): a missing file leaves the reader closed
// (is_open() false) instead of throwing.
struct IfExists {};
inline constexpr IfExists kIfExists{};

class FileReader {
 public:
  explicit FileReader(const fs::path& path);
  FileReader(const fs::path& path, IfExists);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;
  // Returns bytes read; 0 at end of file.
  std::size_t read(void* buf, std::size_t size);
  int fd() const { return fd_; }
  bool is_open() const { return fd_ >= 0; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  int fd_ = -1;
};

class AtomicFile {
 public:
  // Creates a unique temporary file beside `destination` (same filesystem),
  // or in `temp_dir` when given and on the same filesystem as `destination`'s
  // folder: a worktree file is then never seen half-written by `git status`
  // under a temporary name, even if the process is killed.
  explicit AtomicFile(fs::path destination, unsigned mode = 0644, const fs::path& temp_dir = {});
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view data) { write(data.data(), data.size()); }
  // Closes and renames over the destination.
  void commit();
  const fs::path& temp_path() const { return temp_; }
  const fs::path& destination() const { return dest_; }
  int fd() const { return fd_; }

 private:
  fs::path dest_;
  fs::path temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// A file that gets its name only when complete, for content whose name is
// known only at the end (a hash). Created with O_TMPFILE where the
// filesystem has it, so a killed process leaves nothing behind; elsewhere a
// named temporary file in `dir`, removed unless published.
class UnnamedFile {
 public:
  UnnamedFile(const fs::path& dir, unsigned mode);
  ~UnnamedFile();
  UnnamedFile(const UnnamedFile&) = delete;
  UnnamedFile& operator=(const UnnamedFile&) = delete;

  void write(const void* data, std::size_t size);
  // Names the file `path` (same filesystem) unless `path` already exists,
  // in which case nothing changes and false is returned. Missing parent
  // folders are created.
  bool publish(const fs::path& path);

 private:
  int link(const fs::path& path);  // 0, EEXIST or ENOENT; throws on other errors
  fs::path dir_;
  fs::path named_;  // empty when the file is an O_TMPFILE
  int fd_ = -1;
};

std::string read_file(const fs::path& path);
std::optional<std::string> read_file_if_exists(const fs::path& path);
void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode = 0644);
// Writes all of `data` to fd, retrying short writes; `what` names the target in errors.
void write_all(int fd, const void* data, std::size_t size, std::string_view what);
// The same for two buffers in one writev: a header and a payload go out
// together without first being copied into one buffer.
void write_all(int fd, std::string_view first, std::string_view second, std::string_view what);
// Copies `size` bytes from the start of `in` to the start of `out` inside
// the kernel (copy_file_range), leaving both file offsets alone. False when
// the kernel cannot (or fails part-way): a streamed copy from offset 0 then
// overwrites whatever was copied, and reports errors with their paths.
bool copy_in_kernel(int in, int out, std::uint64_t size);
// Reads until `size` bytes or EOF; returns the count read.
std::size_t read_full(int fd, void* data, std::size_t size, std::string_view what);

}  // namespace dvx::util
