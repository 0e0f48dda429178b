#include "dvx/filter/dvx_filter.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <optional>

#include "dvx/git/filter_protocol.hpp"
#include "dvx/git/pkt_line.hpp"
#include "dvx/transfer/downloader.hpp"
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

namespace {

// Finishes downloads in a scripted order: each wait_some() returns the next
// batch, putting the objects of its successful downloads in the cache first.
class ScriptedDownloader : public transfer::Downloader {
 public:
  ScriptedDownloader(cache::ObjectStore& store, std::map<std::string, std::string> data_by_oid)
      : store_(store), data_by_oid_(std::move(data_by_oid)) {}
  std::vector<std::vector<transfer::Download>> batches;
  void request(const core::Pointer&) override {}
  std::vector<transfer::Download> wait_some() override {
    if (batches.empty()) return {};
    auto batch = batches.front();
    batches.erase(batches.begin());
    for (const auto& d : batch) {
      if (!d.error.empty()) continue;
      std::string data = data_by_oid_.at(d.pointer.oid);
      std::size_t pos = 0;
      store_.insert([&](char* buf, std::size_t size) {
        std::size_t n = std::min(size, data.size() - pos);
        std::memcpy(buf, data.data() + pos, n);
        pos += n;
        return n;
      });
    }
    return batch;
  }

 private:
  cache::ObjectStore& store_;
  std::map<std::string, std::string> data_by_oid_;
};

// One smudge request of `pointer_text` for `path` through DvxFilter::handle,
// as git sends it during a checkout that accepts delays.
git::FilterOutcome smudge_request(filter::DvxFilter& filter, const std::string& path,
                                  const std::string& pointer_text) {
  char header[5];
  std::snprintf(header, sizeof header, "%04zx", pointer_text.size() + 4);
  std::string stream = header + pointer_text + "0000";
  int fds[2];
  EXPECT_EQ(0, ::pipe(fds));
  EXPECT_EQ(static_cast<ssize_t>(stream.size()), ::write(fds[1], stream.data(), stream.size()));
  ::close(fds[1]);
  int sink = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  git::PktReader reader(fds[0]);
  git::PktWriter writer(sink);
  git::ContentReader in(reader);
  git::ContentWriter out(writer);
  auto outcome = filter.handle({"smudge", path, true, {}}, in, out);
  ::close(fds[0]);
  ::close(sink);
  return outcome;
}

}  // namespace

// git stops a checkout at the first file the filter fails: a delayed file
// whose download failed is handed back only after every other delayed file
// could be written, even when its download ended first.
TEST_F(FilterTest, DelayedFailuresComeAfterEveryFileThatCanBeWritten) {
  std::string good = "the good bytes";
  core::Pointer good_pointer{util::sha256_hex(good), good.size()};
  core::Pointer bad_pointer{util::sha256_hex("corrupt in the store"), 20};
  ScriptedDownloader downloads(*store_, {{good_pointer.oid, good}});
  downloads.batches = {{{bad_pointer, "object is corrupt"}}, {{good_pointer, ""}}};
  filter::DvxFilter filter(*store_, &downloads, {});
  ASSERT_EQ(git::FilterOutcome::delayed,
            smudge_request(filter, "data/a.csv", core::format_pointer(good_pointer)));
  ASSERT_EQ(git::FilterOutcome::delayed,
            smudge_request(filter, "data/victim.csv", core::format_pointer(bad_pointer)));
  EXPECT_EQ(std::vector<std::string>{"data/a.csv"}, filter.list_available_blobs());
  ASSERT_EQ(git::FilterOutcome::success, smudge_request(filter, "data/a.csv", ""));
  EXPECT_EQ(std::vector<std::string>{"data/victim.csv"}, filter.list_available_blobs());
}
