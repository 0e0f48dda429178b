#include "dvx/cache/object_verify.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::cache {

namespace {

// <cache>/verified: the 8 bytes "DVXVER01", then 64-byte records: 32 bytes
// of oid, then size, mtime_ns, ctime_ns and inode (8 bytes each, host order).
constexpr std::string_view kMagic = "DVXVER01";
constexpr std::size_t kRecord = 64, kOidBytes = 32;

struct Stamp {
  std::uint64_t size = 0, mtime_ns = 0, ctime_ns = 0, ino = 0;
  bool operator==(const Stamp&) const = default;
};

Stamp stamp_of(const struct stat& st) {
  auto ns = [](const timespec& t) {
    return static_cast<std::uint64_t>(t.tv_sec) * 1000000000u + static_cast<std::uint64_t>(t.tv_nsec);
  };
  return {static_cast<std::uint64_t>(st.st_size), ns(st.st_mtim), ns(st.st_ctim),
          static_cast<std::uint64_t>(st.st_ino)};
}

std::unordered_map<std::string, Stamp> load_record(const fs::path& file) {
  std::unordered_map<std::string, Stamp> out;
  std::optional<std::string> bytes;
  try {
    bytes = util::read_file_if_exists(file);
  } catch (const Error&) {
    return out;  // unreadable: everything is hashed
  }
  if (!bytes || !std::string_view(*bytes).starts_with(kMagic) || (bytes->size() - kMagic.size()) % kRecord)
    return out;
  for (std::size_t at = kMagic.size(); at < bytes->size(); at += kRecord) {
    Stamp s;
    std::memcpy(&s, bytes->data() + at + kOidBytes, sizeof s);
    out.emplace(bytes->substr(at, kOidBytes), s);
  }
  return out;
}

void save_record(const fs::path& file, const std::vector<std::pair<std::string, Stamp>>& sound) {
  std::string out(kMagic);
  out.reserve(kMagic.size() + sound.size() * kRecord);
  for (const auto& [raw, stamp] : sound) {
    char rec[kRecord] = {};
    std::memcpy(rec, raw.data(), kOidBytes);
    std::memcpy(rec + kOidBytes, &stamp, sizeof stamp);
    out.append(rec, kRecord);
  }
  try {
    util::write_file_atomic(file, out);
  } catch (const std::exception&) {
    // a read-only shared cache: the next fsck hashes everything again
  }
}

}  // namespace

VerifyReport verify_objects(const ObjectStore& store, Rehash rehash) {
  static_assert(sizeof(Stamp) == kRecord - kOidBytes);
  VerifyReport report;
  fs::path record_file = store.root() / "verified";
  auto record = rehash == Rehash::all ? std::unordered_map<std::string, Stamp>{} : load_record(record_file);
  auto oids = store.list_oids();
  report.checked = oids.size();
  std::vector<std::pair<std::string, Stamp>> sound;
  std::mutex mutex;
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  util::parallel_for(oids.size(), jobs, [&](std::size_t i) {
    const std::string& oid = oids[i];
    std::string raw = util::hex_decode(oid, kOidBytes);
    fs::path file = store.object_path(oid);
    struct stat before {};
    if (::lstat(file.c_str(), &before) != 0) return;  // removed meanwhile (gc)
    Stamp stamp = stamp_of(before);
    if (auto it = record.find(raw); it != record.end() && it->second == stamp) {
      std::lock_guard lock(mutex);
      sound.emplace_back(std::move(raw), stamp);
      return;
    }
    util::FileDigest digest;
    try {
      digest = util::sha256_file(file);
    } catch (const Error&) {
      return;  // removed meanwhile
    }
    struct stat after {};
    bool unchanged = ::lstat(file.c_str(), &after) == 0 && stamp_of(after) == stamp;
    std::lock_guard lock(mutex);
    ++report.rehashed;
    if (digest.hex != oid)
      report.corrupt.push_back({oid, file, digest.hex});
    else if (unchanged)  // written while being hashed: not recorded, hashed next time
      sound.emplace_back(std::move(raw), stamp);
  });
  std::sort(report.corrupt.begin(), report.corrupt.end(),
            [](const CorruptObject& a, const CorruptObject& b) { return a.oid < b.oid; });
  save_record(record_file, sound);
  return report;
}

}  // namespace dvx::cache
