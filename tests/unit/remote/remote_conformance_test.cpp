// One conformance suite for every backend: the local directory, S3 against
// a real s3rver and S3 against Ceph's RADOS Gateway (the stricter peer) on
// 127.0.0.1 (started per test suite, never skipped).
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "dvx/remote/batch.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/remote/request_slots.hpp"
#include "dvx/remote/wrap.hpp"
#include "dvx/util/error.hpp"
#include "remote/test_support.hpp"
#include "support/files.hpp"

namespace dvx::remote {
namespace {

using testing::TempDir;

using test_support::read_file;
using test_support::write_file;

struct LocalBackend {
  static constexpr const char* name = "local";
  static void start() {}
  static void stop() {}
  static std::unique_ptr<Remote> open(const fs::path& scratch, std::map<std::string, std::string> options) {
    fs::create_directories(scratch / "store");
    return open_remote({"test", (scratch / "store").string(), std::move(options)});
  }
};

struct S3Backend {
  static constexpr const char* name = "s3";
  static inline std::unique_ptr<testing::S3rver> server;
  static void start() {
    testing::use_test_credentials();
    server = std::make_unique<testing::S3rver>("conformance");
  }
  static void stop() { server.reset(); }
  static std::unique_ptr<Remote> open(const fs::path& scratch, std::map<std::string, std::string> options) {
    options["endpoint"] = server->endpoint();
    options["region"] = "us-east-1";
    // A fresh prefix per test, with a nested path, so tests do not see each other.
    return open_remote({"test", "s3://conformance/team/" + scratch.filename().string(), std::move(options)});
  }
};

struct RgwBackend {
  static constexpr const char* name = "rgw";
  static inline std::unique_ptr<testing::Rgw> server;
  static void start() { server = std::make_unique<testing::Rgw>("conformance"); }
  static void stop() { server.reset(); }
  static std::unique_ptr<Remote> open(const fs::path& scratch, std::map<std::string, std::string> options) {
    options["endpoint"] = server->endpoint();
    options["region"] = "us-east-1";
    return open_remote({"test", "s3://conformance/team/" + scratch.filename().string(), std::move(options)});
  }
};

template <typename Backend>
class RemoteConformance : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { Backend::start(); }
  static void TearDownTestSuite() { Backend::stop(); }
  std::unique_ptr<Remote> open(std::map<std::string, std::string> options = {}) {
    return Backend::open(tmp_.path(), std::move(options));
  }
  fs::path file(const std::string& name, const std::string& data) {
    auto p = tmp_.path() / name;
    write_file(p, data);
    return p;
  }
  TempDir tmp_;
};

using Backends = ::testing::Types<LocalBackend, S3Backend, RgwBackend>;
struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return T::name;
  }
};
TYPED_TEST_SUITE(RemoteConformance, Backends, BackendNames);

const std::string kOid1 = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const std::string kOid2 = "0a1bffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const std::string kOid3 = "0a2200000000000000000000000000000000000000000000000000000000000a";
const std::string kOid4 = "ff00000000000000000000000000000000000000000000000000000000000001";

TYPED_TEST(RemoteConformance, MissingKeyIsAbsentAndGetThrowsNotFound) {
  auto r = this->open();
  EXPECT_EQ(r->stat(object_key(kOid1)), std::nullopt);
  try {
    r->get(object_key(kOid1), this->tmp_.path() / "out");
    FAIL() << "get of a missing key did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found) << e.what();
    EXPECT_NE(std::string(e.what()).find(kOid1), std::string::npos) << e.what();
  }
  EXPECT_TRUE(r->list("").empty());
}

