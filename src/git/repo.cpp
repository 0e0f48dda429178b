#include "dvx/git/repo.hpp"

#include <git2.h>

#include <cstdlib>
#include <functional>
#include <mutex>
#include <utility>

#include "dvx/util/error.hpp"

namespace dvx::git {

namespace {

void init_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  ~Owned() {
    if (ptr) Free(ptr);
  }
};

std::string last_error() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

std::string hex(const git_oid* id) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, id);
  return buf;
}

}  // namespace

void check(int rc, const std::string& what) {
  if (rc < 0) {
    ErrorKind kind = rc == GIT_ENOTFOUND ? ErrorKind::not_found : ErrorKind::permanent;
    throw Error(kind, fmt::format("{}: {}", what, last_error()));
  }
}

Repo Repo::discover(const fs::path& start) {
  init_libgit2();
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, start.c_str(), 0, nullptr) < 0)
    fail(ErrorKind::usage, "not in a git repository ({}): run this inside a git working tree",
         start.string());
  return Repo(repo);
}

Repo::~Repo() {
  if (repo_) git_repository_free(repo_);
}
Repo::Repo(Repo&& other) noexcept : repo_(std::exchange(other.repo_, nullptr)) {}
Repo& Repo::operator=(Repo&& other) noexcept {
  std::swap(repo_, other.repo_);
  return *this;
}

bool Repo::is_bare() const {
  return git_repository_is_bare(repo_);
}

fs::path Repo::workdir() const {
  const char* dir = git_repository_workdir(repo_);
  if (!dir) fail(ErrorKind::usage, "{} is a bare repository: this needs a working tree", git_dir().string());
  return fs::path(dir).lexically_normal().parent_path();
}

fs::path Repo::git_dir() const {
  return fs::path(git_repository_path(repo_)).lexically_normal().parent_path();
}
fs::path Repo::common_dir() const {
  return fs::path(git_repository_commondir(repo_)).lexically_normal().parent_path();
}

std::optional<std::string> Repo::config_string(const std::string& key) const {
  Owned<git_config, git_config_free> cfg;
  check(git_repository_config_snapshot(&cfg.ptr, repo_), "cannot read git config");
  const char* value = nullptr;
  int rc = git_config_get_string(&value, cfg.ptr, key.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check(rc, fmt::format("cannot read git config {}", key));
  return std::string(value);
}

std::optional<bool> Repo::config_bool(const std::string& key) const {
  Owned<git_config, git_config_free> cfg;
  check(git_repository_config_snapshot(&cfg.ptr, repo_), "cannot read git config");
  int value = 0;
  int rc = git_config_get_bool(&value, cfg.ptr, key.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check(rc, fmt::format("git config {} is not a boolean", key));
  return value != 0;
}

bool Repo::config_set_beyond_repo(const std::string& key) const {
  Owned<git_config, git_config_free> cfg;
  check(git_repository_config_snapshot(&cfg.ptr, repo_), "cannot read git config");
  bool beyond = false;
  auto visit = [](const git_config_entry* entry, void* payload) {
    if (entry->level < GIT_CONFIG_LEVEL_LOCAL) *static_cast<bool*>(payload) = true;
    return 0;
  };
  int rc = git_config_get_multivar_foreach(cfg.ptr, key.c_str(), nullptr, visit, &beyond);
  if (rc != GIT_ENOTFOUND) check(rc, fmt::format("cannot read git config {}", key));
  return beyond;
}

fs::path Repo::hooks_dir() const {
  Owned<git_config, git_config_free> cfg;
  check(git_repository_config_snapshot(&cfg.ptr, repo_), "cannot read git config");
  git_buf buf = GIT_BUF_INIT;
  int rc = git_config_get_path(&buf, cfg.ptr, "core.hooksPath");
  if (rc == GIT_ENOTFOUND) return common_dir() / "hooks";
  check(rc, "cannot read git config core.hooksPath");
  fs::path dir(buf.ptr);
  git_buf_dispose(&buf);
  if (dir.is_absolute()) return dir;
  return (is_bare() ? git_dir() : workdir()) / dir;
}

std::string Repo::resolve_commit(const std::string& rev) const {
  Owned<git_object, git_object_free> obj;
  if (git_revparse_single(&obj.ptr, repo_, rev.c_str()) < 0)
    fail(ErrorKind::not_found, "unknown revision '{}'", rev);
  Owned<git_object, git_object_free> commit;
  if (git_object_peel(&commit.ptr, obj.ptr, GIT_OBJECT_COMMIT) < 0)
    fail(ErrorKind::not_found, "revision '{}' does not name a commit", rev);
  return hex(git_object_id(commit.ptr));
}

bool Repo::has_head() const {
  Owned<git_reference, git_reference_free> ref;
  return git_repository_head(&ref.ptr, repo_) == 0;
}

namespace {
Owned<git_tree, git_tree_free> tree_of(git_repository* repo, const std::string& rev) {
  Owned<git_object, git_object_free> obj;
  if (git_revparse_single(&obj.ptr, repo, rev.c_str()) < 0)
    fail(ErrorKind::not_found, "unknown revision '{}'", rev);
  Owned<git_tree, git_tree_free> tree;
  if (git_object_peel(reinterpret_cast<git_object**>(&tree.ptr), obj.ptr, GIT_OBJECT_TREE) < 0)
    fail(ErrorKind::not_found, "revision '{}' has no tree", rev);
  return tree;
}

std::string blob_content(git_repository* repo, const git_oid* id) {
  Owned<git_blob, git_blob_free> blob;
  check(git_blob_lookup(&blob.ptr, repo, id), fmt::format("cannot read blob {}", hex(id)));
  auto* data = static_cast<const char*>(git_blob_rawcontent(blob.ptr));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.ptr)));
}

