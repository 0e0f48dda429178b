// ObjectStore::contains_many and PresenceProbe against files the test puts
// in the cache's <aa>/<bb> folders itself: objects present and absent,
// a missing folder, a folder named like an object, no cache at all; both
// the probe-each path (few objects) and the folder listings (enough objects
// for their folders to hold four or more wanted ones each).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/util/error.hpp"
#include "support/files.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using dvx::cache::ObjectStore;

namespace {

// A valid oid: the 4-hex folder `folder`, then `n` as the rest.
std::string oid_in(const std::string& folder, std::size_t n) {
  char rest[61];
  std::snprintf(rest, sizeof rest, "%060zx", n);
  return folder + rest;
}

class ObjectPresence : public testing::Test {
 protected:
  dvx::test_support::ScratchDir scratch_{"presence"};
  fs::path root_ = scratch_.path() / "objects";
  ObjectStore store_{root_};

  void put(const std::string& oid) { dvx::test_support::write_file(store_.object_path(oid), "x"); }

  // Puts some of `oids` in place (present[i]) plus a folder under the name
  // of one absent oid, then checks contains_many and the probe agree with it.
  void expect_found(const std::vector<std::string>& oids, const std::vector<bool>& present) {
    for (std::size_t i = 0; i < oids.size(); ++i)
      if (present[i]) put(oids[i]);
    EXPECT_EQ(present, store_.contains_many(oids));
    dvx::cache::PresenceProbe probe(store_);
    for (std::size_t i = 0; i < oids.size(); ++i) EXPECT_EQ(present[i], probe.contains(oids[i])) << oids[i];
  }
};

}  // namespace

TEST_F(ObjectPresence, NoCacheYetHoldsNothing) {
  std::vector<std::string> oids{oid_in("abcd", 1), oid_in("0000", 2)};
  EXPECT_EQ((std::vector<bool>{false, false}), store_.contains_many(oids));
  EXPECT_FALSE(dvx::cache::PresenceProbe(store_).contains(oids[0]));
}

TEST_F(ObjectPresence, FewObjectsProbedOneByOne) {
  std::vector<std::string> oids{oid_in("abcd", 1), oid_in("abcd", 2), oid_in("abce", 3), oid_in("ffff", 4),
                                oid_in("0000", 5)};
  fs::create_directories(store_.object_path(oids[2]));  // a folder is not an object
  expect_found(oids, {true, false, false, true, false});
}

TEST_F(ObjectPresence, ManyObjectsListFolders) {
  // Enough oids for contains_many to list the folders holding 4 or more:
  // 5 in folder 1234 (3 present, one of the absent a folder), the rest
  // spread over every folder, none present, most folders missing.
  std::vector<std::string> oids;
  std::vector<bool> present;
  for (std::size_t i = 0; i < 5; ++i) {
    oids.push_back(oid_in("1234", i));
    present.push_back(i % 2 == 0);
  }
  fs::create_directories(store_.object_path(oids[1]));
  for (std::size_t i = 0; oids.size() < ObjectStore::kProbeEachBelow + 10; ++i) {
    char folder[5];
    std::snprintf(folder, sizeof folder, "%04zx", i % 65536);
    oids.push_back(oid_in(folder, 1000 + i));
    present.push_back(false);
  }
  for (std::size_t i : {std::size_t{70000}, std::size_t{200000}}) present[i] = true;  // two more, elsewhere
  expect_found(oids, present);
}

TEST_F(ObjectPresence, InvalidOidIsRefused) {
  EXPECT_THROW(store_.contains_many({"not-an-oid"}), dvx::Error);
}
