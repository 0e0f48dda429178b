#include "dvx/git/history.hpp"

#include <git2.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "dvx/util/error.hpp"

namespace dvx::git {

namespace {

template <typename T, void (*Free)(T*)>
struct Handle {
  T* ptr = nullptr;
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (ptr) Free(ptr);
  }
};

using CommitHandle = Handle<git_commit, git_commit_free>;
using TreeHandle = Handle<git_tree, git_tree_free>;
using ObjectHandle = Handle<git_object, git_object_free>;

std::string hex(const git_oid& id) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &id);
  return buf;
}

struct OidHash {
  std::size_t operator()(const git_oid& id) const {
    std::size_t h;
    std::memcpy(&h, id.id, sizeof h);
    return h;
  }
};
struct OidEq {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};
template <typename V>
using OidMap = std::unordered_map<git_oid, V, OidHash, OidEq>;

git_oid peel_to_commit(const git_object* obj, const std::string& rev) {
  ObjectHandle commit;
  if (git_object_peel(&commit.ptr, obj, GIT_OBJECT_COMMIT) < 0)
    fail(ErrorKind::not_found, "revision '{}' does not name a commit", rev);
  return *git_object_id(commit.ptr);
}

// Sets up a revision walk for `spec` (a revision or an A..B / A...B range).
void push_spec(git_repository* repo, git_revwalk* walk, const std::string& spec) {
  git_revspec revspec{};
  if (spec.empty() || git_revparse(&revspec, repo, spec.c_str()) < 0)
    fail(ErrorKind::not_found, "unknown revision or range '{}'", spec);
  ObjectHandle from, to;
  from.ptr = revspec.from;
  to.ptr = revspec.to;
  if (revspec.flags & GIT_REVSPEC_SINGLE) {
    git_oid id = peel_to_commit(from.ptr, spec);
    check(git_revwalk_push(walk, &id), fmt::format("cannot walk {}", spec));
    return;
  }
  if (!from.ptr || !to.ptr) fail(ErrorKind::not_found, "unknown revision or range '{}'", spec);
  git_oid a = peel_to_commit(from.ptr, spec);
  git_oid b = peel_to_commit(to.ptr, spec);
  check(git_revwalk_push(walk, &b), fmt::format("cannot walk {}", spec));
  if (revspec.flags & GIT_REVSPEC_MERGE_BASE) {
    check(git_revwalk_push(walk, &a), fmt::format("cannot walk {}", spec));
    git_oid base;
    int rc = git_merge_base(&base, repo, &a, &b);
    if (rc == 0) check(git_revwalk_hide(walk, &base), fmt::format("cannot walk {}", spec));
    else if (rc != GIT_ENOTFOUND) check(rc, fmt::format("cannot find the merge base of {}", spec));
  } else {
    check(git_revwalk_hide(walk, &a), fmt::format("cannot walk {}", spec));
  }
}

struct Walk {
  Handle<git_revwalk, git_revwalk_free> walk;
  Walk(git_repository* repo, const std::string& spec, MergeMode mode) {
    check(git_revwalk_new(&walk.ptr, repo), "cannot start a revision walk");
    check(git_revwalk_sorting(walk.ptr, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME), "cannot sort a revision walk");
    push_spec(repo, walk.ptr, spec);
    if (mode == MergeMode::first_parent) git_revwalk_simplify_first_parent(walk.ptr);
  }
  bool next(git_oid* id) {
    int rc = git_revwalk_next(id, walk.ptr);
    if (rc == GIT_ITEROVER) return false;
    check(rc, "revision walk failed");
    return true;
  }
};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// Resolves one path in trees, remembering every (depth, tree id) answer.
class PathResolver {
 public:
  PathResolver(git_repository* repo, const std::string& path)
      : repo_(repo), parts_(split_path(path)), memo_(parts_.size()) {}

  std::optional<git_oid> in_tree(const git_oid& root) { return resolve(root, 0); }

 private:
  std::optional<git_oid> resolve(const git_oid& tree_id, std::size_t depth) {
    if (parts_.empty()) return std::nullopt;
    auto& memo = memo_[depth];
    if (auto it = memo.find(tree_id); it != memo.end()) return it->second;
    TreeHandle tree;
    check(git_tree_lookup(&tree.ptr, repo_, &tree_id), fmt::format("cannot read tree {}", hex(tree_id)));
    std::optional<git_oid> result;
    if (const git_tree_entry* entry = git_tree_entry_byname(tree.ptr, parts_[depth].c_str())) {
      git_object_t type = git_tree_entry_type(entry);
      git_oid id = *git_tree_entry_id(entry);
      if (depth + 1 == parts_.size()) {
        if (type == GIT_OBJECT_BLOB) result = id;
      } else if (type == GIT_OBJECT_TREE) {
        git_tree_free(tree.ptr);  // release before descending
        tree.ptr = nullptr;
        result = resolve(id, depth + 1);
      }
    }
    memo.emplace(tree_id, result);
    return result;
  }

  git_repository* repo_;
  std::vector<std::string> parts_;
  std::vector<OidMap<std::optional<git_oid>>> memo_;
};

struct CommitShape {
  git_oid tree;
  std::vector<git_oid> parents;
};

CommitShape commit_shape(git_repository* repo, const git_oid& id) {
  CommitHandle commit;
  check(git_commit_lookup(&commit.ptr, repo, &id), fmt::format("cannot read commit {}", hex(id)));
  CommitShape shape{*git_commit_tree_id(commit.ptr), {}};
  unsigned n = git_commit_parentcount(commit.ptr);
  shape.parents.reserve(n);
  for (unsigned i = 0; i < n; ++i) shape.parents.push_back(*git_commit_parent_id(commit.ptr, i));
  return shape;
}

}  // namespace

