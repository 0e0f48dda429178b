// ObjectStore::contains_many: which of many objects the cache holds, for
// status, ls-files and fsck over 100,000 tracked files.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "dvx/cache/object_store.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::cache {

namespace {

// A folder is listed when at least this many of its objects are asked for:
// below it, one stat per object costs fewer system calls than
// open + getdents + close.
constexpr std::size_t kListFrom = 4;

// Marks found[i] for each wanted object named in `folder` (one listing).
void list_folder(const fs::path& folder, const std::vector<std::string>& oids,
                 const std::vector<std::size_t>& wanted, std::vector<char>& found) {
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return;  // no folder: none of them is here
  std::unordered_set<std::string_view> names;
  for (std::size_t i : wanted) names.insert(oids[i]);
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
  for (std::size_t i : wanted) found[i] = present.count(oids[i]) ? 1 : 0;
  ::closedir(dir);
}

}  // namespace

std::vector<bool> ObjectStore::contains_many(const std::vector<std::string>& oids) const {
  // Objects grouped by their <aa>/<bb> folder.
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_folder;
  for (std::size_t i = 0; i < oids.size(); ++i) {
    object_path(oids[i]);  // checks the oid (throws for a malformed one)
    by_folder[std::string_view(oids[i]).substr(0, 4)].push_back(i);
  }
  std::vector<const std::vector<std::size_t>*> groups;
  groups.reserve(by_folder.size());
  for (const auto& entry : by_folder) groups.push_back(&entry.second);
  std::vector<char> found(oids.size(), 0);
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  util::parallel_for(groups.size(), jobs, [&](std::size_t g) {
    const auto& wanted = *groups[g];
    const std::string& first = oids[wanted.front()];
    fs::path folder = root_ / first.substr(0, 2) / first.substr(2, 2);
    if (wanted.size() >= kListFrom) return list_folder(folder, oids, wanted, found);
    for (std::size_t i : wanted) {
      struct stat st {};
      found[i] = ::stat((folder / oids[i]).c_str(), &st) == 0 && S_ISREG(st.st_mode);
    }
  });
  return {found.begin(), found.end()};
}

}  // namespace dvx::cache
