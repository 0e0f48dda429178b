// ObjectStore maintenance: listing the objects with their size and age,
// deleting one, and finding what interrupted writes left behind. Used by
// gc (and fsck), never by the add/checkout path.
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <ctime>

#include "dvx/cache/object_store.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/temp_files.hpp"

namespace dvx::cache {

namespace {

bool is_hex2(const std::string& s) {
  return s.size() == 2 && std::isxdigit(static_cast<unsigned char>(s[0])) &&
         std::isxdigit(static_cast<unsigned char>(s[1])) && !std::isupper(static_cast<unsigned char>(s[0])) &&
         !std::isupper(static_cast<unsigned char>(s[1]));
}

template <typename Fn>
void each_fanout_dir(const fs::path& root, Fn fn) {
  std::error_code ec;
  for (fs::directory_iterator a(root, ec), end; !ec && a != end; a.increment(ec)) {
    if (!is_hex2(a->path().filename().string()) || !a->is_directory(ec)) continue;
    for (fs::directory_iterator b(a->path(), ec); !ec && b != end; b.increment(ec)) {
      if (!is_hex2(b->path().filename().string()) || !b->is_directory(ec)) continue;
      fn(b->path());
    }
    ec.clear();
  }
}

}  // namespace

std::vector<ObjectStore::ObjectFile> ObjectStore::list_objects() const {
  std::vector<ObjectFile> out;
  each_fanout_dir(root_, [&](const fs::path& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!core::is_valid_oid(name)) continue;
      struct stat st {};
      if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      out.push_back({name, static_cast<std::uint64_t>(st.st_size), static_cast<std::int64_t>(st.st_mtime)});
    }
  });
  return out;
}

std::vector<std::string> ObjectStore::list_oids() const {
  std::vector<std::string> out;
  each_fanout_dir(root_, [&](const fs::path& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (core::is_valid_oid(name) && it->is_regular_file(ec)) out.push_back(std::move(name));
    }
  });
  return out;
}

std::optional<std::int64_t> ObjectStore::object_mtime(std::string_view oid) const {
  struct stat st {};
  if (::lstat(object_path(oid).c_str(), &st) != 0) return std::nullopt;
  return static_cast<std::int64_t>(st.st_mtime);
}

void ObjectStore::remove(std::string_view oid) const {
  auto path = object_path(oid);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    fail_errno(fmt::format("cannot remove cache object {}", path.string()), errno);
}

std::vector<fs::path> ObjectStore::stale_temporaries(std::int64_t older_than_seconds) const {
  // The same temporaries fsck lists, and the same rule: old enough and not
  // written by a live process on this host.
  std::vector<fs::path> out;
  for (const auto& t : temporaries())
    if (util::temp_is_stale(t, std::chrono::seconds(older_than_seconds))) out.push_back(t.path);
  return out;
}

}  // namespace dvx::cache
