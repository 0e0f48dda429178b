#include "dvx/filter/dvx_filter.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"

namespace fs = std::filesystem;
using namespace dvx;

namespace {
class FilterTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("dvx-filter-test-" + std::to_string(::getpid()) + "-" +
                                         testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    store_.emplace(root_ / "objects");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  static cache::ByteSource source_of(const std::string& data) {
    return [data, pos = std::size_t{0}](char* buf, std::size_t size) mutable {
      std::size_t n = std::min(size, data.size() - pos);
      std::memcpy(buf, data.data() + pos, n);
      pos += n;
      return n;
    };
  }
  std::string clean(const std::string& path, const std::string& data) {
    std::string out;
    filter::clean(*store_, path, source_of(data), [&](const char* d, std::size_t n) { out.append(d, n); });
    return out;
  }
  std::string smudge(const std::string& path, const std::string& data, filter::SmudgeOptions options = {}) {
    std::string out;
    filter::smudge(*store_, nullptr, path, options, source_of(data),
                   [&](const char* d, std::size_t n) { out.append(d, n); });
    return out;
  }
  fs::path root_;
  std::optional<cache::ObjectStore> store_;
};
}  // namespace

TEST_F(FilterTest, CleanStoresDataAndPassesControlFilesThrough) {
  std::string data = "a,b\n1,2\n";
  std::string ptr = clean("data/x.csv", data);
  EXPECT_EQ(core::parse_pointer(ptr)->oid, util::sha256_hex(data));
  EXPECT_EQ(smudge("data/x.csv", ptr), data);
  for (const char* path :
       {".gitattributes", ".dvxconfig", "dvx.lock", "sub/.gitattributes", ".github/ci.yml"})
    EXPECT_EQ(clean(path, "* filter=dvx -text\n"), "* filter=dvx -text\n") << path;
}

TEST_F(FilterTest, SmudgePassesAPointerLookingControlFileThrough) {
  std::string ptr = clean("data/x.bin", "payload");
  EXPECT_EQ(smudge(".gitattributes", ptr), ptr);
  EXPECT_EQ(smudge("data/x.bin", ptr), "payload");
}

TEST_F(FilterTest, MissingObjectIsAnErrorNamingFileAndObject) {
  std::string oid(64, 'a');
  std::string ptr = core::format_pointer({oid, 12});
  try {
    smudge("data/gone.bin", ptr);
    FAIL() << "no error";
  } catch (const Error& e) {
    std::string what = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
    EXPECT_NE(what.find("data/gone.bin: object aaaaaaaaaaaa"), std::string::npos) << what;
    EXPECT_NE(what.find("no git-dvx remote is configured"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
  }
  // Asked for: the pointer text, not an error.
  EXPECT_EQ(smudge("data/gone.bin", ptr, {.skip_download_errors = true}), ptr);
  EXPECT_EQ(smudge("data/gone.bin", ptr, {.skip_smudge = true}), ptr);
}
