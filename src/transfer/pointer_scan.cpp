#include "dvx/transfer/pointer_scan.hpp"

#include <fmt/core.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <unordered_set>

#include "dvx/core/control_files.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/index_stat.hpp"
#include "dvx/transfer/blob_pointers.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::transfer {

namespace fs = std::filesystem;

namespace {

bool is_regular_blob(std::uint32_t mode) {
  return (mode & 0170000) == 0100000;
}

fs::path git_cwd(const git::Repo& repo) {
  return repo.is_bare() ? repo.git_dir() : repo.workdir();
}

// A pattern as a path: trailing slashes and a leading "./" dropped; "" for
// the whole tree ("", ".", "./").
std::string normalized_pattern(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p.rfind("./", 0) == 0) p = p.substr(2);
  return p == "." ? std::string() : p;
}

// Whether `match` holds for `path` or for a folder it is in: a folder
// selects everything under it.
template <typename Match>
bool path_or_folder(const std::string& path, Match match) {
  if (match(path)) return true;
  for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
    if (match(path.substr(0, slash))) return true;
  return false;
}

}  // namespace

bool glob_matches(const std::string& pattern, const std::string& path) {
  const std::string p = normalized_pattern(pattern);
  if (p.empty()) return true;
  // A glob naming folders selects everything under them too.
  return path_or_folder(path, [&](const std::string& s) { return fnmatch(p.c_str(), s.c_str(), 0) == 0; });
}

std::vector<std::string> unmatched_patterns(const std::vector<std::string>& patterns,
                                            const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : patterns)
    if (std::none_of(paths.begin(), paths.end(),
                     [&](const std::string& path) { return glob_matches(p, path); }))
      out.push_back(p);
  return out;
}

bool path_selected(const std::string& path, const std::vector<std::string>& include,
                   const std::vector<std::string>& exclude) {
  bool in = include.empty();
  for (const auto& g : include)
    if (glob_matches(g, path)) {
      in = true;
      break;
    }
  if (!in) return false;
  for (const auto& g : exclude)
    if (glob_matches(g, path)) return false;
  return true;
}

std::vector<Item> pointers_in_revs(const git::Repo& repo, const std::vector<std::string>& revs,
                                   const std::vector<std::string>& include,
                                   const std::vector<std::string>& exclude) {
  std::vector<Item> out;
  std::unordered_set<std::string> seen_blobs;
  BlobPointers memo(repo);
  for (const auto& rev : revs) {
    for (const auto& entry : repo.list_tree(rev, git::BlobSizes::skip)) {
      if (!is_regular_blob(entry.mode)) continue;
      if (core::is_control_file(entry.path)) continue;  // never a pointer, whatever it looks like
      if (!path_selected(entry.path, include, exclude)) continue;
      if (!seen_blobs.insert(entry.blob_id).second) continue;
      auto pointer = memo.pointer(entry.blob_id);
      if (!pointer) continue;
      std::string label = revs.size() == 1 ? entry.path : fmt::format("{} at {}", entry.path, rev);
      out.push_back({*pointer, label});
    }
  }
  memo.save();
  return distinct(out);
}

std::vector<Item> pointers_in_rev_list(const git::Repo& repo, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"--filter=blob:limit=1024"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<Item> out;
  for (const auto& object : git::rev_list_objects(git_cwd(repo), argv)) {
    if (object.path.empty() || core::is_control_file(object.path)) continue;  // commits, root trees
    auto size = repo.blob_size(object.id);
    if (!size || *size >= core::kMaxPointerSize) continue;
    auto pointer = core::parse_pointer(repo.read_blob_id(object.id));
    if (pointer) out.push_back({*pointer, object.path});
  }
  return distinct(out);
}

namespace {

// One index entry's worktree file, looked at lazily and cheapest check first:
// most entries are large data files whose stat data git recorded.
class GapFinder {
 public:
  GapFinder(const git::Repo& repo, BlobPointers& memo, const git::IndexedFile& entry)
      : repo_(repo), memo_(memo), entry_(entry) {}

