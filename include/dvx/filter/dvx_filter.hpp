#pragma once
// What clean and smudge do, independent of how git talks to us (the
// long-running protocol or one process per file).
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/git/filter_protocol.hpp"
#include "dvx/transfer/downloader.hpp"

namespace dvx::filter {

using ByteSink = std::function<void(const char*, std::size_t)>;

struct SmudgeOptions {
  bool skip_smudge = false;  // GIT_DVX_SKIP_SMUDGE: pointers stay, on purpose
  bool skip_download_errors =
      false;  // dvx.skipdownloaderrors: a missing object leaves its pointer, with a warning
};

// Clean: stores the content in the cache and emits its pointer. Content that
// is already a valid pointer, the empty file, and control files
// (core::is_control_file(path), whatever the attributes say) pass through
// unchanged.
void clean(cache::ObjectStore& store, const std::string& path, const cache::ByteSource& in,
           const ByteSink& out);

// Smudge: a pointer becomes the object's bytes, verified on the way (a
// mismatch throws Error(corrupt) after the bytes went to `out`: callers must
// treat the output as failed). Anything that is not a pointer, and control
// files, pass through unchanged. An object not in the cache is fetched
// through `downloader` when there is one; if it still cannot be had, an
// Error(not_found) names `path`, the object, the store and the next step
// (with skip_download_errors: the pointer text and a warning on stderr).
void smudge(const cache::ObjectStore& store, transfer::Downloader* downloader, const std::string& path,
            const SmudgeOptions& options, const cache::ByteSource& in, const ByteSink& out);

// The long-running filter: clean, smudge, and delayed smudges that download
// missing objects in parallel through a Downloader. A file whose object
// cannot be had is answered status=error (git then fails the checkout);
// the process keeps serving the other files.
class DvxFilter : public git::FilterHandler {
 public:
  DvxFilter(cache::ObjectStore& store, transfer::Downloader* downloader, SmudgeOptions options);
  git::FilterOutcome handle(const git::FilterRequest& request, git::ContentReader& in,
                            git::ContentWriter& out) override;
  std::vector<std::string> list_available_blobs() override;

 private:
  std::string delayed_error(const core::Pointer& pointer) const;

  cache::ObjectStore& store_;
  transfer::Downloader* downloader_;
  SmudgeOptions options_;
  std::map<std::string, core::Pointer> delayed_;  // path -> pointer, until git asks for it again
  std::map<std::string, std::string> finished_;   // oid -> download error ("" = ok)
  // Delayed paths by state, each path in one of them until listed:
  std::map<std::string, std::vector<std::string>> waiting_;  // oid -> paths, download pending
  std::vector<std::string> arrived_, failed_;                // download done, not yet listed
};

}  // namespace dvx::filter
