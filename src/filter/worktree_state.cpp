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

namespace {

// Text that begins like a pointer record (its version line), whatever follows.
bool looks_like_pointer_text(const std::string& text) {
  std::string version_line = "version " + std::string(core::kPointerVersion);
  return text.rfind(version_line.substr(0, version_line.size() - 2), 0) == 0;  // any spec version
}

std::optional<core::Pointer> pointer_of(const git::Repo& repo, const std::optional<git::TreeEntry>& entry) {
  if (!entry || entry->size == 0 || entry->size >= core::kMaxPointerSize) return std::nullopt;
  return core::parse_pointer(repo.read_blob_id(entry->blob_id));
}

}  // namespace

std::vector<WorktreeStatus> worktree_status(const git::Repo& repo, const cache::ObjectStore& store) {
  std::vector<WorktreeStatus> out;
  auto root = repo.workdir();
  auto index = git::read_index_stats(repo);
  for (const auto& entry : repo.list_index()) {
    if (entry.size == 0 || entry.size >= core::kMaxPointerSize) continue;
    auto pointer = core::parse_pointer(repo.read_blob_id(entry.blob_id));
    if (!pointer) continue;
    WorktreeStatus status;
    status.path = entry.path;
    status.pointer = *pointer;
    status.in_cache = store.contains(pointer->oid);
    std::filesystem::path file = root / entry.path;
    struct stat st {};
    bool exists = ::lstat(file.c_str(), &st) == 0;
    // A file small enough to be pointer text is always read: git may see
    // conflict markers staged by mistake as clean.
    std::optional<std::string> small;
    if (exists && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) < core::kMaxPointerSize)
      small = util::read_file(file);
    if (!exists) {
      auto it = index.entries.find(entry.path);
      bool unwritten = it == index.entries.end() || git::stat_empty(it->second);
      status.change = unwritten ? WorktreeChange::missing : WorktreeChange::deleted;
    } else if (small && core::parse_pointer(*small) == pointer) {
      status.change = WorktreeChange::pointer_only;
    } else if (small && looks_like_pointer_text(*small)) {
      status.change = WorktreeChange::pointer_text;
    } else if (auto it = index.entries.find(entry.path);
               it != index.entries.end() && static_cast<std::uint64_t>(st.st_size) == pointer->size &&
               git::stat_unchanged(index, it->second, file)) {
      status.change = WorktreeChange::unchanged;  // as git last saw it
    } else if (static_cast<std::uint64_t>(st.st_size) != pointer->size ||
               util::sha256_file(file).hex != pointer->oid) {
      status.change = WorktreeChange::modified;
    }
    out.push_back(std::move(status));
  }
  for (const auto& c : repo.list_conflicts()) {
    auto ours = pointer_of(repo, c.ours), theirs = pointer_of(repo, c.theirs);
    if (!ours && !theirs && !pointer_of(repo, c.ancestor)) continue;  // not a git-dvx file
    WorktreeStatus status{
        c.path, ours ? *ours : theirs ? *theirs : core::Pointer{}, WorktreeChange::conflict, true, ours,
        theirs};
    status.in_cache = (!ours || store.contains(ours->oid)) && (!theirs || store.contains(theirs->oid));
    out.push_back(std::move(status));
  }
  return out;
}

}  // namespace dvx::filter
