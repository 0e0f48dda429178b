#include "dvx/cache/object_store.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <vector>

#include "dvx/util/durable.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::cache {

namespace {

void make_dirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) fail(ErrorKind::permanent, "cannot create cache folder {}: {}", dir.string(), ec.message());
}

void check_oid(std::string_view oid) {
  if (!core::is_valid_oid(oid)) fail(ErrorKind::usage, "invalid object id '{}'", oid);
}

// Renames a fully written, verified download to its object path.
void publish(const fs::path& temp, const fs::path& final_path) {
  ::chmod(temp.c_str(), 0444);
  if (::rename(temp.c_str(), final_path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    fail_errno(fmt::format("cannot store cache object {}", final_path.string()), err);
  }
}

}  // namespace

ObjectStore::ObjectStore(fs::path root) : root_(std::move(root)) {}

fs::path ObjectStore::object_path(std::string_view oid) const {
  check_oid(oid);
  return root_ / oid.substr(0, 2) / oid.substr(2, 2) / oid;
}

bool ObjectStore::contains(std::string_view oid) const {
  struct stat st {};
  return ::stat(object_path(oid).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

core::Pointer ObjectStore::insert(const ByteSource& source) {
  // The oid is unknown until the end: write an unnamed file in <root>/tmp
  // (same filesystem) and name it once hashed.
  util::UnnamedFile temp(root_ / "tmp", 0444);
  util::Sha256 hash;
  core::Pointer pointer;
  auto buf = util::make_io_buffer();
  while (std::size_t n = source(buf.get(), util::kIoBlock)) {
    hash.update(buf.get(), n);
    temp.write(buf.get(), n);
    pointer.size += n;
  }
  pointer.oid = hash.finish_hex();
  // Already cached: refresh its mtime (as git freshens a loose object), so
  // that gc's grace period protects an object a `git add` has just used.
  if (temp.publish(object_path(pointer.oid)))
    util::note_written(root_);
  else
    ::utimensat(AT_FDCWD, object_path(pointer.oid).c_str(), nullptr, 0);
  return pointer;
}

core::Pointer ObjectStore::insert_file(const fs::path& file) {
  util::FileReader in(file);
  return insert([&](char* buf, std::size_t size) { return in.read(buf, size); });
}

fs::path ObjectStore::download_path(std::string_view oid) const {
  static std::atomic<unsigned> counter{0};
  fs::path final_path = object_path(oid);
  make_dirs(final_path.parent_path());
  return final_path.parent_path() /
         fmt::format(".{}.{}.{}.download", oid.substr(0, 16), ::getpid(), counter++);
}

void ObjectStore::adopt(const core::Pointer& expected, const fs::path& file, const util::FileDigest& written,
                        std::string_view what) const {
  if (written.hex != expected.oid || written.size != expected.size) {
    ::unlink(file.c_str());
    fail(ErrorKind::corrupt, "{} is corrupt: expected sha256 {} ({} bytes), got {} ({} bytes)", what,
         expected.oid, expected.size, written.hex, written.size);
  }
  publish(file, object_path(expected.oid));
  util::note_written(root_);
}

std::vector<util::TempFile> ObjectStore::temporaries() const {
  // Downloads: <root>/aa/bb/.<oid16>.<pid>.<n>.download; insert()'s fallback
  // where O_TMPFILE is missing, and empty downloads: .dvx-*.tmp.
  return util::find_temporaries(root_, [](std::string_view name) {
    return util::is_atomic_temp_name(name) || (name.starts_with(".") && name.ends_with(".download"));
  });
}

void ObjectStore::check_size(const core::Pointer& pointer, int fd) const {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<std::uint64_t>(st.st_size) == pointer.size) return;
  // A wrong size in the pointer, or a damaged object: the content says which.
  auto digest = util::sha256_file(object_path(pointer.oid));
  if (digest.hex == pointer.oid)
    fail(ErrorKind::corrupt,
         "the pointer says object {} has {} bytes, but the object (whose content matches its oid) has {}: "
         "the pointer's size is wrong, not the cache",
         pointer.oid, pointer.size, digest.size);
  fail(ErrorKind::corrupt,
       "cache object {} is corrupt (its content does not match its name); run 'git dvx fsck'",
       object_path(pointer.oid).string());
}

bool ObjectStore::verify(const core::Pointer& pointer) const {
  try {
    auto digest = util::sha256_file(object_path(pointer.oid));
    return digest.hex == pointer.oid && digest.size == pointer.size;
  } catch (const Error&) {
    return false;
  }
}

namespace {
// Streams `in` (an object whose size check_size() has found equal to
// pointer.size) to `sink`, hashing it. Asks for exactly the bytes left, so a
// small object costs one read(2), not a read and two more at end of file.
void stream_verified(util::FileReader& in, const core::Pointer& pointer,
                     const std::function<void(const char*, std::size_t)>& sink) {
  util::Sha256 hash;
  std::uint64_t size = 0;
  auto buf = util::make_io_buffer();
  while (size < pointer.size) {
    std::size_t n = in.read(
        buf.get(), static_cast<std::size_t>(std::min<std::uint64_t>(util::kIoBlock, pointer.size - size)));
    if (n == 0) break;  // shrunk since its size was checked: the hash check fails
    hash.update(buf.get(), n);
    size += n;
    sink(buf.get(), n);
  }
  if (size != pointer.size || hash.finish_hex() != pointer.oid)
    fail(ErrorKind::corrupt,
         "cache object {} is corrupt (its content does not match its name); "
         "run 'git dvx fsck'",
         in.path().string());
}
}  // namespace

void ObjectStore::read(const core::Pointer& pointer,
                       const std::function<void(const char*, std::size_t)>& sink) const {
  util::FileReader in(object_path(pointer.oid));
  check_size(pointer, in.fd());
  stream_verified(in, pointer, sink);
}

bool ObjectStore::read_if_cached(const core::Pointer& pointer,
                                 const std::function<void(const char*, std::size_t)>& sink) const {
  util::FileReader in(object_path(pointer.oid), util::kIfExists);
  if (!in.is_open()) return false;
  check_size(pointer, in.fd());
  stream_verified(in, pointer, sink);
  return true;
}

void ObjectStore::materialize(const core::Pointer& pointer, const fs::path& dest, unsigned mode, Check check,
                              const fs::path& temp_dir) const {
  util::FileReader in(object_path(pointer.oid));
  check_size(pointer, in.fd());
  util::AtomicFile out(dest, mode, temp_dir);
  // Reflink first: shares extents on btrfs/xfs, so no bytes are copied; the
  // object is then verified by reading it once (cheap next to a copy).
  bool copied = ::ioctl(out.fd(), FICLONE, in.fd()) == 0;
  if (copied && check == Check::verify && !verify(pointer))
    fail(ErrorKind::corrupt, "cache object {} is corrupt; run 'git dvx fsck'",
         object_path(pointer.oid).string());
  // A trusted object needs no hashing, so the kernel can copy it.
  if (!copied && check == Check::trust) copied = util::copy_in_kernel(in.fd(), out.fd(), pointer.size);
  // Else a streamed copy, hashed on the way.
  if (!copied) read(pointer, [&](const char* data, std::size_t size) { out.write(data, size); });
  out.commit();
}

}  // namespace dvx::cache
