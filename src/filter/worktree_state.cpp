#include "dvx/filter/worktree_state.hpp"

#include <sys/stat.h>

#include "dvx/git/index_stat.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::filter {

std::vector<TrackedFile> tracked_files(const git::Repo& repo, const cache::ObjectStore& store,
                                       const std::string& rev) {
  std::vector<TrackedFile> out;
  auto entries = rev.empty() ? repo.list_index() : repo.list_tree(rev);
  for (const auto& entry : entries) {
    if (entry.size == 0 || entry.size >= core::kMaxPointerSize) continue;
    auto pointer = core::parse_pointer(repo.read_blob_id(entry.blob_id));
    if (!pointer) continue;
    out.push_back({entry.path, *pointer, store.contains(pointer->oid)});
  }
  return out;
}

std::vector<WorktreeStatus> worktree_status(const git::Repo& repo, const cache::ObjectStore& store) {
  std::vector<WorktreeStatus> out;
  auto root = repo.workdir();
  auto index = git::read_index_stats(repo);
  for (const auto& entry : repo.list_index()) {
    if (entry.size == 0 || entry.size >= core::kMaxPointerSize) continue;
    auto pointer = core::parse_pointer(repo.read_blob_id(entry.blob_id));
    if (!pointer) continue;
    WorktreeStatus status{entry.path, *pointer, WorktreeChange::unchanged, store.contains(pointer->oid)};
    std::filesystem::path file = root / entry.path;
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0) {
      auto it = index.entries.find(entry.path);
      bool unwritten = it == index.entries.end() || git::stat_empty(it->second);
      status.change = unwritten ? WorktreeChange::missing : WorktreeChange::deleted;
    } else if (auto it = index.entries.find(entry.path); it != index.entries.end() &&
               static_cast<std::uint64_t>(st.st_size) == pointer->size &&
               git::stat_unchanged(index, it->second, file)) {
      status.change = WorktreeChange::unchanged;  // as git last saw it
    } else if (static_cast<std::uint64_t>(st.st_size) < core::kMaxPointerSize &&
               core::parse_pointer(util::read_file(file)) == pointer) {
      status.change = WorktreeChange::pointer_only;
    } else if (static_cast<std::uint64_t>(st.st_size) != pointer->size ||
               util::sha256_file(file).hex != pointer->oid) {
      status.change = WorktreeChange::modified;
    }
    out.push_back(std::move(status));
  }
  return out;
}

}  // namespace dvx::filter
