#pragma once
// Reading and writing refs through libgit2 (no `git` subprocess): the
// experiment refs of `git dvx exp` (refs/dvx/exps/*) are listed by the
// thousand, so one iteration of the ref database, not one process per ref.
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::git {

struct RefInfo {
  std::string name;    // full name, "refs/dvx/exps/lucky-lark"
  std::string commit;  // the commit it peels to (hex)
};

// Refs whose full name matches `glob` (libgit2's glob: '*' crosses '/'),
// sorted by name; refs that do not peel to a commit are left out.
std::vector<RefInfo> list_refs(const Repo& repo, const std::string& glob);

// The commit `name` (a full ref name) peels to; nullopt when absent.
std::optional<std::string> ref_commit(const Repo& repo, const std::string& name);

// The branch HEAD is on ("main"); nullopt when HEAD is detached or unborn.
std::optional<std::string> head_branch(const Repo& repo);

// Creates or moves `name` to `commit` (a reflog entry with `message`).
void set_ref(const Repo& repo, const std::string& name, const std::string& commit,
             const std::string& message);

// Deletes `name`; false when it did not exist.
bool delete_ref(const Repo& repo, const std::string& name);

}  // namespace dvx::git
