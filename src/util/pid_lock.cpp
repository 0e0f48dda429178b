#include "dvx/util/pid_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "dvx/util/error.hpp"
#include "dvx/util/subprocess.hpp"

namespace dvx::util {

namespace {

pid_t parse_pid(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty() || text.size() > 12) return 0;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  return value > 0 && value <= 0x7fffffff ? static_cast<pid_t>(value) : 0;
}

pid_t read_pid(int fd) {
  char buf[32];
  ssize_t n = ::pread(fd, buf, sizeof buf, 0);
  return n > 0 ? parse_pid(std::string_view(buf, static_cast<std::size_t>(n))) : 0;
}

// flock, retried on EINTR. False when non-blocking and another holds it.
bool lock_fd(int fd, bool block, const std::filesystem::path& file) {
  while (::flock(fd, LOCK_EX | (block ? 0 : LOCK_NB)) != 0) {
    if (errno == EINTR) continue;
    if (!block && errno == EWOULDBLOCK) return false;
    fail_errno(fmt::format("cannot lock {}", file.string()), errno);
  }
  return true;
}

}  // namespace

std::optional<PidLock> PidLock::acquire(const std::filesystem::path& file, const Options& options,
                                        pid_t* holder) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fail_errno(fmt::format("cannot open lock file {}", file.string()), errno);
  // Until the lock is ours, a failure only closes the descriptor (release()
  // would empty the holder's file).
  struct CloseOnThrow {
    int fd;
    ~CloseOnThrow() {
      if (fd >= 0) ::close(fd);
    }
  } guard{fd};
  if (!lock_fd(fd, false, file)) {
    pid_t other = read_pid(fd);
    if (!options.wait) {
      if (holder) *holder = other;
      return std::nullopt;
    }
    if (options.on_wait) options.on_wait(other);
    lock_fd(fd, true, file);
  }
  PidLock lock(fd);
  guard.fd = -1;
  pid_t previous = read_pid(fd);
  if (previous != 0 && previous != ::getpid() && options.on_take_over)
    options.on_take_over(previous, process_alive(previous));
  std::string text = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
    fail_errno(fmt::format("cannot write lock file {}", file.string()), errno);
  return lock;
}

pid_t PidLock::recorded_pid(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  pid_t pid = read_pid(fd);
  ::close(fd);
  return pid;
}

PidLock::PidLock(PidLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

PidLock& PidLock::operator=(PidLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

PidLock::~PidLock() {
  release();
}

void PidLock::release() {
  if (fd_ < 0) return;
  // Empty first, then unlock: the next holder finds no stale pid.
  [[maybe_unused]] int rc = ::ftruncate(fd_, 0);
  ::close(fd_);  // closing the last descriptor releases the flock
  fd_ = -1;
}

}  // namespace dvx::util