TYPED_TEST(RemoteConformance, PutStatGetRoundTrip) {
  auto r = this->open();
  auto src = this->tmp_.path() / "src";
  testing::write_random_file(src, 300'000, 7);
  auto key = object_key(kOid1);
  testing::put_file(*r, key, src);
  EXPECT_EQ(r->stat(key), std::optional<std::uint64_t>(300'000));
  auto dest = this->tmp_.path() / "dest";
  write_file(dest, std::string(1'000'000, 'x'));  // get truncates an existing file
  auto written = r->get(key, dest);
  EXPECT_EQ(testing::sha256sum(dest), testing::sha256sum(src));
  // get() reports the digest of what it wrote (callers verify with it).
  EXPECT_EQ(written.hex, testing::sha256sum(src));
  EXPECT_EQ(written.size, 300'000u);
}

TYPED_TEST(RemoteConformance, EmptyObject) {
  auto r = this->open();
  auto src = this->file("empty", "");
  testing::put_file(*r, object_key(kOid2), src);
  EXPECT_EQ(r->stat(object_key(kOid2)), std::optional<std::uint64_t>(0));
  auto dest = this->tmp_.path() / "dest";
  write_file(dest, "stale");
  auto written = r->get(object_key(kOid2), dest);
  EXPECT_TRUE(fs::exists(dest));
  EXPECT_EQ(fs::file_size(dest), 0u);
  EXPECT_EQ(written.hex, testing::sha256sum(dest));
  EXPECT_EQ(written.size, 0u);
}

TYPED_TEST(RemoteConformance, OverwriteIsIdempotentAndReplaces) {
  auto r = this->open();
  auto key = object_key(kOid1);
  auto a = this->file("a", "first version\n");
  testing::put_file(*r, key, a);
  testing::put_file(*r, key, a);
  EXPECT_EQ(r->stat(key), std::optional<std::uint64_t>(14));
  EXPECT_EQ(r->list("").size(), 1u);
  auto b = this->file("b", "second, longer version\n");
  testing::put_file(*r, key, b);
  auto dest = this->tmp_.path() / "dest";
  r->get(key, dest);
  EXPECT_EQ(read_file(dest), "second, longer version\n");
}

TYPED_TEST(RemoteConformance, ListWithPrefixIsSortedAndRelative) {
  auto r = this->open();
  for (const auto& oid : {kOid4, kOid3, kOid2, kOid1})
    testing::put_file(*r, object_key(oid), this->file("x", oid.substr(0, 10)));
  auto all = r->list("");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].key, object_key(kOid1));
  EXPECT_EQ(all[1].key, object_key(kOid2));
  EXPECT_EQ(all[2].key, object_key(kOid3));
  EXPECT_EQ(all[3].key, object_key(kOid4));
  EXPECT_EQ(all[0].size, 10u);
  auto under = r->list("0a/1b/");
  ASSERT_EQ(under.size(), 2u);
  EXPECT_EQ(under[0].key, object_key(kOid1));
  EXPECT_EQ(under[1].key, object_key(kOid2));
  EXPECT_EQ(r->list("0a/").size(), 3u);
  EXPECT_EQ(r->list("0a").size(), 3u);
  EXPECT_EQ(r->list("0a/1b/0a1bff").size(), 1u);
  EXPECT_TRUE(r->list("zz/").empty());
}

TYPED_TEST(RemoteConformance, RemoveThenAbsentAndRemoveMissingIsFine) {
  auto r = this->open();
  auto key = object_key(kOid3);
  testing::put_file(*r, key, this->file("x", "data"));
  r->remove(key);
  EXPECT_EQ(r->stat(key), std::nullopt);
  EXPECT_TRUE(r->list("").empty());
  EXPECT_NO_THROW(r->remove(key));
  EXPECT_NO_THROW(r->remove(object_key(kOid4)));
}

TYPED_TEST(RemoteConformance, KeysWithSpacesUnicodeAndSpecialCharacters) {
  auto r = this->open();
  std::vector<std::string> keys = {"dir with space/file name.bin",
                                   "unicode/d\xc3\xa9j\xc3\xa0-vu \xe2\x9c\x93.csv",
                                   "special/a+b=c&d;e,f@g$h!(i)'j~k%l", "special/a+b=c&d;e,f@g$h!(i)'j~k%m"};
  for (std::size_t i = 0; i < keys.size(); ++i)
    testing::put_file(*r, keys[i], this->file("x", "content " + std::to_string(i)));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(r->stat(keys[i]), std::optional<std::uint64_t>(9)) << keys[i];
    auto dest = this->tmp_.path() / "dest";
    r->get(keys[i], dest);
    EXPECT_EQ(read_file(dest), "content " + std::to_string(i)) << keys[i];
  }
  auto listed = r->list("special/a+b=c&");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, keys[2]);
  std::set<std::string> all;
  for (const auto& o : r->list("")) all.insert(o.key);
  EXPECT_EQ(all, std::set<std::string>(keys.begin(), keys.end()));
}

TYPED_TEST(RemoteConformance, LargeObjectRoundTrip) {
  // 23 MiB with a 6 MiB threshold and 5 MiB parts: a 5-part multipart upload on S3.
  auto r = this->open({{"multipart-threshold", "6MiB"}, {"part-size", "5MiB"}, {"jobs", "3"}});
  auto src = this->tmp_.path() / "big";
  testing::write_random_file(src, (23u << 20) + 12345, 42);
  auto key = object_key(kOid4);
  testing::put_file(*r, key, src);
  EXPECT_EQ(r->stat(key), std::optional<std::uint64_t>((23u << 20) + 12345));
  auto dest = this->tmp_.path() / "big.out";
  r->get(key, dest);
  EXPECT_EQ(testing::sha256sum(dest), testing::sha256sum(src));
}

