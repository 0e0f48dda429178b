#include "dvx/git/refs.hpp"

#include <fmt/format.h>
#include <git2.h>

#include <algorithm>

#include "dvx/util/error.hpp"

namespace dvx::git {

namespace {

template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() {
    if (ptr) Free(ptr);
  }
};

std::optional<std::string> peeled_commit(git_reference* ref) {
  Owned<git_object, git_object_free> obj;
  if (git_reference_peel(&obj.ptr, ref, GIT_OBJECT_COMMIT) != 0) return std::nullopt;
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, git_object_id(obj.ptr));
  return std::string(buf);
}

}  // namespace

std::vector<RefInfo> list_refs(const Repo& repo, const std::string& glob) {
  Owned<git_reference_iterator, git_reference_iterator_free> it;
  check(git_reference_iterator_glob_new(&it.ptr, repo.raw(), glob.c_str()),
        fmt::format("cannot list refs {}", glob));
  std::vector<RefInfo> out;
  git_reference* ref = nullptr;
  int rc = 0;
  while ((rc = git_reference_next(&ref, it.ptr)) == 0) {
    Owned<git_reference, git_reference_free> owned;
    owned.ptr = ref;
    if (auto commit = peeled_commit(ref)) out.push_back({git_reference_name(ref), *commit});
  }
  if (rc != GIT_ITEROVER) check(rc, fmt::format("cannot list refs {}", glob));
  std::sort(out.begin(), out.end(), [](const RefInfo& a, const RefInfo& b) { return a.name < b.name; });
  return out;
}

std::optional<std::string> ref_commit(const Repo& repo, const std::string& name) {
  Owned<git_reference, git_reference_free> ref;
  int rc = git_reference_lookup(&ref.ptr, repo.raw(), name.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) return std::nullopt;
  check(rc, fmt::format("cannot read ref {}", name));
  return peeled_commit(ref.ptr);
}

std::optional<std::string> head_branch(const Repo& repo) {
  Owned<git_reference, git_reference_free> head;
  if (git_repository_head(&head.ptr, repo.raw()) != 0) return std::nullopt;
  if (!git_reference_is_branch(head.ptr)) return std::nullopt;
  return std::string(git_reference_shorthand(head.ptr));
}

void set_ref(const Repo& repo, const std::string& name, const std::string& commit,
             const std::string& message) {
  git_oid id;
  if (git_oid_fromstr(&id, commit.c_str()) != 0)
    fail(ErrorKind::usage, "cannot set ref {}: '{}' is not an object id", name, commit);
  Owned<git_reference, git_reference_free> ref;
  check(git_reference_create(&ref.ptr, repo.raw(), name.c_str(), &id, 1, message.c_str()),
        fmt::format("cannot set ref {}", name));
}

bool delete_ref(const Repo& repo, const std::string& name) {
  Owned<git_reference, git_reference_free> ref;
  int rc = git_reference_lookup(&ref.ptr, repo.raw(), name.c_str());
  if (rc == GIT_ENOTFOUND) return false;
  check(rc, fmt::format("cannot read ref {}", name));
  check(git_reference_delete(ref.ptr), fmt::format("cannot delete ref {}", name));
  return true;
}

}  // namespace dvx::git
