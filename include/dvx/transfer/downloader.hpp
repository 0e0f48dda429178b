#pragma once
// Background downloads of objects into the cache, used by the smudge filter's
// delay capability: request many, then collect them as they complete.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::transfer {

struct Download {
  core::Pointer pointer;
  std::string error;  // empty when the object is now in the cache
};

class Downloader {
 public:
  virtual ~Downloader() = default;
  // Queues the object; returns at once. Requests for the same oid coalesce.
  virtual void request(const core::Pointer& pointer) = 0;
  // Blocks until at least one requested object has finished since the last
  // call and returns those; empty when nothing is pending.
  virtual std::vector<Download> wait_some() = 0;
  // Requests one object and waits for it (and ends its progress line).
  Download fetch(const core::Pointer& pointer);
  // Everything requested so far has been collected: the progress line of
  // these downloads ends with its summary; later requests start a new one.
  virtual void end_batch() {}
};

// Progress of the downloads on stderr (transfer/progress.hpp): whether, and
// after which delay (git's GIT_PROGRESS_DELAY for the filter).
struct DownloadProgress {
  bool enabled = false;
  std::chrono::milliseconds delay{};
};

// A downloader from the repository's default remote; nullptr when no remote
// is configured.
std::unique_ptr<Downloader> open_downloader(const git::Repo& repo, const cache::ObjectStore& store,
                                            DownloadProgress progress = {});

}  // namespace dvx::transfer
