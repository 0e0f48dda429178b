#include "dvx/lineage/data_diff.hpp"

#include <algorithm>
#include <map>

#include "dvx/core/pointer.hpp"
#include "dvx/git/index_stat.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::lineage {

namespace {

using Entries = std::map<std::string, git::TreeEntry>;

Entries by_path(std::vector<git::TreeEntry> list) {
  Entries out;
  for (auto& e : list) out.emplace(e.path, std::move(e));
  return out;
}

// Whether a blob may be a pointer, reading it only when small enough.
bool is_pointer_blob(ContentReader& reader, const git::TreeEntry& e) {
  if (e.size >= core::kMaxPointerSize || e.size == 0) return false;
  return reader.of_blob(e.blob_id).pointer;
}

void classify(DataDiff& diff, std::string path, std::optional<Content> before, std::optional<Content> after) {
  if (before && after) {
    if (before->oid == after->oid) return;
    diff.modified.push_back({std::move(path), std::move(before), std::move(after)});
  } else if (after) {
    diff.added.push_back({std::move(path), std::nullopt, std::move(after)});
  } else if (before) {
    diff.removed.push_back({std::move(path), std::move(before), std::nullopt});
  }
}

void sort_diff(DataDiff& diff) {
  auto by = [](const DataChange& a, const DataChange& b) { return a.path < b.path; };
  std::sort(diff.added.begin(), diff.added.end(), by);
  std::sort(diff.removed.begin(), diff.removed.end(), by);
  std::sort(diff.modified.begin(), diff.modified.end(), by);
}

// Content of a worktree file: a pointer text left unsmudged stands for its
// content; anything else is hashed.
Content worktree_content(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (!ec && size > 0 && size < core::kMaxPointerSize) {
    std::string text = util::read_file(file);
    if (auto p = core::parse_pointer(text)) return {p->oid, p->size, true};
    return {util::sha256_hex(text), text.size(), false};
  }
  auto digest = util::sha256_file(file);
  return {digest.hex, digest.size, false};
}

}  // namespace

DataDiff diff_revisions(const git::Repo& repo, const std::string& rev1, const std::string& rev2) {
  DataDiff diff;
  diff.from = repo.resolve_commit(rev1);
  diff.to = repo.resolve_commit(rev2);
  Entries a = by_path(repo.list_tree(diff.from));
  Entries b = by_path(repo.list_tree(diff.to));
  ContentReader reader(repo);
  auto visit = [&](const std::string& path, const git::TreeEntry* x, const git::TreeEntry* y) {
    if (x && y && x->blob_id == y->blob_id) return;
    bool px = x && is_pointer_blob(reader, *x);
    bool py = y && is_pointer_blob(reader, *y);
    if (!px && !py) return;  // plain git content on both sides: not data
    std::optional<Content> before, after;
    if (x) before = reader.of_blob(x->blob_id);
    if (y) after = reader.of_blob(y->blob_id);
    classify(diff, path, std::move(before), std::move(after));
  };
  for (const auto& [path, e] : a) {
    auto it = b.find(path);
    visit(path, &e, it == b.end() ? nullptr : &it->second);
  }
  for (const auto& [path, e] : b)
    if (!a.count(path)) visit(path, nullptr, &e);
  sort_diff(diff);
  return diff;
}

DataDiff diff_worktree(const git::Repo& repo, const std::string& rev1) {
  DataDiff diff;
  diff.from = repo.resolve_commit(rev1);
  fs::path root = repo.workdir();
  Entries a = by_path(repo.list_tree(diff.from));
  Entries index = by_path(repo.list_index());
  git::IndexSnapshot stats = git::read_index_stats(repo);
  ContentReader reader(repo);

  std::map<std::string, bool> paths;  // tracked data paths on either side
  for (const auto& [path, e] : a)
    if (is_pointer_blob(reader, e)) paths[path] = true;
  for (const auto& [path, e] : index)
    if (is_pointer_blob(reader, e)) paths[path] = true;

  for (const auto& [path, unused] : paths) {
    std::optional<Content> before;
    if (auto it = a.find(path); it != a.end()) before = reader.of_blob(it->second.blob_id);
    fs::path file = root / path;
    std::optional<Content> after;
    std::error_code ec;
    if (fs::is_regular_file(fs::symlink_status(file, ec))) {
      auto st = stats.entries.find(path);
      auto ie = index.find(path);
      if (st != stats.entries.end() && ie != index.end() && git::stat_unchanged(stats, st->second, file)) {
        after = reader.of_blob(ie->second.blob_id);  // clean since the index was written
      } else {
        after = worktree_content(file);
      }
    }
    classify(diff, path, std::move(before), std::move(after));
  }
  sort_diff(diff);
  return diff;
}

std::vector<std::string> range_ends(const std::string& spec) {
  auto dots = spec.find("..");
  if (dots == std::string::npos) return {spec};
  if (spec.compare(dots, 3, "...") == 0)
    fail(ErrorKind::usage, "'{}' is a symmetric range: give A..B or two revisions", spec);
  std::string a = spec.substr(0, dots), b = spec.substr(dots + 2);
  return {a.empty() ? "HEAD" : a, b.empty() ? "HEAD" : b};
}

void keep_paths(DataDiff& diff, const std::vector<std::string>& paths) {
  if (paths.empty()) return;
  auto outside = [&](const DataChange& c) {
    return std::none_of(paths.begin(), paths.end(),
                        [&](const std::string& p) { return path_under(c.path, p); });
  };
  for (auto* list : {&diff.added, &diff.removed, &diff.modified}) std::erase_if(*list, outside);
}

}  // namespace dvx::lineage