TYPED_TEST(RemoteConformance, ParallelPutsAndBatchExistence) {
  auto base = this->open();
  auto r = make_limited(std::move(base), std::make_shared<RequestSlots>(4));
  std::vector<std::string> keys;
  std::vector<fs::path> files;
  for (int i = 0; i < 24; ++i) {
    std::string oid = fmt::format("{:064x}", 0x1000 + i * 7919);
    keys.push_back(object_key(oid));
    files.push_back(this->file("f" + std::to_string(i), "object number " + std::to_string(i)));
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < keys.size(); i += 6)
        if (i % 3 != 0) testing::put_file(*r, keys[i], files[i]);  // every third object stays missing
    });
  for (auto& t : threads) t.join();
  auto sizes = stat_many(*r, keys, 8);
  ASSERT_EQ(sizes.size(), keys.size());
  std::vector<std::string> expected_missing;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i % 3 == 0) {
      EXPECT_EQ(sizes[i], std::nullopt) << keys[i];
      expected_missing.push_back(keys[i]);
    } else {
      EXPECT_EQ(sizes[i], std::optional<std::uint64_t>(fs::file_size(files[i]))) << keys[i];
    }
  }
  EXPECT_EQ(missing_keys(*r, keys, 5), expected_missing);
}

TYPED_TEST(RemoteConformance, BatchExistenceListsASmallStoreAndStatsABigOne) {
  std::mutex mutex;
  std::vector<std::string> lines;
  auto r = make_logging(this->open(), [&](const std::string& line) {
    std::lock_guard lock(mutex);
    lines.push_back(line);
  });
  auto count = [&](const std::string& verb) {
    return std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.find(": " + verb + " ") != std::string::npos;
    });
  };
  // 90 keys spread over first-level folders 01..5a (none in the sample folder 00/00/).
  std::vector<std::string> keys;
  std::vector<std::optional<std::uint64_t>> expected;
  for (int i = 0; i < 90; ++i) {
    keys.push_back(object_key(fmt::format("{:02x}{:062x}", 1 + i, i)));
    expected.emplace_back(std::nullopt);
    if (i % 3 != 0) {
      std::string content(static_cast<std::size_t>(i), 'x');
      testing::put_file(*r, keys.back(), this->file("f" + std::to_string(i), content));
      expected.back() = content.size();
    }
  }
  lines.clear();
  EXPECT_EQ(stat_many(*r, keys, 8), expected);
  EXPECT_EQ(count("HEAD"), 0) << "a store of 60 objects is listed, not probed key by key";
  EXPECT_EQ(count("LIST"), 2) << "the sample folder, then everything";

  // An object in the sample folder makes the store look like 65,536 objects:
  // listing that would cost more than 90 HEADs.
  testing::put_file(*r, object_key(std::string(64, '0')), this->file("zero", "z"));
  lines.clear();
  EXPECT_EQ(stat_many(*r, keys, 8), expected);
  EXPECT_EQ(count("HEAD"), 90);
  EXPECT_EQ(count("LIST"), 1);
}

TYPED_TEST(RemoteConformance, PutOfMissingSourceFileIsAnErrorNamingIt) {
  auto r = this->open();
  try {
    r->put(object_key(kOid1), this->tmp_.path() / "does-not-exist", {kOid1, 100});  // it vanished
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does-not-exist"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r->stat(object_key(kOid1)), std::nullopt);
}

// What gc needs: list reports each object's modification time, and
// remove_many deletes every key (more than one DeleteObjects batch on S3),
// absent keys included, leaving the others.
TYPED_TEST(RemoteConformance, ListReportsModificationTimes) {
  auto r = this->open();
  auto before = static_cast<std::int64_t>(std::time(nullptr));
  testing::put_file(*r, object_key(kOid1), this->file("a", "aaa"));
  auto after = static_cast<std::int64_t>(std::time(nullptr));
  auto listed = r->list("");
  ASSERT_EQ(listed.size(), 1u);
  // Within a minute of our clock (S3 servers stamp with theirs, to the second).
  EXPECT_GE(listed[0].mtime, before - 60);
  EXPECT_LE(listed[0].mtime, after + 60);
}

TYPED_TEST(RemoteConformance, RemoveManyDeletesEveryKeyAndIgnoresAbsentOnes) {
  auto r = this->open();
  auto src = this->file("x", "x");
  std::vector<std::string> doomed;
  for (int i = 0; i < 1005; ++i) {
    std::string oid = fmt::format("{:064x}", i + 1);
    if (i < 3)
      testing::put_file(*r, object_key(oid), src);  // most keys are absent: deleting them is not an error
    doomed.push_back(object_key(oid));
  }
  testing::put_file(*r, object_key(kOid4), src);
  r->remove_many(doomed);
  auto left = r->list("");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].key, object_key(kOid4));
  r->remove_many({});
}

TYPED_TEST(RemoteConformance, AFreshStoreHasNoStaleTemporaries) {
  auto r = this->open();
  testing::put_file(*r, object_key(kOid1), this->file("a", "aaa"));
  EXPECT_TRUE(r->stale_temporaries(0).empty());
}

}  // namespace
}  // namespace dvx::remote
