#include "dvx/git/history.hpp"

#include <git2.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <set>

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

// The parsed parts of a commit a walk needs, read straight from the object
// database (one inflate per commit; no libgit2 commit object).
struct RawCommit {
  git_oid tree{};
  std::vector<git_oid> parents;
  std::int64_t time = 0;  // committer time, for ordering
};

class ObjectReader {
 public:
  // A walk reads each object once: like git itself it neither re-hashes
  // every object read (libgit2 does by default) nor keeps them in libgit2's
  // object cache (which only costs memory and page faults here; together
  // about a third of a walk). Both options are process-wide: they are
  // restored to libgit2's defaults when the reader goes away, and a walk
  // must not run beside other libgit2 work of the same process.
  explicit ObjectReader(git_repository* repo) {
    check(git_repository_odb(&odb_.ptr, repo), "cannot open the object database");
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  }
  ~ObjectReader() {
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1);
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
  }
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  RawCommit commit(const git_oid& id) {
    Handle<git_odb_object, git_odb_object_free> obj;
    if (git_odb_read(&obj.ptr, odb_.ptr, &id) < 0 || git_odb_object_type(obj.ptr) != GIT_OBJECT_COMMIT)
      fail(ErrorKind::not_found, "cannot read commit {}", hex(id));
    std::string_view text(static_cast<const char*>(git_odb_object_data(obj.ptr)),
                          git_odb_object_size(obj.ptr));
    RawCommit c;
    bool have_tree = false;
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      if (line.empty()) break;  // end of the header
      if (line.starts_with("tree ") && line.size() >= 45) {
        have_tree = git_oid_fromstrn(&c.tree, line.data() + 5, GIT_OID_HEXSZ) == 0;
      } else if (line.starts_with("parent ") && line.size() >= 47) {
        git_oid p;
        if (git_oid_fromstrn(&p, line.data() + 7, GIT_OID_HEXSZ) == 0) c.parents.push_back(p);
      } else if (line.starts_with("committer ")) {
        std::size_t gt = line.rfind('>');
        if (gt != std::string_view::npos) {
          std::int64_t t = 0;
          for (std::size_t i = gt + 1; i < line.size(); ++i) {
            if (line[i] == ' ' && t == 0) continue;
            if (line[i] < '0' || line[i] > '9') break;
            t = t * 10 + (line[i] - '0');
          }
          c.time = t;
        }
      }
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
    if (!have_tree) fail(ErrorKind::corrupt, "commit {} has no tree", hex(id));
    return c;
  }

  // An entry of a tree: its name, id and whether it is a tree or a blob.
  struct Entry {
    std::string_view name;
    git_oid id;
    bool is_tree = false;
    bool is_blob = false;
  };
  // Calls fn(entry) for each entry of tree `id` until fn returns false.
  template <typename Fn>
  void each_entry(const git_oid& id, Fn fn) {
    Handle<git_odb_object, git_odb_object_free> obj;
    if (git_odb_read(&obj.ptr, odb_.ptr, &id) < 0 || git_odb_object_type(obj.ptr) != GIT_OBJECT_TREE)
      fail(ErrorKind::not_found, "cannot read tree {}", hex(id));
    const char* p = static_cast<const char*>(git_odb_object_data(obj.ptr));
    const char* end = p + git_odb_object_size(obj.ptr);
    while (p < end) {  // entries: "<octal mode> <name>\0<20-byte id>"
      const char* sp = static_cast<const char*>(std::memchr(p, ' ', end - p));
      if (!sp) break;
      const char* nul = static_cast<const char*>(std::memchr(sp + 1, '\0', end - sp - 1));
      if (!nul || end - nul < 1 + GIT_OID_RAWSZ) break;
      std::string_view mode(p, sp - p);
      Entry e;
      e.name = std::string_view(sp + 1, nul - sp - 1);
      git_oid_fromraw(&e.id, reinterpret_cast<const unsigned char*>(nul + 1));
      e.is_tree = mode == "40000" || mode == "040000";
      e.is_blob = mode.starts_with("100") || mode == "120000";
      if (!fn(e)) return;
      p = nul + 1 + GIT_OID_RAWSZ;
    }
  }

  // The entry `name` of tree `id`.
  std::optional<Entry> tree_entry(const git_oid& id, std::string_view name) {
    std::optional<Entry> found;
    each_entry(id, [&](const Entry& e) {
      if (e.name != name) return true;
      found = e;
      found->name = {};  // points into the tree object, which goes away
      return false;
    });
    return found;
  }

 private:
  Handle<git_odb, git_odb_free> odb_;
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
  // want_tree: resolve the path to a folder (tree) instead of a file (blob).
  PathResolver(ObjectReader& reader, const std::string& path, bool want_tree = false)
      : reader_(reader), parts_(split_path(path)), memo_(parts_.size()), want_tree_(want_tree) {}

  std::optional<git_oid> in_tree(const git_oid& root) {
    if (parts_.empty()) return std::nullopt;
    return resolve(root, 0);
  }

 private:
  std::optional<git_oid> resolve(const git_oid& tree_id, std::size_t depth) {
    auto& memo = memo_[depth];
    if (auto it = memo.find(tree_id); it != memo.end()) return it->second;
    std::optional<git_oid> result;
    if (auto entry = reader_.tree_entry(tree_id, parts_[depth])) {
      if (depth + 1 == parts_.size()) {
        if (want_tree_ ? entry->is_tree : entry->is_blob) result = entry->id;
      } else if (entry->is_tree) {
        result = resolve(entry->id, depth + 1);
      }
    }
    memo_[depth].emplace(tree_id, result);
    return result;
  }

  ObjectReader& reader_;
  std::vector<std::string> parts_;
  std::vector<OidMap<std::optional<git_oid>>> memo_;
  bool want_tree_;
};

