#include "dvx/util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <random>
#include <utility>

#include "dvx/util/error.hpp"

namespace dvx::util {

FileReader::FileReader(const fs::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail_errno(fmt::format("cannot open {}", path.string()), errno);
}

FileReader::FileReader(const fs::path& path, IfExists) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0 && errno != ENOENT) fail_errno(fmt::format("cannot open {}", path.string()), errno);
}

FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileReader::read(void* buf, std::size_t size) {
  return read_full(fd_, buf, size, path_.string());
}

namespace {
std::string unique_suffix() {
  static std::atomic<unsigned> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format(".{}.{}.{:x}.tmp", ::getpid(), counter++, rng() & 0xffffff);
}
}  // namespace

namespace {
// `temp_dir` (created if needed) when it shares a filesystem with `dest_dir`
// (so that a rename can move the file), else `dest_dir`.
fs::path temp_folder(const fs::path& dest_dir, const fs::path& temp_dir) {
  if (temp_dir.empty()) return dest_dir;
  std::error_code ec;
  fs::create_directories(temp_dir, ec);
  struct stat a {
  }, b{};
  if (::stat(temp_dir.c_str(), &a) != 0 || ::stat(dest_dir.empty() ? "." : dest_dir.c_str(), &b) != 0 ||
      a.st_dev != b.st_dev)
    return dest_dir;
  return temp_dir;
}
}  // namespace

AtomicFile::AtomicFile(fs::path destination, unsigned mode, const fs::path& temp_dir)
    : dest_(std::move(destination)) {
  auto dir = temp_folder(dest_.parent_path(), temp_dir);
  for (int attempt = 0; attempt < 5 && fd_ < 0; ++attempt) {
    temp_ = dir / (".dvx-" + dest_.filename().string().substr(0, 64) + unique_suffix());
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd_ < 0 && errno != EEXIST)
      fail_errno(fmt::format("cannot create a temporary file in {}", dir.empty() ? "." : dir.string()),
                 errno);
  }
  if (fd_ < 0) fail(ErrorKind::permanent, "cannot create a temporary file beside {}", dest_.string());
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size) {
  write_all(fd_, data, size, dest_.string());
}

void AtomicFile::commit() {
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail_errno(fmt::format("cannot write {}", dest_.string()), errno);
  if (::rename(temp_.c_str(), dest_.c_str()) != 0)
    fail_errno(fmt::format("cannot rename into {}", dest_.string()), errno);
  committed_ = true;
}

namespace {
int open_in(const fs::path& dir, const fs::path& file, int flags, unsigned mode) {
  int fd = ::open(file.c_str(), flags, mode);
  if (fd < 0 && errno == ENOENT) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    fd = ::open(file.c_str(), flags, mode);
  }
  return fd;
}
}  // namespace

namespace {
// The calling thread's spare I/O buffer (at most one), freed at thread exit.
struct SpareBuffer {
  char* buffer = nullptr;
  ~SpareBuffer() {
    delete[] buffer;
    buffer = nullptr;
  }
};
thread_local SpareBuffer spare;
}  // namespace

IoBuffer make_io_buffer() {
  if (char* buffer = std::exchange(spare.buffer, nullptr)) return IoBuffer(buffer);
  return IoBuffer(new char[kIoBlock]);
}

void IoBufferRelease::operator()(char* buffer) const noexcept {
  if (!spare.buffer)
    spare.buffer = buffer;
  else
    delete[] buffer;
}

UnnamedFile::UnnamedFile(const fs::path& dir, unsigned mode) : dir_(dir) {
  // Whether /proc is there to link an O_TMPFILE file by: asked once per
  // process, not once per file (git add of 100,000 files).
  static const bool proc_fd = ::access("/proc/self/fd", X_OK) == 0;
  fd_ = open_in(dir, dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
  if (fd_ >= 0 && proc_fd) return;
  if (fd_ >= 0) ::close(fd_);  // cannot be linked without /proc: use a name
  named_ = dir / (".dvx-unnamed" + unique_suffix());
  fd_ = open_in(dir, named_, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd_ < 0) fail_errno(fmt::format("cannot create a temporary file in {}", dir.string()), errno);
}

UnnamedFile::~UnnamedFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!named_.empty()) ::unlink(named_.c_str());
}

