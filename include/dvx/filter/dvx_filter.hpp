#pragma once
// What clean and smudge do, independent of how git talks to us (the
// long-running protocol or one process per file).
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "dvx/cache/object_store.hpp"
#include "dvx/git/filter_protocol.hpp"
#include "dvx/transfer/downloader.hpp"

namespace dvx::filter {

using ByteSink = std::function<void(const char*, std::size_t)>;

// Clean: stores the content in the cache and emits its pointer. Content that
// is already a valid pointer, and the empty file, pass through unchanged.
void clean(cache::ObjectStore& store, const cache::ByteSource& in, const ByteSink& out);

// Smudge: a pointer becomes the object's bytes, verified on the way (a
// mismatch throws Error(corrupt) after the bytes went to `out`: callers must
// treat the output as failed). Anything that is not a pointer passes through
// unchanged. An object not in the cache is fetched through `downloader` when
// there is one; if it still cannot be had, the pointer text is written and a
// warning naming `path` goes to stderr.
void smudge(const cache::ObjectStore& store, transfer::Downloader* downloader, const std::string& path,
            const cache::ByteSource& in, const ByteSink& out);

// The long-running filter: clean, smudge, and delayed smudges that download
// missing objects in parallel through a Downloader.
class DvxFilter : public git::FilterHandler {
 public:
  DvxFilter(cache::ObjectStore& store, transfer::Downloader* downloader, bool skip_smudge);
  git::FilterOutcome handle(const git::FilterRequest& request, git::ContentReader& in,
                            git::ContentWriter& out) override;
  std::vector<std::string> list_available_blobs() override;

 private:
  cache::ObjectStore& store_;
  transfer::Downloader* downloader_;
  bool skip_smudge_;
  std::map<std::string, core::Pointer> delayed_;    // path -> pointer, awaiting download
  std::map<std::string, std::string> finished_;     // oid -> download error ("" = ok)
};

}  // namespace dvx::filter
