// The transfer queue against the in-memory remote: uploads only what is
// missing, downloads verify before entering the cache, failures are named;
// the background Downloader used by the smudge filter; path globs.
#include "dvx/transfer/queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>

#include "dvx/cache/object_store.hpp"
#include "dvx/remote/memory_remote.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/util/file.hpp"

namespace dvx::transfer {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "dvx-transfer-test.XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto& e : fs::recursive_directory_iterator(path_, ec))
      fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// The keys of the remote's calls of `verb` ("PUT", "GET"), in call order.
std::vector<std::string> keys_of(const remote::MemoryRemote& r, const std::string& verb) {
  std::vector<std::string> out;
  for (const auto& call : r.calls())
    if (call.rfind(verb + " ", 0) == 0) out.push_back(call.substr(verb.size() + 1));
  return out;
}

struct Fixture : ::testing::Test {
  TempDir dir;
  cache::ObjectStore store{dir.path() / "cache"};
  cache::ObjectStore other{dir.path() / "cache2"};
  std::unique_ptr<remote::MemoryRemote> remote = std::make_unique<remote::MemoryRemote>();
  std::vector<Item> items;
  std::vector<std::string> contents;

  void SetUp() override {
    for (unsigned i = 0; i < 20; ++i) {
      contents.push_back(random_bytes(1000 + i * 997, i));
      fs::path f = dir.path() / ("f" + std::to_string(i));
      util::write_file_atomic(f, contents.back());
      items.push_back({store.insert_file(f), "data/f" + std::to_string(i)});
    }
  }
};

TEST_F(Fixture, LargestObjectsMoveFirstAndEachDownloadIsAnnounced) {
  // items[i] has 1000 + 997 i bytes: one job at a time, the largest go first.
  std::vector<std::string> expected;
  for (auto it = items.rbegin(); it != items.rend(); ++it)
    expected.push_back(remote::object_key(it->pointer.oid));
  upload_missing(*remote, store, items, {1, false});
  EXPECT_EQ(keys_of(*remote, "PUT"), expected);

  TransferOptions options(1, false);
  std::vector<std::string> announced;
  options.on_downloaded = [&](const Item& item) {
    EXPECT_TRUE(other.contains(item.pointer.oid)) << "announced before it entered the cache";
    announced.push_back(remote::object_key(item.pointer.oid));
  };
  download_missing(*remote, other, items, options);
  EXPECT_EQ(keys_of(*remote, "GET"), expected);
  EXPECT_EQ(announced, expected);
}

TEST_F(Fixture, UploadsOnlyMissingObjectsThenNothing) {
  // Pre-seed 5 objects on the remote.
  for (int i = 0; i < 5; ++i) remote->set_object(remote::object_key(items[i].pointer.oid), contents[i]);
  auto doubled = items;
  doubled.insert(doubled.end(), items.begin(), items.end());  // duplicates coalesce
  auto r = upload_missing(*remote, store, doubled, {4, false});
  EXPECT_EQ(r.requested, 20u);
  EXPECT_EQ(r.present, 5u);
  EXPECT_EQ(r.transferred, 15u);
  // `moved` names exactly the 15 objects the remote lacked (for push --json).
  std::set<std::string> moved, lacked;
  for (const auto& m : r.moved) moved.insert(m.pointer.oid);
  for (std::size_t i = 5; i < items.size(); ++i) lacked.insert(items[i].pointer.oid);
  EXPECT_EQ(r.moved.size(), 15u);
  EXPECT_EQ(moved, lacked);
  EXPECT_EQ(remote->count("PUT"), 15);
  auto again = upload_missing(*remote, store, items, {4, false});
  EXPECT_EQ(again.transferred, 0u);
  EXPECT_TRUE(again.moved.empty());
  EXPECT_EQ(remote->count("PUT"), 15);
  // The store holds the bytes under <aa>/<bb>/<oid>.
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& oid = items[i].pointer.oid;
    EXPECT_EQ(remote->object(oid.substr(0, 2) + "/" + oid.substr(2, 2) + "/" + oid), contents[i]);
  }
}