void UnnamedFile::write(const void* data, std::size_t size) {
  write_all(fd_, data, size, dir_.string());
}

int UnnamedFile::link(const fs::path& path) {
  int rc = named_.empty() ? ::linkat(AT_FDCWD, fmt::format("/proc/self/fd/{}", fd_).c_str(), AT_FDCWD,
                                     path.c_str(), AT_SYMLINK_FOLLOW)
                          : ::link(named_.c_str(), path.c_str());
  if (rc == 0) return 0;
  if (errno == EEXIST || errno == ENOENT) return errno;
  fail_errno(fmt::format("cannot store {}", path.string()), errno);
}

bool UnnamedFile::publish(const fs::path& path) {
  int err = link(path);
  if (err == ENOENT) {  // the parent folder does not exist yet
    std::error_code ec;
    // One mkdir when only the last folder is missing (a new <aa>/<bb> of
    // the cache); create_directories stats every level first.
    if (::mkdir(path.parent_path().c_str(), 0777) != 0 && errno != EEXIST)
      fs::create_directories(path.parent_path(), ec);
    if (ec)
      fail(ErrorKind::permanent, "cannot create folder {}: {}", path.parent_path().string(), ec.message());
    err = link(path);
  }
  if (err == ENOENT) fail_errno(fmt::format("cannot store {}", path.string()), err);
  int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) {
    int close_err = errno;
    if (err == 0) ::unlink(path.c_str());
    fail_errno(fmt::format("cannot write {}", path.string()), close_err);
  }
  return err == 0;
}

namespace {

// The rest of `in`, read straight into a string sized by fstat (an index
// or memo of several MB is then copied once, not regrown block by block);
// a file that grows meanwhile is read to its end all the same.
std::string read_rest(FileReader& in) {
  struct stat st {};
  std::size_t expected =
      ::fstat(in.fd(), &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0;
  std::string out(expected + 1, '\0');  // one byte more: the end is seen in the same pass
  std::size_t used = 0;
  for (;;) {
    if (used == out.size()) out.resize(out.size() * 2 + 65536);
    std::size_t n = in.read(out.data() + used, out.size() - used);
    if (n == 0) break;
    used += n;
  }
  out.resize(used);
  return out;
}

}  // namespace

std::string read_file(const fs::path& path) {
  FileReader in(path);
  return read_rest(in);
}

std::optional<std::string> read_file_if_exists(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return read_file(path);
}

void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode) {
  AtomicFile out(path, mode);
  out.write(content);
  out.commit();
}

void write_all(int fd, const void* data, std::size_t size, std::string_view what) {
  auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(fmt::format("cannot write {}", what), errno);
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

void write_all(int fd, std::string_view first, std::string_view second, std::string_view what) {
  while (!first.empty()) {
    iovec parts[2] = {{const_cast<char*>(first.data()), first.size()},
                      {const_cast<char*>(second.data()), second.size()}};
    ssize_t n = ::writev(fd, parts, 2);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(fmt::format("cannot write {}", what), errno);
    }
    auto done = static_cast<std::size_t>(n);
    if (done < first.size()) {
      first.remove_prefix(done);
      continue;
    }
    second.remove_prefix(done - first.size());
    first = {};
  }
  write_all(fd, second.data(), second.size(), what);
}

bool copy_in_kernel(int in, int out, std::uint64_t size) {
  loff_t in_off = 0, out_off = 0;
  while (static_cast<std::uint64_t>(in_off) < size) {
    ssize_t n = ::copy_file_range(in, &in_off, out, &out_off, size - static_cast<std::uint64_t>(in_off), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
  }
  return true;
}

std::size_t read_full(int fd, void* data, std::size_t size, std::string_view what) {
  auto* p = static_cast<char*>(data);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, p + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(fmt::format("cannot read {}", what), errno);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

}  // namespace dvx::util
