#include "dvx/transfer/pointer_scan.hpp"

#include <fmt/core.h>
#include <fnmatch.h>
#include <git2.h>

#include <algorithm>
#include <unordered_set>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/subprocess.hpp"

namespace dvx::transfer {

namespace fs = std::filesystem;

namespace {

bool is_regular_blob(std::uint32_t mode) {
  return (mode & 0170000) == 0100000;
}

fs::path git_cwd(const git::Repo& repo) {
  return repo.is_bare() ? repo.git_dir() : repo.workdir();
}

}  // namespace

bool glob_matches(const std::string& pattern, const std::string& path) {
  std::string p = pattern;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p.rfind("./", 0) == 0) p = p.substr(2);
  if (p.empty() || p == ".") return true;
  if (fnmatch(p.c_str(), path.c_str(), 0) == 0) return true;
  // A folder (or a glob naming folders) selects everything under it.
  for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
    if (fnmatch(p.c_str(), path.substr(0, slash).c_str(), 0) == 0) return true;
  return false;
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
  for (const auto& rev : revs) {
    for (const auto& entry : repo.list_tree(rev)) {
      if (!is_regular_blob(entry.mode) || entry.size >= core::kMaxPointerSize) continue;
      if (!path_selected(entry.path, include, exclude)) continue;
      if (!seen_blobs.insert(entry.blob_id).second) continue;
      auto pointer = core::parse_pointer(repo.read_blob_id(entry.blob_id));
      if (!pointer) continue;
      std::string label = revs.size() == 1 ? entry.path : fmt::format("{} at {}", entry.path, rev);
      out.push_back({*pointer, label});
    }
  }
  return distinct(out);
}

std::vector<Item> pointers_in_rev_list(const git::Repo& repo, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "rev-list", "--objects", "--filter=blob:limit=1024"};
  argv.insert(argv.end(), args.begin(), args.end());
  util::ProcessOptions opts;
  opts.cwd = git_cwd(repo);
  auto result = util::run_process(argv, opts);
  if (result.exit_code != 0)
    fail(ErrorKind::permanent, "git rev-list --objects failed: {}",
         result.err.empty() ? result.out : result.err);

  git_odb* odb = nullptr;
  git::check(git_repository_odb(&odb, repo.raw()), "cannot open the object database");
  std::unique_ptr<git_odb, void (*)(git_odb*)> odb_guard(odb, git_odb_free);

  std::vector<Item> out;
  std::size_t pos = 0;
  const std::string& text = result.out;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    std::size_t space = line.find(' ');
    if (space == std::string::npos || space + 1 >= line.size()) continue;  // commits and root trees
    std::string id = line.substr(0, space);
    std::string path = line.substr(space + 1);
    git_oid oid;
    if (git_oid_fromstr(&oid, id.c_str()) != 0) continue;
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb, &oid) != 0) continue;
    if (type != GIT_OBJECT_BLOB || size >= core::kMaxPointerSize) continue;
    auto pointer = core::parse_pointer(repo.read_blob_id(id));
    if (pointer) out.push_back({*pointer, path});
  }
  return distinct(out);
}

std::vector<PointerFile> pointer_files_in_worktree(const git::Repo& repo,
                                                   const std::vector<std::string>& paths) {
  std::vector<PointerFile> out;
  if (repo.is_bare()) return out;
  fs::path root = repo.workdir();
  for (const auto& entry : repo.list_index()) {
    if (!is_regular_blob(entry.mode)) continue;
    if (!paths.empty() && !path_selected(entry.path, paths, {})) continue;
    fs::path file = root / entry.path;
    std::error_code ec;
    auto status = fs::symlink_status(file, ec);
    if (ec || !fs::is_regular_file(status)) continue;
    auto size = fs::file_size(file, ec);
    if (ec || size == 0 || size >= core::kMaxPointerSize) continue;
    std::optional<std::string> text;
    try {
      text = util::read_file(file);
    } catch (const Error&) {
      continue;
    }
    auto pointer = core::parse_pointer(*text);
    if (!pointer || pointer->size == 0) continue;
    if (repo.attribute(entry.path, "filter") != std::optional<std::string>("dvx")) continue;
    unsigned mode = (entry.mode & 0111) ? 0755 : 0644;
    bool matches = false;
    if (entry.size < core::kMaxPointerSize) {
      try {
        matches = core::parse_pointer(repo.read_blob_id(entry.blob_id)) == pointer;
      } catch (const Error&) {
      }
    }
    out.push_back({entry.path, *pointer, mode, entry.blob_id, matches});
  }
  return out;
}

}  // namespace dvx::transfer