TEST_F(Fixture, UploadFailureNamesFileObjectAndCause) {
  remote->fail_puts(ErrorKind::permanent);
  try {
    upload_missing(*remote, store, {items[3]}, {2, false});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("upload of data/f3"), std::string::npos) << msg;
    EXPECT_NE(msg.find(items[3].pointer.oid.substr(0, 12)), std::string::npos) << msg;
    EXPECT_NE(msg.find("403 AccessDenied"), std::string::npos) << msg;
    EXPECT_EQ(e.kind(), ErrorKind::permanent);
  }
}

TEST_F(Fixture, UploadOfObjectMissingEverywhereIsNotFound) {
  core::Pointer ghost{std::string(64, 'a'), 10};
  try {
    upload_missing(*remote, store, {{ghost, "data/ghost"}}, {2, false});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
    EXPECT_NE(std::string(e.what()).find("data/ghost"), std::string::npos);
  }
}

TEST_F(Fixture, DownloadsVerifyAndReportCorruption) {
  upload_missing(*remote, store, items, {4, false});
  // Corrupt object 7 on the remote (same size, different bytes).
  const auto& bad = items[7].pointer.oid;
  std::string corrupted = contents[7];
  corrupted[10] ^= 0x55;
  remote->set_object(remote::object_key(bad), corrupted);
  auto r = download_missing(*remote, other, items, {4, false});
  EXPECT_EQ(r.transferred, 19u);
  ASSERT_EQ(r.moved.size(), 19u);  // every object but the corrupt one
  for (const auto& m : r.moved) EXPECT_NE(m.pointer.oid, bad);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].kind, ErrorKind::corrupt);
  EXPECT_NE(r.failures[0].message.find(bad.substr(0, 12)), std::string::npos) << r.failures[0].message;
  EXPECT_FALSE(other.contains(bad));
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i == 7) continue;
    EXPECT_EQ(util::read_file(other.object_path(items[i].pointer.oid)), contents[i]);
  }
  // No temporary files left behind in the cache.
  for (auto& e : fs::recursive_directory_iterator(other.root()))
    if (e.is_regular_file()) {
      EXPECT_EQ(e.path().filename().string().find(".download"), std::string::npos);
    }
}

TEST_F(Fixture, DownloadOfAbsentObjectSaysNotInStore) {
  try {
    download_one(*remote, other, items[0]);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
    EXPECT_NE(std::string(e.what()).find("not in the store"), std::string::npos) << e.what();
  }
}

TEST_F(Fixture, EmptyObjectNeedsNoRemote) {
  core::Pointer empty{"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0};
  download_one(*remote, other, {empty, "empty"});
  EXPECT_TRUE(other.contains(empty.oid));
  EXPECT_EQ(remote->count("GET"), 0);
}

TEST(Globs, MatchPathsAndFolders) {
  EXPECT_TRUE(glob_matches("data/*", "data/a.csv"));
  EXPECT_TRUE(glob_matches("data/*", "data/x/y.csv"));  // '*' crosses '/'
  EXPECT_TRUE(glob_matches("data", "data/x/y.csv"));
  EXPECT_TRUE(glob_matches("data/", "data/x/y.csv"));
  EXPECT_TRUE(glob_matches("*.csv", "a/b/c.csv"));
  EXPECT_FALSE(glob_matches("data", "database/x"));
  EXPECT_FALSE(glob_matches("data/*.bin", "data/a.csv"));
  EXPECT_TRUE(glob_matches("./models", "models/m.bin"));
  EXPECT_TRUE(path_selected("a/b", {}, {}));
  EXPECT_FALSE(path_selected("a/b", {"c"}, {}));
  EXPECT_FALSE(path_selected("data/raw/x", {"data"}, {"data/raw"}));
  EXPECT_TRUE(path_selected("data/clean/x", {"data"}, {"data/raw"}));
}

}  // namespace
}  // namespace dvx::transfer
