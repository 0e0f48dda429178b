#include "dvx/transfer/blob_pointers.hpp"

#include <array>
#include <cstring>

#include "dvx/git/dvx_paths.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::transfer {

namespace {

constexpr std::string_view kMagic = "DVXBLOB1";
constexpr std::size_t kRecord = 64, kIdBytes = 20, kOidBytes = 32;
constexpr std::size_t kSizeAt = kIdBytes + kOidBytes, kKindAt = kSizeAt + 8;
constexpr std::size_t kBuckets = 65536;

std::size_t bucket_of(const char* raw_id) {
  return static_cast<std::size_t>(static_cast<unsigned char>(raw_id[0])) << 8 |
         static_cast<unsigned char>(raw_id[1]);
}

}  // namespace

bool looks_like_pointer_text(std::string_view text) {
  std::string version_line = "version " + std::string(core::kPointerVersion);
  return text.starts_with(version_line.substr(0, version_line.size() - 2));  // any spec version
}

BlobPointers::BlobPointers(const git::Repo& repo)
    : repo_(repo), file_(git::state_dir(repo) / "blob-pointers") {
  try {
    auto bytes = util::read_file_if_exists(file_);
    if (bytes && bytes->size() >= kMagic.size() && std::string_view(*bytes).starts_with(kMagic) &&
        (bytes->size() - kMagic.size()) % kRecord == 0)
      loaded_ = std::move(*bytes);
  } catch (const Error&) {
    // unreadable: rebuilt from git
  }
  // Where the records of each first two id bytes begin: a lookup then
  // compares one or two records, not the log2(n) of a binary search.
  if (loaded_.empty()) return;
  first_record_.assign(kBuckets + 1, 0);
  std::size_t n = (loaded_.size() - kMagic.size()) / kRecord;
  for (std::size_t i = 0; i < n; ++i)
    ++first_record_[bucket_of(loaded_.data() + kMagic.size() + i * kRecord) + 1];
  for (std::size_t b = 0; b < kBuckets; ++b) first_record_[b + 1] += first_record_[b];
}

std::optional<BlobPointers::Entry> BlobPointers::find(std::string_view raw_id) const {
  if (auto it = learnt_.find(raw_id); it != learnt_.end()) return it->second;
  if (loaded_.empty()) return std::nullopt;
  const char* base = loaded_.data() + kMagic.size();
  std::size_t bucket = bucket_of(raw_id.data());
  std::size_t lo = first_record_[bucket], hi = first_record_[bucket + 1];
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    const char* rec = base + mid * kRecord;
    int cmp = std::memcmp(rec, raw_id.data(), kIdBytes);
    if (cmp == 0) {
      auto kind = static_cast<std::uint8_t>(rec[kKindAt]);
      if (kind > pointer_data_pointer_like) return std::nullopt;  // a damaged record: read again
      Entry e;
      e.kind = static_cast<Kind>(kind);
      if (e.kind != not_pointer) {
        e.oid = util::hex_encode({reinterpret_cast<const unsigned char*>(rec + kIdBytes), kOidBytes});
        std::memcpy(&e.size, rec + kSizeAt, 8);  // little-endian hosts only (x86-64, arm64)
      }
      return e;
    }
    (cmp < 0 ? lo : hi) = cmp < 0 ? mid + 1 : mid;
  }
  return std::nullopt;
}

std::optional<std::optional<core::Pointer>> BlobPointers::known_pointer(const std::string& blob_id) const {
  std::array<unsigned char, kIdBytes> raw_bytes;
  if (!util::hex_decode_to(blob_id, raw_bytes)) return std::nullopt;
  auto entry = find({reinterpret_cast<const char*>(raw_bytes.data()), kIdBytes});
  if (!entry) return std::nullopt;
  if (entry->kind == not_pointer) return std::optional<core::Pointer>();
  return core::Pointer{std::move(entry->oid), entry->size};
}