std::uint64_t header_size(git_odb* odb, const git_oid* id) {
  std::size_t size = 0;
  git_object_t type{};
  if (git_odb_read_header(&size, &type, odb, id) < 0) return 0;
  return size;
}
}  // namespace

std::optional<std::string> Repo::read_blob(const std::string& rev, const std::string& path) const {
  auto tree = tree_of(repo_, rev);
  Owned<git_tree_entry, git_tree_entry_free> entry;
  int rc = git_tree_entry_bypath(&entry.ptr, tree.ptr, path.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check(rc, fmt::format("cannot read {}:{}", rev, path));
  if (git_tree_entry_type(entry.ptr) != GIT_OBJECT_BLOB) return std::nullopt;
  return blob_content(repo_, git_tree_entry_id(entry.ptr));
}

std::string Repo::read_blob_id(const std::string& blob_id) const {
  git_oid id;
  check(git_oid_fromstr(&id, blob_id.c_str()), fmt::format("bad blob id {}", blob_id));
  return blob_content(repo_, &id);
}

bool Repo::has_object(const std::string& id) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) return false;
  Owned<git_odb, git_odb_free> odb;
  check(git_repository_odb(&odb.ptr, repo_), "cannot open the object database");
  return git_odb_exists(odb.ptr, &oid) == 1;
}

std::optional<std::uint64_t> Repo::blob_size(const std::string& id) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) return std::nullopt;
  Owned<git_odb, git_odb_free> odb;
  check(git_repository_odb(&odb.ptr, repo_), "cannot open the object database");
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb.ptr, &oid) != 0 || type != GIT_OBJECT_BLOB) return std::nullopt;
  return size;
}

std::vector<TreeEntry> Repo::list_tree(const std::string& rev, BlobSizes sizes) const {
  auto tree = tree_of(repo_, rev);
  Owned<git_odb, git_odb_free> odb;
  check(git_repository_odb(&odb.ptr, repo_), "cannot open the object database");
  struct Walk {
    git_odb* odb;
    std::vector<TreeEntry> out;
  } walk{sizes == BlobSizes::read ? odb.ptr : nullptr, {}};
  auto cb = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    auto* w = static_cast<Walk*>(payload);
    TreeEntry e;
    e.path = std::string(root) + git_tree_entry_name(entry);
    e.blob_id = hex(git_tree_entry_id(entry));
    e.mode = static_cast<std::uint32_t>(git_tree_entry_filemode(entry));
    if (w->odb) e.size = header_size(w->odb, git_tree_entry_id(entry));
    w->out.push_back(std::move(e));
    return 0;
  };
  check(git_tree_walk(tree.ptr, GIT_TREEWALK_PRE, cb, &walk), fmt::format("cannot walk the tree of {}", rev));
  return std::move(walk.out);
}

namespace {
// Calls fn(stage, entry) for every blob entry of the index (submodules
// skipped) whose stage `wanted` accepts; sizes read for those only.
void for_each_index_blob(git_repository* repo, BlobSizes sizes, const std::function<bool(int)>& wanted,
                         const std::function<void(int, TreeEntry)>& fn) {
  Owned<git_index, git_index_free> index;
  // As git: GIT_INDEX_FILE names the index to use (git commit -a and
  // git commit PATH hand their hooks a temporary one).
  if (const char* file = std::getenv("GIT_INDEX_FILE"); file && *file)
    check(git_index_open(&index.ptr, file), fmt::format("cannot read the index {}", file));
  else
    check(git_repository_index(&index.ptr, repo), "cannot read the index");
  Owned<git_odb, git_odb_free> odb;
  check(git_repository_odb(&odb.ptr, repo), "cannot open the object database");
  std::size_t count = git_index_entrycount(index.ptr);
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* e = git_index_get_byindex(index.ptr, i);
    int stage = git_index_entry_stage(e);
    if ((e->mode & 0170000) == 0160000 || !wanted(stage)) continue;
    fn(stage, {e->path, hex(&e->id), e->mode, sizes == BlobSizes::read ? header_size(odb.ptr, &e->id) : 0});
  }
}
}  // namespace

std::vector<TreeEntry> Repo::list_index(BlobSizes sizes) const {
  std::vector<TreeEntry> out;
  for_each_index_blob(
      repo_, sizes, [](int stage) { return stage == 0; },
      [&](int, TreeEntry entry) { out.push_back(std::move(entry)); });
  return out;
}

std::vector<ConflictEntry> Repo::list_conflicts() const {
  std::vector<ConflictEntry> out;
  for_each_index_blob(
      repo_, BlobSizes::read, [](int stage) { return stage != 0; },
      [&](int stage, TreeEntry entry) {
        if (out.empty() || out.back().path != entry.path) out.push_back({entry.path, {}, {}, {}});
        (stage == 1   ? out.back().ancestor
         : stage == 2 ? out.back().ours
                      : out.back().theirs) = std::move(entry);
      });
  return out;
}

std::optional<std::string> Repo::attribute(const std::string& path, const std::string& name) const {
  const char* value = nullptr;
  check(git_attr_get(&value, repo_, GIT_ATTR_CHECK_FILE_THEN_INDEX, path.c_str(), name.c_str()),
        fmt::format("cannot read attributes of {}", path));
  switch (git_attr_value(value)) {
    case GIT_ATTR_VALUE_UNSPECIFIED: return std::nullopt;
    case GIT_ATTR_VALUE_TRUE: return std::string("true");
    case GIT_ATTR_VALUE_FALSE: return std::string("false");
    case GIT_ATTR_VALUE_STRING: return std::string(value);
  }
  return std::nullopt;
}

}  // namespace dvx::git
