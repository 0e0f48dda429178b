// ObjectStore::contains_many: which of many objects the cache holds, for
// status, ls-files, fsck and pull over 100,000 tracked files.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <thread>
#include <unordered_set>

#include "dvx/cache/object_store.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::cache {

namespace {

// A folder is listed when at least this many of its objects are asked for:
// below it, one stat per object costs fewer system calls than
// open + getdents + close. (100,000 objects spread over the 65,536 folders
// average 1.5 per folder: mostly stats; a million objects: listings.)
constexpr std::size_t kListFrom = 4;
// Folders handed to a thread at a time.
constexpr std::size_t kFoldersPerTask = 256;

// Marks found[i] for each wanted object (indices [begin, end) of `order`,
// all in the folder `rel`, "aa/bb") that one listing of the folder names.
void list_folder(int root_fd, const char* rel, const std::vector<std::string>& oids, const std::size_t* begin,
                 const std::size_t* end, std::vector<char>& found) {
  int fd = ::openat(root_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!dir) {
    if (fd >= 0) ::close(fd);
    return;  // no folder: none of them is here
  }
  std::unordered_set<std::string_view> names;
  for (const std::size_t* i = begin; i != end; ++i) names.insert(oids[*i]);
  std::unordered_set<std::string_view> present;
  while (const dirent* e = ::readdir(dir)) {
    auto it = names.find(e->d_name);
    if (it == names.end()) continue;
    // d_type is DT_UNKNOWN on some filesystems: stat only then.
    bool regular = e->d_type == DT_REG;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st {};
      regular = ::fstatat(::dirfd(dir), e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode);
    }
    if (regular) present.insert(*it);
  }
  ::closedir(dir);
  for (const std::size_t* i = begin; i != end; ++i) found[*i] = present.count(oids[*i]) ? 1 : 0;
}

}  // namespace

std::vector<bool> ObjectStore::contains_many(const std::vector<std::string>& oids) const {
  for (const auto& oid : oids)
    if (!core::is_valid_oid(oid)) fail(ErrorKind::usage, "invalid object id '{}'", oid);
  std::vector<char> found(oids.size(), 0);
  int root_fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) {
    if (errno == ENOENT) return std::vector<bool>(oids.size(), false);  // no cache yet
    fail_errno(fmt::format("cannot open the cache {}", root_.string()), errno);
  }
  // Indices grouped by <aa>/<bb> folder (a counting sort on the oid's first
  // two bytes: no string comparisons): each folder is one run of them.
  constexpr std::size_t kFolders = 65536;
  auto folder_of = [&](std::size_t i) {
    auto nibble = [](char c) { return static_cast<std::size_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
    const std::string& oid = oids[i];
    return nibble(oid[0]) << 12 | nibble(oid[1]) << 8 | nibble(oid[2]) << 4 | nibble(oid[3]);
  };
  std::vector<std::uint32_t> first_of(kFolders + 1, 0);
  for (std::size_t i = 0; i < oids.size(); ++i) ++first_of[folder_of(i) + 1];
  std::vector<std::size_t> starts;  // where each non-empty folder's run begins
  for (std::size_t f = 0; f < kFolders; ++f) {
    if (first_of[f + 1]) starts.push_back(first_of[f]);
    first_of[f + 1] += first_of[f];
  }
  starts.push_back(oids.size());
  std::vector<std::size_t> order(oids.size());
  for (std::size_t i = 0; i < oids.size(); ++i) order[first_of[folder_of(i)]++] = i;
  std::size_t folders = starts.size() - 1;
  std::size_t tasks = (folders + kFoldersPerTask - 1) / kFoldersPerTask;
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  try {
    util::parallel_for(tasks, jobs, [&](std::size_t t) {
      char rel[2 + 1 + 2 + 1 + 64 + 1];  // "aa/bb/<oid>"
      for (std::size_t f = t * kFoldersPerTask; f < std::min(folders, (t + 1) * kFoldersPerTask); ++f) {
        const std::size_t* begin = order.data() + starts[f];
        const std::size_t* end = order.data() + starts[f + 1];
        const std::string& first = oids[*begin];
        rel[0] = first[0], rel[1] = first[1], rel[2] = '/', rel[3] = first[2], rel[4] = first[3],
        rel[5] = '\0';
        if (static_cast<std::size_t>(end - begin) >= kListFrom) {
          list_folder(root_fd, rel, oids, begin, end, found);
          continue;
        }
        rel[5] = '/';
        for (const std::size_t* i = begin; i != end; ++i) {
          oids[*i].copy(rel + 6, 64);
          rel[6 + 64] = '\0';
          struct stat st {};
          found[*i] = ::fstatat(root_fd, rel, &st, 0) == 0 && S_ISREG(st.st_mode);
        }
      }
    });
  } catch (...) {
    ::close(root_fd);
    throw;
  }
  ::close(root_fd);
  return {found.begin(), found.end()};
}

}  // namespace dvx::cache