git_oid resolve_to_commit(git_repository* repo, const std::string& rev, const std::string& spec) {
  ObjectHandle obj;
  if (git_revparse_single(&obj.ptr, repo, rev.c_str()) < 0)
    fail(ErrorKind::not_found, "unknown revision '{}'", spec);
  return peel_to_commit(obj.ptr, spec);
}

// Tips to walk from and tips whose history is excluded, for a revision or
// an A..B / A...B range.
struct Spec {
  std::vector<git_oid> include;
  std::vector<git_oid> exclude;
};

Spec parse_spec(git_repository* repo, const std::string& spec) {
  if (spec.empty()) fail(ErrorKind::usage, "empty revision");
  Spec out;
  std::size_t dots = spec.find("..");
  if (dots == std::string::npos) {
    out.include.push_back(resolve_to_commit(repo, spec, spec));
    return out;
  }
  bool symmetric = spec.compare(dots, 3, "...") == 0;
  std::string left = spec.substr(0, dots);
  std::string right = spec.substr(dots + (symmetric ? 3 : 2));
  git_oid a = resolve_to_commit(repo, left.empty() ? "HEAD" : left, spec);
  git_oid b = resolve_to_commit(repo, right.empty() ? "HEAD" : right, spec);
  out.include.push_back(b);
  if (!symmetric) {
    out.exclude.push_back(a);
    return out;
  }
  out.include.push_back(a);
  git_oidarray bases{};
  int rc = git_merge_bases(&bases, repo, &a, &b);
  if (rc == GIT_ENOTFOUND) return out;
  check(rc, fmt::format("cannot find the merge base of {}", spec));
  for (std::size_t i = 0; i < bases.count; ++i) out.exclude.push_back(bases.ids[i]);
  git_oidarray_dispose(&bases);
  return out;
}