  std::optional<core::Pointer> staged() const {
    try {
      return memo_.pointer(entry_.stat.blob_id);
    } catch (const Error&) {
      return std::nullopt;
    }
  }
  bool filtered() const {
    return repo_.attribute(entry_.path, "filter") == std::optional<std::string>("dvx");
  }
  PointerFile file(const core::Pointer& pointer, bool index_matches, WorktreeGap gap) const {
    unsigned mode = (entry_.mode & 0111) ? 0755 : 0644;
    return {entry_.path, pointer, mode, entry_.stat.blob_id, index_matches, gap};
  }

 private:
  const git::Repo& repo_;
  BlobPointers& memo_;
  const git::IndexedFile& entry_;
};

// path_selected(path, patterns, {}) for every index entry: literal patterns
// (no glob characters: a pipeline's deps and outs) are looked up in a set,
// the path and each folder above it, instead of one fnmatch per pattern and
// folder (200 deps against 200 entries were 5 % of a no-op repro).
class Selection {
 public:
  explicit Selection(const std::vector<std::string>& patterns) : patterns_(patterns) {
    literal_ = std::none_of(patterns.begin(), patterns.end(), [](const std::string& p) {
      return p.find_first_of("*?[\\") != std::string::npos;
    });
    if (!literal_) return;
    for (const auto& pattern : patterns) {
      std::string p = normalized_pattern(pattern);
      if (p.empty()) everything_ = true;
      literals_.insert(std::move(p));
    }
  }
  bool operator()(const std::string& path) const {
    if (patterns_.empty() || everything_) return true;
    if (!literal_) return path_selected(path, patterns_, {});
    return path_or_folder(path, [&](const std::string& s) { return literals_.count(s) > 0; });
  }

 private:
  const std::vector<std::string>& patterns_;
  bool literal_ = false;
  bool everything_ = false;
  std::unordered_set<std::string> literals_;
};

std::optional<core::Pointer> pointer_text(const fs::path& file, const struct stat& st) {
  if (st.st_size == 0 || static_cast<std::uint64_t>(st.st_size) >= core::kMaxPointerSize) return std::nullopt;
  try {
    return core::parse_pointer(util::read_file(file));
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<PointerFile> pointer_files_in_worktree(const git::Repo& repo,
                                                   const std::vector<std::string>& paths,
                                                   MissingFiles missing) {
  std::vector<PointerFile> out;
  if (repo.is_bare()) return out;
  fs::path root = repo.workdir();
  BlobPointers memo(repo);
  auto index = git::read_index_files(repo);
  Selection selected(paths);
  for (const auto& entry : index.files) {
    if (!is_regular_blob(entry.mode) || core::is_control_file(entry.path)) continue;
    if (!selected(entry.path)) continue;
    fs::path file = root / entry.path;
    GapFinder gap(repo, memo, entry);
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0) {
      if (errno != ENOENT) continue;
      bool unwritten = git::stat_empty(entry.stat);
      if (missing == MissingFiles::unwritten && !unwritten) continue;  // deleted by the user
      auto pointer = gap.staged();
      if (pointer && pointer->size > 0 && gap.filtered())
        out.push_back(gap.file(*pointer, true, WorktreeGap::missing));
      continue;
    }
    if (!S_ISREG(st.st_mode)) continue;
    if (auto pointer = pointer_text(file, st)) {
      if (pointer->size == 0 || !gap.filtered()) continue;
      out.push_back(gap.file(*pointer, gap.staged() == pointer, WorktreeGap::pointer_text));
      continue;
    }
    // Already the data, but not recorded in the index: hashed to be sure,
    // only when the size is the object's.
    if (git::stat_recorded(entry.stat, st)) continue;
    auto pointer = gap.staged();
    if (!pointer || static_cast<std::uint64_t>(st.st_size) != pointer->size || !gap.filtered()) continue;
    try {
      if (util::sha256_file(file).hex != pointer->oid) continue;  // modified by the user
    } catch (const Error&) {
      continue;
    }
    out.push_back(gap.file(*pointer, true, WorktreeGap::unrecorded));
  }
  memo.save();
  return out;
}

}  // namespace dvx::transfer
