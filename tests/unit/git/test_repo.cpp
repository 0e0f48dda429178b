#include "git/test_repo.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "dvx/core/pointer.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::git::testing {

TestRepo::TestRepo() {
  git_libgit2_init();
  char tmpl[] = "/tmp/dvx-git-unit.XXXXXX";
  dir_ = mkdtemp(tmpl);
  EXPECT_EQ(0, git_repository_init(&repo_, dir_.c_str(), 0));
}
TestRepo::~TestRepo() {
  git_repository_free(repo_);
  std::filesystem::remove_all(dir_);
  git_libgit2_shutdown();
}

std::string TestRepo::commit(const std::map<std::string, std::string>& files,
                             const std::vector<std::string>& parents, const std::string& message,
                             std::int64_t time) {
  git_oid tree_id = build(files, "");
  git_tree* tree = nullptr;
  git_tree_lookup(&tree, repo_, &tree_id);
  std::vector<git_commit*> ps;
  for (const auto& p : parents) {
    git_oid id;
    git_oid_fromstr(&id, p.c_str());
    git_commit* c = nullptr;
    git_commit_lookup(&c, repo_, &id);
    ps.push_back(c);
  }
  git_signature* sig = nullptr;
  git_signature_new(&sig, "Ana", "ana@example.com", time, 60);
  git_oid id;
  std::vector<const git_commit*> cps(ps.begin(), ps.end());
  EXPECT_EQ(0, git_commit_create(&id, repo_, nullptr, sig, sig, nullptr, message.c_str(), tree, cps.size(),
                                 cps.data()));
  for (auto* c : ps) git_commit_free(c);
  git_signature_free(sig);
  git_tree_free(tree);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

void TestRepo::set_ref(const std::string& name, const std::string& commit) {
  git_oid id;
  git_oid_fromstr(&id, commit.c_str());
  git_reference* ref = nullptr;
  EXPECT_EQ(0, git_reference_create(&ref, repo_, name.c_str(), &id, 1, "test"));
  git_reference_free(ref);
}

Repo TestRepo::open() {
  return Repo::discover(dir_);
}

// Builds the tree of every file under `prefix` (recursively).
git_oid TestRepo::build(const std::map<std::string, std::string>& files, const std::string& prefix) {
  git_treebuilder* tb = nullptr;
  git_treebuilder_new(&tb, repo_, nullptr);
  std::map<std::string, std::map<std::string, std::string>> subdirs;
  for (const auto& [path, content] : files) {
    if (!path.starts_with(prefix)) continue;
    std::string rest = path.substr(prefix.size());
    auto slash = rest.find('/');
    if (slash != std::string::npos) {
      subdirs[rest.substr(0, slash)][path] = content;
      continue;
    }
    git_oid blob;
    git_blob_create_from_buffer(&blob, repo_, content.data(), content.size());
    git_treebuilder_insert(nullptr, tb, rest.c_str(), &blob, GIT_FILEMODE_BLOB);
  }
  for (const auto& [name, sub] : subdirs) {
    git_oid id = build(sub, prefix + name + "/");
    git_treebuilder_insert(nullptr, tb, name.c_str(), &id, GIT_FILEMODE_TREE);
  }
  git_oid id;
  git_treebuilder_write(&id, tb);
  git_treebuilder_free(tb);
  return id;
}

std::string pointer_for(const std::string& data) {
  return core::format_pointer({util::sha256_hex(data), data.size()});
}

}  // namespace dvx::git::testing