CommitInfo commit_info(const Repo& repo, const std::string& commit_id) {
  git_oid id;
  CommitHandle commit;
  if (git_oid_fromstr(&id, commit_id.c_str()) < 0 || git_commit_lookup(&commit.ptr, repo.raw(), &id) < 0)
    fail(ErrorKind::not_found, "no commit {}", commit_id);
  CommitInfo info;
  info.id = hex(id);
  for (unsigned i = 0; i < git_commit_parentcount(commit.ptr); ++i)
    info.parents.push_back(hex(*git_commit_parent_id(commit.ptr, i)));
  if (const git_signature* author = git_commit_author(commit.ptr)) {
    info.author_name = author->name ? author->name : "";
    info.author_email = author->email ? author->email : "";
    info.author_time = author->when.time;
    info.author_offset = author->when.offset;
  }
  if (const char* summary = git_commit_summary(commit.ptr)) info.subject = summary;
  return info;
}

std::unordered_map<std::string, std::vector<std::string>> tags_by_commit(const Repo& repo) {
  struct Ctx {
    git_repository* repo;
    std::unordered_map<std::string, std::vector<std::string>> out;
  } ctx{repo.raw(), {}};
  auto cb = [](const char* name, git_oid* oid, void* payload) -> int {
    auto* c = static_cast<Ctx*>(payload);
    ObjectHandle obj, commit;
    if (git_object_lookup(&obj.ptr, c->repo, oid, GIT_OBJECT_ANY) < 0) return 0;
    if (git_object_peel(&commit.ptr, obj.ptr, GIT_OBJECT_COMMIT) < 0) return 0;
    std::string short_name = name;
    if (short_name.starts_with("refs/tags/")) short_name.erase(0, 10);
    c->out[hex(*git_object_id(commit.ptr))].push_back(short_name);
    return 0;
  };
  int rc = git_tag_foreach(repo.raw(), cb, &ctx);
  if (rc < 0 && rc != GIT_ENOTFOUND) check(rc, "cannot list tags");
  for (auto& [id, names] : ctx.out) std::sort(names.begin(), names.end());
  return std::move(ctx.out);
}

std::vector<std::string> walk_commits(const Repo& repo, const std::string& spec, MergeMode mode) {
  Walk walk(repo.raw(), spec, mode);
  std::vector<std::string> out;
  git_oid id;
  while (walk.next(&id)) out.push_back(hex(id));
  return out;
}

std::map<std::string, std::vector<PathChange>> path_changes(const Repo& repo, const std::string& spec,
                                                           const std::vector<std::string>& paths, MergeMode mode) {
  git_repository* raw = repo.raw();
  std::vector<std::unique_ptr<PathResolver>> resolvers;
  for (const auto& p : paths) resolvers.push_back(std::make_unique<PathResolver>(raw, p));
  std::map<std::string, std::vector<PathChange>> out;
  for (const auto& p : paths) out[p];

  // Blob ids per path at each commit met so far (as itself or as a parent).
  using Blobs = std::vector<std::optional<git_oid>>;
  OidMap<Blobs> at_commit;
  auto blobs_of_tree = [&](const git_oid& tree) {
    Blobs blobs(resolvers.size());
    for (std::size_t i = 0; i < resolvers.size(); ++i) blobs[i] = resolvers[i]->in_tree(tree);
    return blobs;
  };
  auto blobs_of_commit = [&](const git_oid& id) -> const Blobs& {
    if (auto it = at_commit.find(id); it != at_commit.end()) return it->second;
    return at_commit.emplace(id, blobs_of_tree(commit_shape(raw, id).tree)).first->second;
  };
  auto same = [](const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || git_oid_equal(&*a, &*b);
  };

  Walk walk(raw, spec, mode);
  git_oid id;
  while (walk.next(&id)) {
    CommitShape shape = commit_shape(raw, id);
    Blobs here;
    if (auto it = at_commit.find(id); it != at_commit.end()) {
      here = it->second;
    } else {
      here = blobs_of_tree(shape.tree);
      at_commit.emplace(id, here);
    }
    std::size_t nparents = mode == MergeMode::first_parent ? std::min<std::size_t>(1, shape.parents.size())
                                                           : shape.parents.size();
    std::vector<const Blobs*> parents;
    for (std::size_t p = 0; p < nparents; ++p) parents.push_back(&blobs_of_commit(shape.parents[p]));
    for (std::size_t i = 0; i < resolvers.size(); ++i) {
      bool changed;
      if (parents.empty()) {
        changed = here[i].has_value();
      } else {
        changed = std::none_of(parents.begin(), parents.end(), [&](const Blobs* b) { return same((*b)[i], here[i]); });
      }
      if (!changed) continue;
      PathChange change;
      change.commit = hex(id);
      if (here[i]) change.blob_id = hex(*here[i]);
      if (!parents.empty() && (*parents[0])[i]) change.parent_blob = hex(*(*parents[0])[i]);
      out[paths[i]].push_back(std::move(change));
    }
  }
  return out;
}

std::optional<std::string> blob_id_at(const Repo& repo, const std::string& commit_id, const std::string& path) {
  git_oid id;
  if (git_oid_fromstr(&id, commit_id.c_str()) < 0) fail(ErrorKind::not_found, "no commit {}", commit_id);
  PathResolver resolver(repo.raw(), path);
  auto blob = resolver.in_tree(commit_shape(repo.raw(), id).tree);
  if (!blob) return std::nullopt;
  return hex(*blob);
}

}  // namespace dvx::git
