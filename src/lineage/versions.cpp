#include "dvx/lineage/versions.hpp"

#include <algorithm>

#include "dvx/core/pointer.hpp"
#include "dvx/dvc/dvc_files.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::lineage {

const Content& ContentReader::of_blob(const std::string& blob_id) {
  if (auto it = cache_.find(blob_id); it != cache_.end()) return it->second;
  std::string data = repo_.read_blob_id(blob_id);
  Content content;
  if (auto pointer = core::parse_pointer(data)) {
    content = {pointer->oid, pointer->size, true};
  } else {
    content = {util::sha256_hex(data), data.size(), false};
  }
  return cache_.emplace(blob_id, std::move(content)).first->second;
}

std::optional<Content> ContentReader::at(const std::string& commit_id, const std::string& path) {
  auto blob = git::blob_id_at(repo_, commit_id, path);
  if (!blob) return std::nullopt;
  return of_blob(*blob);
}

namespace {

// The versions of one file from its changes (see file_log).
void add_versions(const git::Repo& repo, const std::string& path, const std::vector<git::PathChange>& changes,
                  const std::unordered_map<std::string, std::vector<std::string>>& tags,
                  ContentReader& reader, std::vector<Version>& out) {
  for (const auto& change : changes) {
    Version v;
    v.path = path;
    if (change.blob_id) v.content = reader.of_blob(*change.blob_id);
    if (change.parent_blob) v.previous = reader.of_blob(*change.parent_blob);
    // Same content in another encoding (e.g. a plain blob became a pointer).
    if (v.content && v.previous && v.content->oid == v.previous->oid) continue;
    v.commit = git::commit_info(repo, change.commit);
    if (auto it = tags.find(change.commit); it != tags.end()) v.tags = it->second;
    out.push_back(std::move(v));
  }
}

bool ever_a_pointer(const std::vector<git::PathChange>& changes, ContentReader& reader) {
  return std::any_of(changes.begin(), changes.end(), [&](const git::PathChange& c) {
    return c.blob_id && reader.of_blob(*c.blob_id).pointer;
  });
}

// The content a `path.dvc` blob names for `path`: DVC's md5 as the oid
// ("md5:<hex>"); nullopt when it names no committed md5 for that file.
std::optional<Content> dvc_content(const git::Repo& repo, const std::string& blob_id,
                                   const std::string& path) {
  const std::string dvc_file = path + ".dvc";
  dvc::DvcFile dvc = dvc::parse_dvc_file(repo.read_blob_id(blob_id), dvc_file);
  const fs::path folder = fs::path(dvc_file).parent_path();
  for (const auto& out : dvc.outs)
    if ((folder / out.path).lexically_normal().generic_string() == path && !out.md5.empty() && !out.is_dir())
      return Content{"md5:" + out.md5, out.size.value_or(0), false};
  return std::nullopt;
}

// The versions of `path` from before `git dvx migrate dvc`, when `path.dvc`
// tracked it: one per change of `path.dvc`. At the migration commit (the
// .dvc file removed, `path` added) the two make one version, from the md5 to
// the git-dvx oid.
void add_dvc_versions(const git::Repo& repo, const std::string& path,
                      const std::vector<git::PathChange>& changes,
                      const std::unordered_map<std::string, std::vector<std::string>>& tags,
                      std::vector<Version>& out) {
  for (const auto& change : changes) {
    std::optional<Content> now, before;
    if (change.blob_id) now = dvc_content(repo, *change.blob_id, path);
    if (change.parent_blob) before = dvc_content(repo, *change.parent_blob, path);
    if (now == before) continue;
    if (!now) {  // the .dvc file went: did `path` arrive in the same commit?
      auto migrated = std::find_if(out.begin(), out.end(), [&](const Version& v) {
        return v.commit.id == change.commit && v.path == path && v.content && !v.previous;
      });
      if (migrated != out.end()) {
        migrated->previous = before;
        continue;
      }
    }
    Version v;
    v.path = path;
    v.content = now;
    v.previous = before;
    v.commit = git::commit_info(repo, change.commit);
    if (auto it = tags.find(change.commit); it != tags.end()) v.tags = it->second;
    out.push_back(std::move(v));
  }
}

void sort_by_walk(const git::Repo& repo, const std::string& spec, git::MergeMode mode,
                  std::vector<Version>& out) {
  // Newest first, as the walk; by path within a commit.
  std::unordered_map<std::string, std::size_t> position;
  for (const auto& id : git::walk_commits(repo, spec, mode)) position.emplace(id, position.size());
  std::stable_sort(out.begin(), out.end(), [&](const Version& a, const Version& b) {
    std::size_t pa = position[a.commit.id], pb = position[b.commit.id];
    return pa != pb ? pa < pb : a.path < b.path;
  });
}

}  // namespace

std::vector<Version> file_log(const git::Repo& repo, const std::string& path, const std::string& spec,
                              git::MergeMode mode) {
  auto tags = tags_by_commit(repo);
  ContentReader reader(repo);
  std::vector<Version> out;
  // One walk for the file and the .dvc file that tracked it before `git dvx migrate dvc`.
  auto both = git::path_changes(repo, spec, {path, path + ".dvc"}, mode);
  const auto& changes = both[path];
  add_versions(repo, path, changes, tags, reader, out);
  std::size_t from_git = out.size();
  add_dvc_versions(repo, path, both[path + ".dvc"], tags, out);
  if (out.size() != from_git) sort_by_walk(repo, spec, mode, out);
  if (!out.empty() || !changes.empty()) return out;
  auto files = git::files_under(repo, spec, path, mode);
  if (files.empty()) fail(ErrorKind::not_found, "'{}' is not in the history of {}", path, spec);
  for (const auto& [file, file_changes] : git::path_changes(repo, spec, files, mode))
    if (ever_a_pointer(file_changes, reader)) add_versions(repo, file, file_changes, tags, reader, out);
  if (out.empty()) fail(ErrorKind::not_found, "no file under '{}' is tracked by git-dvx in {}", path, spec);
  sort_by_walk(repo, spec, mode, out);
  return out;
}

bool path_under(const std::string& path, const std::string& prefix) {
  if (prefix.empty() || path == prefix) return true;
  return path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/';
}

std::string repo_path(const git::Repo& repo, const std::string& user_path) {
  if (user_path.empty()) fail(ErrorKind::usage, "empty path");
  if (repo.is_bare()) return fs::path(user_path).lexically_normal().generic_string();
  fs::path root = fs::weakly_canonical(repo.workdir());
  fs::path full = fs::weakly_canonical(fs::absolute(user_path));
  fs::path rel = full.lexically_relative(root);
  std::string s = rel.generic_string();
  if (rel.empty() || s == "." || s.starts_with("../") || s == "..")
    fail(ErrorKind::usage, "'{}' is outside the working tree {}", user_path, root.string());
  while (s.ends_with('/')) s.pop_back();
  return s;
}

}  // namespace dvx::lineage
