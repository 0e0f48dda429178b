#include "dvx/util/durable.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <set>
#include <string>

#include "dvx/util/error.hpp"

namespace dvx::util {

namespace {
std::mutex mutex;
std::set<std::string>& noted() {
  static std::set<std::string> dirs;
  return dirs;
}
}  // namespace

void note_written(const fs::path& dir) {
  std::lock_guard lock(mutex);
  noted().insert(dir.string());
}

bool has_unflushed() {
  std::lock_guard lock(mutex);
  return !noted().empty();
}

void discard_written() {
  std::lock_guard lock(mutex);
  noted().clear();
}

void flush_written() {
  std::set<std::string> dirs;
  {
    std::lock_guard lock(mutex);
    dirs.swap(noted());
  }
  std::set<dev_t> synced;
  for (const auto& dir : dirs) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) continue;  // removed meanwhile: nothing of ours left to flush there
    struct stat st {};
    bool first = ::fstat(fd, &st) != 0 || synced.insert(st.st_dev).second;
    int rc = first ? ::syncfs(fd) : 0;
    int err = errno;
    ::close(fd);
    if (rc != 0) fail_errno(fmt::format("cannot flush {} to disk", dir), err);
  }
}

}  // namespace dvx::util