std::optional<core::Pointer> BlobPointers::pointer(const std::string& blob_id) {
  std::array<unsigned char, kIdBytes> raw_bytes;
  if (!util::hex_decode_to(blob_id, raw_bytes)) {  // not a SHA-1 id: no memo
    auto size = repo_.blob_size(blob_id);
    if (!size || *size == 0 || *size >= core::kMaxPointerSize) return std::nullopt;
    return core::parse_pointer(repo_.read_blob_id(blob_id));
  }
  std::string_view raw(reinterpret_cast<const char*>(raw_bytes.data()), kIdBytes);
  auto entry = find(raw);
  if (!entry) {
    entry = Entry{};
    auto size = repo_.blob_size(blob_id);
    if (!size) return std::nullopt;  // not in the object database (yet): not remembered
    if (*size > 0 && *size < core::kMaxPointerSize) {
      if (auto p = core::parse_pointer(repo_.read_blob_id(blob_id)); p && core::is_valid_oid(p->oid)) {
        entry->oid = p->oid;
        entry->size = p->size;
        entry->kind = p->size < core::kMaxPointerSize ? pointer_data_unknown : pointer_data_plain;
      }
    }
    learnt_.emplace(std::string(raw), *entry);
  }
  if (entry->kind == not_pointer) return std::nullopt;
  return core::Pointer{std::move(entry->oid), entry->size};
}

std::optional<bool> BlobPointers::data_looks_like_pointer(const std::string& blob_id) const {
  std::string raw = util::hex_decode(blob_id, kIdBytes);
  auto entry = raw.empty() ? std::nullopt : find(raw);
  if (!entry || entry->kind == not_pointer || entry->kind == pointer_data_unknown) return std::nullopt;
  return entry->kind == pointer_data_pointer_like;
}

void BlobPointers::note_data_looks_like_pointer(const std::string& blob_id, bool looks) {
  std::string raw = util::hex_decode(blob_id, kIdBytes);
  auto entry = raw.empty() ? std::nullopt : find(raw);
  if (!entry || entry->kind == not_pointer) return;
  entry->kind = looks ? pointer_data_pointer_like : pointer_data_plain;
  learnt_[raw] = *entry;
}

void BlobPointers::save() const {
  if (learnt_.empty()) return;
  std::string out(kMagic);
  out.reserve(loaded_.size() + learnt_.size() * kRecord);
  auto append = [&](const std::string& raw_id, const Entry& e) {
    char rec[kRecord] = {};
    std::memcpy(rec, raw_id.data(), kIdBytes);
    if (e.kind != not_pointer) {
      std::memcpy(rec + kIdBytes, util::hex_decode(e.oid, kOidBytes).data(), kOidBytes);
      std::memcpy(rec + kSizeAt, &e.size, 8);
    }
    rec[kKindAt] = static_cast<char>(e.kind);
    out.append(rec, kRecord);
  };
  // Merge the sorted file with the sorted new entries (a learnt entry wins).
  const char* base = loaded_.empty() ? nullptr : loaded_.data() + kMagic.size();
  std::size_t n = loaded_.empty() ? 0 : (loaded_.size() - kMagic.size()) / kRecord, i = 0;
  auto it = learnt_.begin();
  while (i < n || it != learnt_.end()) {
    const char* rec = i < n ? base + i * kRecord : nullptr;
    int cmp = !rec ? 1 : it == learnt_.end() ? -1 : std::memcmp(rec, it->first.data(), kIdBytes);
    if (cmp < 0) {
      out.append(rec, kRecord);
      ++i;
    } else {
      append(it->first, it->second);
      if (cmp == 0) ++i;
      ++it;
    }
  }
  try {
    std::filesystem::create_directories(file_.parent_path());
    util::write_file_atomic(file_, out);
  } catch (const std::exception&) {
    // a read-only repository: the next run reads the blobs again
  }
}

}  // namespace dvx::transfer