// The commits of a spec in topological order, newest first (Kahn's algorithm
// with the newest committer time first among the ready commits, which is
// git's --topo-order on a linear history and a stable order on merges).
class CommitWalk {
 public:
  CommitWalk(git_repository* repo, ObjectReader& reader, const std::string& spec, MergeMode mode)
      : reader_(reader), mode_(mode) {
    Spec s = parse_spec(repo, spec);
    // Everything reachable from an excluded tip is out (and stops the walk).
    std::vector<git_oid> stack = s.exclude;
    while (!stack.empty()) {
      git_oid id = stack.back();
      stack.pop_back();
      if (!excluded_.emplace(id, true).second) continue;
      RawCommit c = reader_.commit(id);
      for (const auto& p : c.parents) stack.push_back(p);
    }
    // Read every included commit once, counting each one's children.
    for (const auto& tip : s.include) {
      if (excluded_.count(tip) || commits_.count(tip)) continue;
      stack.push_back(tip);
      commits_.emplace(tip, Node{});
      while (!stack.empty()) {
        git_oid id = stack.back();
        stack.pop_back();
        Node& node = commits_[id];
        node.commit = reader_.commit(id);
        node.order = order_++;
        for (std::size_t i = 0; i < node.commit.parents.size(); ++i) {
          if (mode == MergeMode::first_parent && i > 0) break;
          const git_oid& p = node.commit.parents[i];
          if (excluded_.count(p)) continue;
          auto [it, fresh] = commits_.emplace(p, Node{});
          it->second.children++;
          if (fresh) stack.push_back(p);
        }
      }
    }
  }

  // Visits the commits newest first; fn(id, commit).
  template <typename Fn>
  void each(Fn fn) {
    auto later = [](const Node* x, const Node* y) {
      if (x->commit.time != y->commit.time) return x->commit.time < y->commit.time;
      return x->order > y->order;
    };
    std::vector<Node*> ready;
    for (auto& [id, node] : commits_) {
      node.id = &id;
      if (node.children == 0) ready.push_back(&node);
    }
    std::make_heap(ready.begin(), ready.end(), later);
    while (!ready.empty()) {
      std::pop_heap(ready.begin(), ready.end(), later);
      Node* node = ready.back();
      ready.pop_back();
      fn(*node->id, node->commit);
      std::size_t n = mode_ == MergeMode::first_parent ? std::min<std::size_t>(1, node->commit.parents.size())
                                                       : node->commit.parents.size();
      for (std::size_t i = 0; i < n; ++i) {
        auto it = commits_.find(node->commit.parents[i]);
        if (it == commits_.end()) continue;
        // Every parent edge was counted once, duplicates included.
        if (--it->second.children == 0) {
          ready.push_back(&it->second);
          std::push_heap(ready.begin(), ready.end(), later);
        }
      }
    }
  }

  // A commit's parsed header, read on demand for boundary commits.
  const RawCommit& commit(const git_oid& id) {
    if (auto it = commits_.find(id); it != commits_.end()) return it->second.commit;
    auto [it, fresh] = boundary_.emplace(id, RawCommit{});
    if (fresh) it->second = reader_.commit(id);
    return it->second;
  }

 private:
  struct Node {
    RawCommit commit;
    const git_oid* id = nullptr;
    std::size_t children = 0;
    std::size_t order = 0;
  };
  ObjectReader& reader_;
  MergeMode mode_;
  OidMap<Node> commits_;
  OidMap<RawCommit> boundary_;
  OidMap<bool> excluded_;
  std::size_t order_ = 0;
};

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
  ObjectReader reader(repo.raw());
  CommitWalk walk(repo.raw(), reader, spec, mode);
  std::vector<std::string> out;
  walk.each([&](const git_oid& id, const RawCommit&) { out.push_back(hex(id)); });
  return out;
}

