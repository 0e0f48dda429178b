#include "dvx/filter/dvx_filter.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using namespace dvx;

namespace {
class FilterTest : public testing::Test {
 protected:
  void SetUp() override { store_.emplace(root_ / "objects"); }
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
  dvx::test_support::ScratchDir scratch_{"filter"};
  const fs::path& root_ = scratch_.path();
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

TEST_F(FilterTest, CleanWritesTheLfsPointerOfTheBytes) {
  // oid: `printf 'a,b\n1,2\n' | sha256sum`
  const std::string want =
      "version https://git-lfs.github.com/spec/v1\n"
      "oid sha256:492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470\n"
      "size 8\n";
  EXPECT_EQ(want, clean("data/x.csv", "a,b\n1,2\n"));
  fs::path object =
      root_ / "objects" / "49" / "2d" / "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470";
  EXPECT_EQ("a,b\n1,2\n", util::read_file(object));
}

TEST_F(FilterTest, CleanStreamsContentLargerThanItsBuffers) {
  // 3 MiB + 5 bytes: more than the 1024-byte sniff and the 1 MiB I/O buffer.
  std::string data(3 * 1024 * 1024 + 5, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 % 256);
  // Python: hashlib.sha256(bytes((i*7)%256 for i in range(3*1024*1024+5))).hexdigest()
  const std::string oid = "41fbed9f0d5d1683eb3c1727486c0baf37666b085228ba7ea57e041d65994e28";
  EXPECT_EQ("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 3145733\n",
            clean("big.bin", data));
  EXPECT_EQ(data, util::read_file(store_->object_path(oid)));
  EXPECT_EQ(data, smudge("big.bin", clean("big.bin", data)));
}

TEST_F(FilterTest, PointersAndEmptyFilesPassThroughClean) {
  const std::string ptr = clean("a.bin", "payload");
  EXPECT_EQ(ptr, clean("b.bin", ptr));  // already a pointer: not a pointer to a pointer
  EXPECT_EQ("", clean("empty.bin", ""));
  EXPECT_FALSE(fs::exists(store_->object_path(util::sha256_hex(""))));
  // Almost a pointer (a bad oid) is data like any other.
  const std::string fake = "version https://git-lfs.github.com/spec/v1\noid sha256:xyz\nsize 3\n";
  EXPECT_NE(fake, clean("c.bin", fake));
  EXPECT_EQ(fake, util::read_file(store_->object_path(util::sha256_hex(fake))));
}

TEST_F(FilterTest, SmudgePassesNonPointersThroughAndRefusesADamagedObject) {
  EXPECT_EQ("plain text\n", smudge("notes.txt", "plain text\n"));
  const std::string ptr = clean("d.bin", "original bytes");
  fs::path object = store_->object_path(util::sha256_hex("original bytes"));
  fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
  util::write_file_atomic(object, "damaged bytes!");  // same size, other bytes
  try {
    smudge("d.bin", ptr);
    FAIL() << "a damaged object was smudged";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorKind::corrupt, e.kind());
    EXPECT_NE(std::string(e.what()).find(util::sha256_hex("original bytes").substr(0, 12)), std::string::npos)
        << e.what();
  }
}
