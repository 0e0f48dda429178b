#pragma once
// Test helper: a git repository in a temporary folder, built commit by commit
// from in-memory trees with libgit2 (no worktree, no git-dvx filter), for
// the unit tests of git/ and of the layers above that read history.
#include <git2.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::git::testing {

class TestRepo {
 public:
  TestRepo();
  ~TestRepo();
  TestRepo(const TestRepo&) = delete;
  TestRepo& operator=(const TestRepo&) = delete;

  // Commits `files` (path -> content; the whole tree) with parents; returns its id.
  std::string commit(const std::map<std::string, std::string>& files, const std::vector<std::string>& parents,
                     const std::string& message, std::int64_t time);
  // Points `name` (refs/heads/..., refs/tags/...) at `commit`.
  void set_ref(const std::string& name, const std::string& commit);
  Repo open();

 private:
  git_oid build(const std::map<std::string, std::string>& files, const std::string& prefix);

  std::string dir_;
  git_repository* repo_ = nullptr;
};

// The LFS pointer text of `data` (its SHA-256 and size).
std::string pointer_for(const std::string& data);

}  // namespace dvx::git::testing
