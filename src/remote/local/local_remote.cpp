// The directory backend: <root>/<key>. Puts write a temporary file in the
// destination folder and rename it into place, so readers never see half an
// object and concurrent pushes of the same key are harmless; the store is
// noted for the batched flush (util/durable.hpp) that makes the objects
// durable before the push reports success.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>

#include "dvx/remote/local_store.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/util/durable.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/temp_files.hpp"
#include "remote/backends.hpp"

namespace dvx::remote {

namespace {

class LocalRemote final : public Remote {
 public:
  explicit LocalRemote(fs::path root) : root_(std::move(root)) {}

  std::string describe() const override { return root_.string(); }

  std::optional<std::uint64_t> stat(const std::string& key) override {
    auto path = path_of(key);
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      if (!ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory)
        return std::nullopt;
      fail(ErrorKind::permanent, "cannot stat {}: {}", path.string(), ec.message());
    }
    if (!fs::is_regular_file(st)) return std::nullopt;
    auto size = fs::file_size(path, ec);
    if (ec) fail(ErrorKind::permanent, "cannot stat {}: {}", path.string(), ec.message());
    return size;
  }

  util::FileDigest get(const std::string& key, const fs::path& dest) override {
    auto path = path_of(key);
    int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
      if (errno == ENOENT || errno == ENOTDIR)
        fail(ErrorKind::not_found, "object {} not found in {}", key, root_.string());
      fail_errno(fmt::format("cannot read {}", path.string()), errno);
    }
    struct Closer {
      int fd;
      ~Closer() { ::close(fd); }
    } close_in{in};
    int out = ::open(dest.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) fail_errno(fmt::format("cannot write {}", dest.string()), errno);
    Closer close_out{out};
    auto buf = util::make_io_buffer();
    util::Sha256 hash;
    util::FileDigest written;
    while (std::size_t n = util::read_full(in, buf.get(), util::kIoBlock, path.string())) {
      hash.update(buf.get(), n);
      util::write_all(out, buf.get(), n, dest.string());
      written.size += n;
    }
    written.hex = hash.finish_hex();
    return written;
  }

  // A copy reads src once anyway; the digest is not needed.
  void put(const std::string& key, const fs::path& src, const util::FileDigest&) override {
    auto path = path_of(key);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail(ErrorKind::permanent, "cannot create {}: {}", path.parent_path().string(), ec.message());
    util::FileReader in(src);
    util::AtomicFile out(path, 0444);
    auto buf = util::make_io_buffer();
    while (std::size_t n = in.read(buf.get(), util::kIoBlock)) out.write(buf.get(), n);
    out.commit();
    util::note_written(root_);
  }

  std::vector<ObjectInfo> list(const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    std::error_code ec;
    if (!fs::exists(root_, ec)) return out;
    // Only descend into directories that can hold keys with this prefix.
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) fail(ErrorKind::permanent, "cannot list {}: {}", root_.string(), ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) fail(ErrorKind::permanent, "cannot list {}: {}", root_.string(), ec.message());
      std::string rel = it->path().lexically_relative(root_).generic_string();
      if (it->is_directory(ec)) {
        std::string dir = rel + "/";
        bool relevant = dir.compare(0, std::min(dir.size(), prefix.size()), prefix, 0,
                                    std::min(dir.size(), prefix.size())) == 0;
        if (!relevant) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec) || util::is_atomic_temp_name(it->path().filename().string())) continue;
      if (rel.compare(0, prefix.size(), prefix) != 0) continue;
      struct stat st {};
      if (::stat(it->path().c_str(), &st) != 0) continue;  // removed meanwhile
      out.push_back({rel, static_cast<std::uint64_t>(st.st_size), static_cast<std::int64_t>(st.st_mtime)});
    }
    std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return out;
  }

  void remove(const std::string& key) override {
    auto path = path_of(key);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR)
      fail_errno(fmt::format("cannot remove {}", path.string()), errno);
  }

  // `.dvx-*.tmp` files that a put killed half-way left next to the objects:
  // the ones fsck lists (local_store_temporaries), stale by the same rule.
  std::vector<Temporary> stale_temporaries(std::int64_t older_than_seconds) override {
    std::vector<Temporary> out;
    for (const auto& t : local_store_temporaries(root_)) {
      if (!util::temp_is_stale(t, std::chrono::seconds(older_than_seconds))) continue;
      std::string rel = t.path.lexically_relative(root_).generic_string();
      out.push_back({rel, rel, t.size, static_cast<std::int64_t>(::time(nullptr)) - t.age_seconds});
    }
    return out;
  }

  void remove_temporary(const Temporary& t) override {
    auto path = path_of(t.id);
    if (!util::is_atomic_temp_name(path.filename().string()))
      fail(ErrorKind::usage, "{} is not a temporary file of {}", t.id, root_.string());
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
      fail_errno(fmt::format("cannot remove {}", path.string()), errno);
  }

 private:
  fs::path path_of(const std::string& key) const {
    if (key.empty() || key.front() == '/' || key.find('\0') != std::string::npos)
      fail(ErrorKind::usage, "invalid object key '{}'", key);
    for (const auto& part : fs::path(key))
      if (part == ".." || part == ".") fail(ErrorKind::usage, "invalid object key '{}'", key);
    return root_ / key;
  }

  fs::path root_;
};

}  // namespace

std::optional<fs::path> local_store_root(const RemoteConfig& config) {
  if (url_scheme(config.url) != "file") return std::nullopt;
  std::string url = config.url;
  if (url.rfind("file://", 0) == 0) {
    url = url.substr(7);
    if (url.rfind("localhost/", 0) == 0) url = url.substr(9);
    if (url.empty() || url.front() != '/')
      fail(ErrorKind::usage, "remote '{}': file URL '{}' must be absolute (file:///path)", config.name,
           config.url);
  }
  if (url.empty()) fail(ErrorKind::usage, "remote '{}' has an empty directory path", config.name);
  std::error_code ec;
  fs::path root = fs::absolute(fs::path(url), ec).lexically_normal();
  if (ec) fail(ErrorKind::usage, "remote '{}': bad directory '{}': {}", config.name, url, ec.message());
  if (root.has_filename() == false && root != root.root_path()) root = root.parent_path();
  return root;
}

std::vector<util::TempFile> local_store_temporaries(const fs::path& root) {
  return util::find_temporaries(root, util::is_atomic_temp_name);
}

Backend directory_backend() {
  // No options of its own; any file:// URL or path (checked when opened).
  return {"file",
          "directory",
          {},
          {},
          [](const RemoteConfig& config, const BackendContext&) -> std::unique_ptr<Remote> {
            return std::make_unique<LocalRemote>(*local_store_root(config));
          }};
}

}  // namespace dvx::remote
