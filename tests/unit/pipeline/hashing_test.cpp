#include "dvx/pipeline/hashing.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "dvx/core/pointer.hpp"
#include "dvx/util/error.hpp"
#include "support/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dvx::pipeline;
namespace fs = std::filesystem;
using dvx::test_support::read_file;
using dvx::test_support::sha256sum;
using dvx::test_support::write_file;

TEST(StatCache, RemembersByPathAndStatKeyOnly) {
  dvx::test_support::ScratchDir dir("pipeline");
  const std::string oid(64, 'c');
  {
    StatCache cache(dir.path() / "stat.db");
    cache.remember("data/a.csv", {10, 111, 7}, oid);
    EXPECT_EQ(cache.lookup("data/a.csv", {10, 111, 7}), oid);
    cache.flush();
  }
  StatCache reopened(dir.path() / "stat.db");
  EXPECT_EQ(reopened.lookup("data/a.csv", {10, 111, 7}), oid);
  // Any change of size, mtime or inode is a miss: the file may have changed.
  EXPECT_EQ(reopened.lookup("data/a.csv", {11, 111, 7}), std::nullopt);
  EXPECT_EQ(reopened.lookup("data/a.csv", {10, 112, 7}), std::nullopt);
  EXPECT_EQ(reopened.lookup("data/a.csv", {10, 111, 8}), std::nullopt);
  EXPECT_EQ(reopened.lookup("data/b.csv", {10, 111, 7}), std::nullopt);
  EXPECT_EQ(reopened.hits(), 1u);
  EXPECT_EQ(reopened.misses(), 4u);
}

TEST(FolderManifest, SortedRoundTripAndErrorsNameTheFolder) {
  std::vector<DirFile> files = {{"z.txt", std::string(64, 'a'), 3}, {"sub/a.txt", std::string(64, 'b'), 5}};
  std::string text = folder_manifest(files);
  auto back = parse_folder_manifest(text, "models/dir");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].relpath, "sub/a.txt");  // sorted by relpath
  EXPECT_EQ(back[1].relpath, "z.txt");
  EXPECT_EQ(back[1].size, 3u);
  EXPECT_EQ(folder_manifest(back), text);
  try {
    parse_folder_manifest("not a manifest line\n", "models/dir");
    FAIL() << "a malformed manifest was accepted";
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("models/dir"), std::string::npos) << e.what();
  }
}

TEST(Hasher, FileHashIsSha256AndUsesTheStatCacheTheSecondTime) {
  dvx::test_support::ScratchDir dir("pipeline");
  const fs::path file = dir.path() / "data/raw.csv";
  write_file(file, "a,b\n1,2\n");
  StatCache cache("");
  Hasher hasher(dir.path(), cache);
  auto entry = hasher.hash("data/raw.csv");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->oid, sha256sum(file));
  EXPECT_EQ(entry->size, 8u);
  EXPECT_FALSE(entry->is_dir());
  // Written a moment ago: it could change again within the same timestamp
  // tick, so its hash is not remembered (git's racy-file rule).
  hasher.hash("data/raw.csv");
  EXPECT_EQ(cache.hits(), 0u);
  EXPECT_EQ(cache.misses(), 2u);
  fs::last_write_time(file, fs::last_write_time(file) - std::chrono::minutes(10));
  hasher.hash("data/raw.csv");
  EXPECT_EQ(hasher.hash("data/raw.csv")->oid, sha256sum(file));
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 3u);
  EXPECT_EQ(hasher.hash("data/none.csv"), std::nullopt);
}

TEST(Hasher, FolderIsTheOidOfItsManifest) {
  dvx::test_support::ScratchDir dir("pipeline");
  write_file(dir.path() / "out/b.txt", "bee\n");
  write_file(dir.path() / "out/sub/a.txt", "a\n");
  StatCache cache("");
  Hasher hasher(dir.path(), cache);
  auto entry = hasher.hash("out");
  ASSERT_TRUE(entry);
  ASSERT_TRUE(entry->is_dir());
  EXPECT_EQ(*entry->nfiles, 2u);
  EXPECT_EQ(entry->size, 6u);
  std::string manifest = folder_manifest(hasher.folder_files("out"));
  write_file(dir.path() / "manifest", manifest);
  EXPECT_EQ(entry->oid, sha256sum(dir.path() / "manifest"));
  auto files = parse_folder_manifest(manifest, "out");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].relpath, "b.txt");
  EXPECT_EQ(files[0].oid, sha256sum(dir.path() / "out/b.txt"));
  EXPECT_EQ(files[1].relpath, "sub/a.txt");
}

TEST(Hasher, PointerTextCountsAsTheContentItNames) {
  dvx::test_support::ScratchDir dir("pipeline");
  write_file(dir.path() / "content", "the real data\n");
  const std::string oid = sha256sum(dir.path() / "content");
  dvx::core::Pointer pointer{oid, 14};
  write_file(dir.path() / "data/big.bin", dvx::core::format_pointer(pointer));
  PointerFiles pointers{{"data/big.bin", pointer}};
  StatCache cache("");
  Hasher hasher(dir.path(), cache);
  hasher.set_pointer_files(&pointers);
  std::vector<std::string> via_pointer;
  auto entry = hasher.hash("data/big.bin", &via_pointer);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->oid, oid);
  EXPECT_EQ(entry->size, 14u);
  EXPECT_EQ(via_pointer, std::vector<std::string>{"data/big.bin"});
  // Without the pointer list the file is what it holds: pointer text.
  Hasher plain(dir.path(), cache);
  EXPECT_EQ(plain.hash("data/big.bin")->oid, sha256sum(dir.path() / "data/big.bin"));
}
