#include "dvx/cache/object_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using dvx::cache::ObjectStore;

namespace {
class ObjectStoreTest : public testing::Test {
 protected:
  dvx::cache::ByteSource source_of(const std::string& data, std::size_t chunk = 7) {
    return [data, chunk, pos = std::size_t{0}](char* buf, std::size_t size) mutable {
      std::size_t n = std::min({size, chunk, data.size() - pos});
      std::memcpy(buf, data.data() + pos, n);
      pos += n;
      return n;
    };
  }
  dvx::test_support::ScratchDir scratch_{"cache"};
  const fs::path& root_ = scratch_.path();
};
}  // namespace

TEST_F(ObjectStoreTest, InsertStoresUnderTheFanOutReadOnly) {
  ObjectStore store(root_ / "objects");
  std::string data = "hello, cache";
  auto p = store.insert(source_of(data));
  EXPECT_EQ(p.oid, dvx::util::sha256_hex(data));
  EXPECT_EQ(p.size, data.size());
  fs::path expected = root_ / "objects" / p.oid.substr(0, 2) / p.oid.substr(2, 2) / p.oid;
  EXPECT_EQ(store.object_path(p.oid), expected);
  EXPECT_EQ(dvx::util::read_file(expected), data);
  struct stat st {};
  ASSERT_EQ(::stat(expected.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  EXPECT_TRUE(store.verify(p));
  // Nothing left in the staging folder.
  EXPECT_TRUE(fs::is_empty(root_ / "objects" / "tmp"));
}

TEST_F(ObjectStoreTest, InsertingTwiceKeepsOneObject) {
  ObjectStore store(root_);
  auto a = store.insert(source_of("same"));
  auto b = store.insert(source_of("same"));
  EXPECT_EQ(a, b);
  EXPECT_TRUE(fs::is_empty(root_ / "tmp"));
}

TEST_F(ObjectStoreTest, MaterializeCopiesAndVerifies) {
  ObjectStore store(root_ / "objects");
  std::string data(3 << 20, 'z');
  auto p = store.insert(source_of(data, 1 << 20));
  fs::path dest = root_ / "out.bin";
  store.materialize(p, dest, 0755);
  EXPECT_EQ(dvx::util::read_file(dest), data);
  EXPECT_EQ(fs::status(dest).permissions() & fs::perms::owner_exec, fs::perms::owner_exec);
  // Corrupt the object: materialize refuses and leaves the destination as it was.
  fs::path obj = store.object_path(p.oid);
  fs::permissions(obj, fs::perms::owner_write, fs::perm_options::add);
  dvx::util::write_file_atomic(obj, std::string(3 << 20, 'y'));
  EXPECT_FALSE(store.verify(p));
  EXPECT_THROW(store.materialize(p, dest), dvx::Error);
  EXPECT_EQ(dvx::util::read_file(dest), data);
}

TEST_F(ObjectStoreTest, AdoptChecksTheHashBeforeRenaming) {
  ObjectStore store(root_);
  std::string data = "downloaded bytes";
  dvx::core::Pointer p{dvx::util::sha256_hex(data), data.size()};
  fs::path good = store.download_path(p.oid);
  dvx::util::write_file_atomic(good, data);
  store.adopt(p, good, dvx::util::sha256_file(good), "s3://bucket/x");
  EXPECT_TRUE(store.contains(p.oid));
  EXPECT_FALSE(fs::exists(good));

  dvx::core::Pointer q{dvx::util::sha256_hex("other"), 5};
  fs::path bad = store.download_path(q.oid);
  dvx::util::write_file_atomic(bad, "wrong");
  try {
    store.adopt(q, bad, dvx::util::sha256_file(bad), "s3://bucket/y");
    FAIL() << "adopt accepted a corrupt download";
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt);
    EXPECT_NE(std::string(e.what()).find("s3://bucket/y"), std::string::npos);
  }
  EXPECT_FALSE(store.contains(q.oid));
  EXPECT_FALSE(fs::exists(bad));
}

TEST_F(ObjectStoreTest, RejectsInvalidOids) {
  ObjectStore store(root_);
  EXPECT_THROW(store.object_path("../../etc/passwd"), dvx::Error);
}

TEST_F(ObjectStoreTest, APointerWithTheWrongSizeIsBlamedNotTheObject) {
  ObjectStore store(root_);
  auto p = store.insert(source_of("hello world"));
  dvx::core::Pointer wrong{p.oid, p.size + 1};
  std::string seen;
  try {
    store.read(wrong, [&](const char* d, std::size_t n) { seen.append(d, n); });
    FAIL() << "read accepted a pointer with the wrong size";
  } catch (const dvx::Error& e) {
    std::string msg = e.what();
    EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt);
    EXPECT_NE(msg.find("says object " + p.oid + " has 12 bytes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("has 11"), std::string::npos) << msg;
    EXPECT_NE(msg.find("size is wrong"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("corrupt"), std::string::npos) << msg;
  }
  EXPECT_EQ(seen, "");  // refused before any byte went out
  EXPECT_THROW(store.materialize(wrong, root_ / "out.txt"), dvx::Error);
  EXPECT_FALSE(fs::exists(root_ / "out.txt"));
}

TEST_F(ObjectStoreTest, ReadIfCachedSendsVerifiedBytesOrNothing) {
  ObjectStore store(root_);
  std::string data(3 * 1024 * 1024 + 5, 'x');  // more than one I/O block
  data[1000] = 'y';
  auto p = store.insert(source_of(data, 1 << 20));
  std::string seen;
  auto sink = [&](const char* d, std::size_t n) { seen.append(d, n); };
  EXPECT_TRUE(store.read_if_cached(p, sink));
  EXPECT_EQ(seen, data);

  seen.clear();
  dvx::core::Pointer absent{dvx::util::sha256_hex("not cached"), 10};
  EXPECT_FALSE(store.read_if_cached(absent, sink));
  EXPECT_EQ(seen, "");  // nothing sent for an object the cache lacks

  // Same size, other bytes: the hash check names the object.
  auto q = store.insert(source_of("hello world"));
  fs::path file = store.object_path(q.oid);
  dvx::util::write_file_atomic(file, "HELLO WORLD");
  try {
    store.read_if_cached(q, sink);
    FAIL() << "read_if_cached accepted a damaged object";
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt);
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST_F(ObjectStoreTest, TemporariesListsWhatKilledDownloadsLeave) {
  ObjectStore store(root_);
  auto p = store.insert(source_of("an object"));
  std::string oid(64, 'a');
  fs::path partial = store.download_path(oid);
  dvx::util::write_file_atomic(partial, "half");
  auto temps = store.temporaries();
  ASSERT_EQ(temps.size(), 1u);
  EXPECT_EQ(temps[0].path, partial);
  EXPECT_EQ(temps[0].size, 4u);
  EXPECT_EQ(temps[0].pid, ::getpid());
  EXPECT_FALSE(dvx::util::temp_is_stale(temps[0]));  // young, and its writer is alive
  EXPECT_TRUE(store.contains(p.oid));
}