std::map<std::string, std::vector<PathChange>> path_changes(const Repo& repo, const std::string& spec,
                                                            const std::vector<std::string>& paths,
                                                            MergeMode mode) {
  ObjectReader reader(repo.raw());
  std::vector<std::unique_ptr<PathResolver>> resolvers;
  for (const auto& p : paths) resolvers.push_back(std::make_unique<PathResolver>(reader, p));
  std::map<std::string, std::vector<PathChange>> out;
  for (const auto& p : paths) out[p];

  CommitWalk walk(repo.raw(), reader, spec, mode);
  // Blob ids per path at each commit met so far (as itself or as a parent).
  using Blobs = std::vector<std::optional<git_oid>>;
  OidMap<Blobs> at_commit;
  auto blobs_of = [&](const git_oid& id, const RawCommit& c) -> const Blobs& {
    if (auto it = at_commit.find(id); it != at_commit.end()) return it->second;
    Blobs blobs(resolvers.size());
    for (std::size_t i = 0; i < resolvers.size(); ++i) blobs[i] = resolvers[i]->in_tree(c.tree);
    return at_commit.emplace(id, std::move(blobs)).first->second;
  };
  auto same = [](const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || git_oid_equal(&*a, &*b);
  };

  walk.each([&](const git_oid& id, const RawCommit& c) {
    Blobs here = blobs_of(id, c);
    at_commit.erase(id);  // a commit is visited once: only its parents need it later
    std::size_t nparents =
        mode == MergeMode::first_parent ? std::min<std::size_t>(1, c.parents.size()) : c.parents.size();
    std::vector<const Blobs*> parents;
    for (std::size_t p = 0; p < nparents; ++p)
      parents.push_back(&blobs_of(c.parents[p], walk.commit(c.parents[p])));
    for (std::size_t i = 0; i < resolvers.size(); ++i) {
      bool changed;
      if (parents.empty()) {
        changed = here[i].has_value();
      } else {
        changed = std::none_of(parents.begin(), parents.end(),
                               [&](const Blobs* b) { return same((*b)[i], here[i]); });
      }
      if (!changed) continue;
      PathChange change;
      change.commit = hex(id);
      if (here[i]) change.blob_id = hex(*here[i]);
      if (!parents.empty() && (*parents[0])[i]) change.parent_blob = hex(*(*parents[0])[i]);
      out[paths[i]].push_back(std::move(change));
    }
  });
  return out;
}

std::vector<std::string> files_under(const Repo& repo, const std::string& spec, const std::string& folder,
                                     MergeMode mode) {
  ObjectReader reader(repo.raw());
  PathResolver resolver(reader, folder, true);
  CommitWalk walk(repo.raw(), reader, spec, mode);
  std::set<std::string> files;
  // Each (folder, tree id) is listed once: unchanged folders cost nothing.
  std::map<std::string, OidMap<bool>> listed;
  std::function<void(const git_oid&, const std::string&)> list = [&](const git_oid& tree,
                                                                     const std::string& prefix) {
    if (!listed[prefix].emplace(tree, true).second) return;
    reader.each_entry(tree, [&](const ObjectReader::Entry& e) {
      std::string path = prefix + "/" + std::string(e.name);
      if (e.is_tree) list(e.id, path);
      if (e.is_blob) files.insert(path);
      return true;
    });
  };
  walk.each([&](const git_oid&, const RawCommit& c) {
    if (auto tree = resolver.in_tree(c.tree)) list(*tree, folder);
  });
  return {files.begin(), files.end()};
}

std::optional<std::string> blob_id_at(const Repo& repo, const std::string& commit_id,
                                      const std::string& path) {
  git_oid id;
  if (git_oid_fromstr(&id, commit_id.c_str()) < 0) fail(ErrorKind::not_found, "no commit {}", commit_id);
  ObjectReader reader(repo.raw());
  PathResolver resolver(reader, path);
  auto blob = resolver.in_tree(reader.commit(id).tree);
  if (!blob) return std::nullopt;
  return hex(*blob);
}

}  // namespace dvx::git
