// parse_index_file against libgit2's reading of the same index files, which
// real `git` writes in every layout: versions 2, 3 (intent-to-add entries
// carry extended flags) and 4 (prefix-compressed paths), conflict stages,
// long paths, extensions; a split index is left to libgit2 (nullopt), and a
// damaged file is refused, never read past its end.
#include "dvx/git/index_file.hpp"

#include <git2.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using dvx::git::IndexFileEntry;
using dvx::git::parse_index_file;

namespace {

class IndexFile : public ::testing::Test {
 protected:
  dvx::test_support::ScratchDir dir_{"index-file"};
  fs::path repo_ = dir_.path() / "repo";

  void SetUp() override { git_libgit2_init(); }
  void TearDown() override { git_libgit2_shutdown(); }

  void sh(const std::string& script) {
    fs::create_directories(repo_);
    std::ofstream(dir_.path() / "script.sh")
        << "set -e\ncd '" << repo_.string() << "'\n"
        << "export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t "
           "GIT_CONFIG_NOSYSTEM=1 HOME='"
        << dir_.path().string() << "'\n"
        << script << "\n";
    ASSERT_EQ(std::system(("bash '" + (dir_.path() / "script.sh").string() + "' >/dev/null 2>&1").c_str()), 0)
        << script;
  }

  std::string index_bytes() { return dvx::test_support::read_file(repo_ / ".git" / "index"); }

  // What libgit2 reads from the repository's index, as the parser's entries.
  std::vector<IndexFileEntry> libgit2_entries() {
    git_index* index = nullptr;
    EXPECT_EQ(0, git_index_open(&index, (repo_ / ".git" / "index").c_str()));
    std::vector<IndexFileEntry> out;
    for (std::size_t i = 0; index && i < git_index_entrycount(index); ++i) {
      const git_index_entry* e = git_index_get_byindex(index, i);
      IndexFileEntry x;
      x.path = e->path;
      x.mode = e->mode;
      x.stage = git_index_entry_stage(e);
      std::memcpy(x.blob_id, e->id.id, sizeof x.blob_id);
      x.ctime_sec = static_cast<std::uint32_t>(e->ctime.seconds), x.ctime_nsec = e->ctime.nanoseconds;
      x.mtime_sec = static_cast<std::uint32_t>(e->mtime.seconds), x.mtime_nsec = e->mtime.nanoseconds;
      x.ino = e->ino, x.size = e->file_size;
      out.push_back(x);
    }
    git_index_free(index);
    return out;
  }

  void expect_same_as_libgit2(const std::string& what) {
    auto parsed = parse_index_file(index_bytes());
    ASSERT_TRUE(parsed.has_value()) << what;
    auto expected = libgit2_entries();
    ASSERT_EQ(expected.size(), parsed->size()) << what;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const auto &a = expected[i], &b = (*parsed)[i];
      EXPECT_EQ(a.path, b.path) << what;
      EXPECT_EQ(a.mode, b.mode) << what << " " << a.path;
      EXPECT_EQ(a.stage, b.stage) << what << " " << a.path;
      EXPECT_EQ(0, std::memcmp(a.blob_id, b.blob_id, sizeof a.blob_id)) << what << " " << a.path;
      EXPECT_EQ(a.mtime_sec, b.mtime_sec) << what << " " << a.path;
      EXPECT_EQ(a.mtime_nsec, b.mtime_nsec) << what << " " << a.path;
      EXPECT_EQ(a.ctime_sec, b.ctime_sec) << what << " " << a.path;
      EXPECT_EQ(a.ctime_nsec, b.ctime_nsec) << what << " " << a.path;
      EXPECT_EQ(a.ino, b.ino) << what << " " << a.path;
      EXPECT_EQ(a.size, b.size) << what << " " << a.path;
    }
  }
};

// Files in nested folders (v4 strips shared prefixes), an executable, a
// symlink, and a path of 600 characters.
constexpr const char* kTree = R"(
git init -q .
mkdir -p data/raw data/rawer src
for i in 1 2 3; do echo "$i" >data/raw/f$i.csv; echo "x$i" >data/rawer/g$i.csv; done
printf '#!/bin/sh\n' >src/run.sh && chmod +x src/run.sh
ln -s data/raw/f1.csv link
long=$(printf 'a%.0s' $(seq 200)); p=deep
for i in $(seq 3); do p=$p/$long$i; done
mkdir -p $p && echo deep >$p/file.txt
git add -A && git commit -qm one
)";

TEST_F(IndexFile, Version2AsLibgit2ReadsIt) {
  sh(kTree);
  sh("git update-index --index-version 2");
  ASSERT_EQ('\2', index_bytes()[7]);
  expect_same_as_libgit2("version 2");
  EXPECT_EQ(9u, parse_index_file(index_bytes())->size());
}

TEST_F(IndexFile, Version3WithIntentToAdd) {
  sh(kTree);
  sh("echo new >data/new.csv && git add -N data/new.csv");  // extended flags: git writes version 3
  ASSERT_EQ('\3', index_bytes()[7]);
  expect_same_as_libgit2("version 3");
}

TEST_F(IndexFile, Version4PrefixCompressedPaths) {
  sh(kTree);
  sh("git update-index --index-version 4 && echo 4 >data/raw/f4.csv && git add -A");
  ASSERT_EQ('\4', index_bytes()[7]);
  expect_same_as_libgit2("version 4");
}

TEST_F(IndexFile, ConflictStages) {
  sh(kTree);
  sh("git checkout -qb other && echo theirs >data/raw/f1.csv && git commit -qam theirs && git checkout -q - "
     "&& "
     "echo ours >data/raw/f1.csv && git commit -qam ours && (git merge -q other || true)");
  auto parsed = parse_index_file(index_bytes());
  ASSERT_TRUE(parsed.has_value());
  int stages = 0;
  for (const auto& e : *parsed)
    if (e.path == "data/raw/f1.csv") stages |= 1 << e.stage;
  EXPECT_EQ(0b1110, stages);  // base, ours and theirs; no stage 0
  expect_same_as_libgit2("conflict");
}

TEST_F(IndexFile, SplitIndexIsLeftToLibgit2) {
  sh(kTree);
  sh("git update-index --split-index && echo more >data/raw/f5.csv && git add -A");
  EXPECT_FALSE(parse_index_file(index_bytes()).has_value());
}

TEST_F(IndexFile, DamagedFilesAreRefused) {
  sh(kTree);
  std::string bytes = index_bytes();
  ASSERT_TRUE(parse_index_file(bytes).has_value());
  for (std::size_t cut :
       {std::size_t{0}, std::size_t{11}, std::size_t{40}, bytes.size() / 2, bytes.size() - 21})
    EXPECT_FALSE(parse_index_file(bytes.substr(0, cut)).has_value()) << "cut at " << cut;
  std::string wrong_magic = bytes;
  wrong_magic[0] = 'X';
  EXPECT_FALSE(parse_index_file(wrong_magic).has_value());
  std::string more_entries = bytes;
  more_entries[11] = static_cast<char>(more_entries[11] + 1);  // one entry more than the file holds
  EXPECT_FALSE(parse_index_file(more_entries).has_value());
  std::string version5 = bytes;
  version5[7] = '\5';
  EXPECT_FALSE(parse_index_file(version5).has_value());
}

}  // namespace
