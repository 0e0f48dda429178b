#pragma once
// The transfer queue: moves objects between the local cache and a remote in
// parallel (`jobs` at a time), only those missing on the other side (one
// batched existence check for uploads; the cache for downloads). Every
// download goes to a temporary file and is hashed before it enters the cache
// (ObjectStore::adopt), so nothing unverified is ever materialised.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/remote/options.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/util/error.hpp"

namespace dvx::transfer {

// One object to move; `label` names it in messages (a worktree path, or
// "path at rev").
struct Item {
  core::Pointer pointer;
  std::string label;
};

struct Failure {
  Item item;
  ErrorKind kind = ErrorKind::permanent;
  std::string message;  // names the object, the remote and the cause
};

struct TransferOptions {
  TransferOptions(int jobs_ = remote::kDefaultJobs, bool progress_ = false)
      : jobs(jobs_), progress(progress_) {}
  int jobs = remote::kDefaultJobs;
  bool progress = false;  // see progress.hpp (progress_enabled())
  // Downloads only: called from the worker thread as soon as an object has
  // entered the cache (hashed and verified), so work on it can overlap the
  // other downloads. Must be thread-safe and must not throw.
  std::function<void(const Item&)> on_downloaded;
};

struct TransferResult {
  std::size_t requested = 0;    // distinct objects asked for
  std::size_t transferred = 0;  // objects moved
  std::vector<Item> moved;      // those objects (for --json), in no particular order
  std::uint64_t bytes = 0;      // bytes moved
  std::size_t present = 0;      // already on the other side
  double seconds = 0;
  std::vector<Failure> failures;  // downloads only (uploads throw)
};

// Distinct objects (by oid), first label kept, in first-seen order.
std::vector<Item> distinct(const std::vector<Item>& items);

// Uploads the objects the remote lacks. The first failure stops the queue
// (running uploads finish) and is thrown as Error (same kind) whose message
// reads "upload of <label> (<oid12>…) to <remote> failed: <cause>". An object
// missing from both the cache and the remote is an Error(not_found).
TransferResult upload_missing(remote::Remote& remote, const cache::ObjectStore& store,
                              const std::vector<Item>& items, const TransferOptions& options);

// Downloads the objects the cache lacks. Failures (absent on the remote,
// hash mismatch, remote errors) are collected in result.failures; the other
// downloads carry on.
TransferResult download_missing(remote::Remote& remote, const cache::ObjectStore& store,
                                const std::vector<Item>& items, const TransferOptions& options);

// Downloads one object into the cache (no progress); throws Error naming
// `label` on failure.
void download_one(remote::Remote& remote, const cache::ObjectStore& store, const Item& item);

}  // namespace dvx::transfer
