#include "dvx/lineage/versions.hpp"

#include "dvx/core/pointer.hpp"
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

std::vector<Version> file_log(const git::Repo& repo, const std::string& path, const std::string& spec,
                              git::MergeMode mode) {
  auto changes = git::path_changes(repo, spec, {path}, mode)[path];
  if (changes.empty()) fail(ErrorKind::not_found, "'{}' is not in the history of {}", path, spec);
  auto tags = tags_by_commit(repo);
  ContentReader reader(repo);
  std::vector<Version> out;
  for (const auto& change : changes) {
    Version v;
    if (change.blob_id) v.content = reader.of_blob(*change.blob_id);
    if (change.parent_blob) v.previous = reader.of_blob(*change.parent_blob);
    // Same content in another encoding (e.g. a plain blob became a pointer).
    if (v.content && v.previous && v.content->oid == v.previous->oid) continue;
    v.commit = git::commit_info(repo, change.commit);
    if (auto it = tags.find(change.commit); it != tags.end()) v.tags = it->second;
    out.push_back(std::move(v));
  }
  return out;
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
