#include "dvx/quality/version_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>

#include "dvx/core/pointer.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/transfer/content.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::quality {
namespace {

namespace fs = std::filesystem;

// Named as AtomicFile's temporaries so that fsck sweeps it if the process is killed.
struct BlobCopy {
  fs::path path;
  ~BlobCopy() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

}  // namespace

VersionFile open_blob(const git::Repo& repo, const std::string& content, const std::string& label) {
  VersionFile out;
  out.label = label;
  if (auto p = core::parse_pointer(content)) {
    out.local = transfer::ensure_cached(repo, *p, label);
    return out;
  }
  static std::atomic<unsigned> n{0};
  const fs::path dir = git::temp_dir(repo);
  fs::create_directories(dir);
  auto copy = std::make_shared<BlobCopy>();
  copy->path = dir / fmt::format(".dvx-blob.{}.{}.tmp", ::getpid(), n++);
  util::write_file_atomic(copy->path, content);
  out.local = copy->path;
  out.copy = copy;
  return out;
}

VersionFile open_file_version(const git::Repo& repo, const std::string& rev, const std::string& path) {
  auto v = transfer::open_version(repo, rev, path);
  return {v.local_path, rev.empty() ? path : fmt::format("{} at {}", path, rev), v.blob_copy};
}

}  // namespace dvx::quality
