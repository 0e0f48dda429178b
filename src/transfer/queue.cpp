#include "dvx/transfer/queue.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <unordered_set>

#include "dvx/remote/batch.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::transfer {

namespace fs = std::filesystem;

namespace {

std::string short_oid(const std::string& oid) {
  return oid.substr(0, 12) + "…";
}

std::size_t job_count(const TransferOptions& options, std::size_t n) {
  std::size_t jobs = options.jobs > 0 ? static_cast<std::size_t>(options.jobs) : 1;
  return std::max<std::size_t>(1, std::min(jobs, n));
}

// The largest objects start first, so that the longest transfer does not
// begin last and finish alone after every other one is done.
void largest_first(std::vector<Item>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.pointer.size > b.pointer.size; });
}

}  // namespace

std::vector<Item> distinct(const std::vector<Item>& items) {
  std::vector<Item> out;
  std::unordered_set<std::string> seen;
  for (const auto& item : items)
    if (seen.insert(item.pointer.oid).second) out.push_back(item);
  return out;
}

TransferResult upload_missing(remote::Remote& remote, const cache::ObjectStore& store,
                              const std::vector<Item>& items, const TransferOptions& options) {
  TransferResult result;
  auto all = distinct(items);
  // The empty object needs no upload: the empty pointer is the empty file.
  std::erase_if(all, [](const Item& i) { return i.pointer.size == 0; });
  result.requested = all.size();
  if (all.empty()) return result;

  std::vector<std::string> keys;
  keys.reserve(all.size());
  for (const auto& item : all) keys.push_back(remote::object_key(item.pointer.oid));
  std::vector<std::optional<std::uint64_t>> sizes;
  try {
    sizes = remote::stat_many(remote, keys, static_cast<int>(job_count(options, keys.size())));
  } catch (const Error& e) {
    fail(e.kind(), "cannot check which objects {} holds: {}", remote.describe(), e.what());
  }
  std::vector<Item> todo;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    // Present with the right size: skip. A wrong size (a truncated copy) is re-uploaded.
    if (sizes[i] && *sizes[i] == all[i].pointer.size) continue;
    if (!store.contains(all[i].pointer.oid))
      fail(ErrorKind::not_found,
           "{} ({}) is not in the local cache and {} does not have it: nothing to upload it from "
           "(was it committed with git-dvx installed? 'git dvx fsck' checks the cache)",
           all[i].label, short_oid(all[i].pointer.oid), remote.describe());
    todo.push_back(all[i]);
    total += all[i].pointer.size;
  }
  result.present = all.size() - todo.size();
  if (todo.empty()) return result;
  largest_first(todo);

  Progress progress("uploading", "to " + remote.describe(), todo.size(), total, options.progress);
  std::atomic<std::uint64_t> bytes{0};
  try {
    util::parallel_for(todo.size(), job_count(options, todo.size()), [&](std::size_t i) {
      const Item& item = todo[i];
      try {
        // The pointer is the object's digest: the remote need not hash it again.
        remote.put(remote::object_key(item.pointer.oid), store.object_path(item.pointer.oid),
                   {item.pointer.oid, item.pointer.size});
      } catch (const Error& e) {
        fail(e.kind(), "upload of {} ({}) to {} failed: {}", item.label, short_oid(item.pointer.oid),
             remote.describe(), e.what());
      }
      bytes += item.pointer.size;
      progress.advance(item.pointer.size);
    });
  } catch (...) {
    progress.finish(false);
    throw;
  }
  progress.finish(true);
  result.transferred = todo.size();
  result.moved = std::move(todo);
  result.bytes = bytes;
  result.seconds = progress.seconds();
  return result;
}

void download_one(remote::Remote& remote, const cache::ObjectStore& store, const Item& item) {
  const auto& p = item.pointer;
  if (store.contains(p.oid)) return;
  std::string key = remote::object_key(p.oid);
  std::string what = fmt::format("{} ({}) from {}", item.label, short_oid(p.oid), remote.describe());
  fs::path tmp = store.download_path(p.oid);
  try {
    util::FileDigest written;
    if (p.size == 0) {
      util::write_file_atomic(tmp, "");
      written.hex = util::sha256_hex("");
    } else {
      written = remote.get(key, tmp);
    }
    store.adopt(p, tmp, written, what);  // compares SHA-256 and size; removes tmp on mismatch
  } catch (const Error& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    if (e.kind() == ErrorKind::not_found)
      fail(ErrorKind::not_found,
           "download of {} failed: the object is not in the store; was it pushed? run 'git dvx push' on "
           "the machine that has it, then retry",
           what);
    if (e.kind() == ErrorKind::corrupt)
      fail(ErrorKind::corrupt, "{}; it was not written to the cache or the working tree", e.what());
    fail(e.kind(), "download of {} failed: {}", what, e.what());
  }
}

TransferResult download_missing(remote::Remote& remote, const cache::ObjectStore& store,
                                const std::vector<Item>& items, const TransferOptions& options) {
  TransferResult result;
  auto all = distinct(items);
  result.requested = all.size();
  std::vector<Item> todo;
  std::uint64_t total = 0;
  std::vector<std::string> oids;
  oids.reserve(all.size());
  for (const auto& item : all) oids.push_back(item.pointer.oid);
  auto cached = store.contains_many(oids);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (cached[i]) continue;
    todo.push_back(all[i]);
    total += all[i].pointer.size;
  }
  result.present = all.size() - todo.size();
  if (todo.empty()) return result;
  largest_first(todo);

  Progress progress("downloading", "from " + remote.describe(), todo.size(), total, options.progress);
  std::mutex mutex;
  util::parallel_for(todo.size(), job_count(options, todo.size()), [&](std::size_t i) {
    const Item& item = todo[i];
    try {
      download_one(remote, store, item);
      {
        std::lock_guard lock(mutex);
        ++result.transferred;
        result.moved.push_back(item);
        result.bytes += item.pointer.size;
      }
      if (options.on_downloaded) options.on_downloaded(item);
    } catch (const Error& e) {
      std::lock_guard lock(mutex);
      result.failures.push_back({item, e.kind(), e.what()});
    }
    progress.advance(item.pointer.size);
  });
  progress.finish(result.failures.empty());
  result.seconds = progress.seconds();
  return result;
}

}  // namespace dvx::transfer
