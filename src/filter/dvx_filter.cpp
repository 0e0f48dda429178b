#include "dvx/filter/dvx_filter.hpp"

#include <algorithm>
#include <cstring>
#include <iostream>
#include <utility>

#include "dvx/core/control_files.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"

namespace dvx::filter {

namespace {

// Reads up to kMaxPointerSize bytes: enough to tell whether the input is a
// pointer. `complete` is true when that was the whole input.
struct Head {
  std::string bytes;
  bool complete = false;
};

Head read_head(const cache::ByteSource& in) {
  Head head;
  head.bytes.resize(core::kMaxPointerSize);
  std::size_t got = 0;
  while (got < head.bytes.size()) {
    std::size_t n = in(head.bytes.data() + got, head.bytes.size() - got);
    if (n == 0) {
      head.complete = true;
      break;
    }
    got += n;
  }
  head.bytes.resize(got);
  return head;
}

std::optional<core::Pointer> pointer_of(const Head& head) {
  return head.complete ? core::parse_pointer(head.bytes) : std::nullopt;
}

void pass_through(const Head& head, const cache::ByteSource& in, const ByteSink& out) {
  out(head.bytes.data(), head.bytes.size());
  if (head.complete) return;
  auto buf = util::make_io_buffer();
  while (std::size_t n = in(buf.get(), util::kIoBlock)) out(buf.get(), n);
}

// The object of `pointer` is neither cached nor downloadable (`why` names
// the object, the store and the next step). An error for this file, or with
// skip_download_errors (dvx.skipdownloaderrors) the pointer text and a warning.
void unavailable(const std::string& path, const core::Pointer& pointer, const std::string& why,
                 const SmudgeOptions& options, const ByteSink& out) {
  if (!options.skip_download_errors) fail(ErrorKind::not_found, "{}", why);
  std::cerr << "git-dvx: warning: " << path << ": " << why << "; left the pointer in the working tree"
            << std::endl;
  std::string text = core::format_pointer(pointer);
  out(text.data(), text.size());
}

std::string no_remote_reason(const core::Pointer& pointer) {
  return fmt::format("object {}… is not in the cache and {}; then run 'git dvx pull'",
                     pointer.oid.substr(0, 12), transfer::no_remote_hint());
}

// Writes the object, downloading it first when the cache lacks it.
void emit(const cache::ObjectStore& store, transfer::Downloader* downloader, const std::string& path,
          const core::Pointer& pointer, const SmudgeOptions& options, const ByteSink& out) {
  if (store.read_if_cached(pointer, out)) return;
  if (!downloader) return unavailable(path, pointer, no_remote_reason(pointer), options, out);
  auto result = downloader->fetch(pointer);
  if (!result.error.empty()) return unavailable(path, pointer, result.error, options, out);
  store.read(pointer, out);
}

}  // namespace

void clean(cache::ObjectStore& store, const std::string& path, const cache::ByteSource& in,
           const ByteSink& out) {
  Head head = read_head(in);
  if (core::is_control_file(path) ||
      (head.complete && (head.bytes.empty() || core::parse_pointer(head.bytes)))) {
    if (!head.complete) return pass_through(head, in, out);
    out(head.bytes.data(), head.bytes.size());
    return;
  }
  std::size_t head_offset = 0;
  auto pointer = store.insert([&](char* buf, std::size_t size) -> std::size_t {
    if (head_offset < head.bytes.size()) {
      std::size_t n = std::min(size, head.bytes.size() - head_offset);
      std::memcpy(buf, head.bytes.data() + head_offset, n);
      head_offset += n;
      return n;
    }
    return head.complete ? 0 : in(buf, size);
  });
  std::string text = core::format_pointer(pointer);
  out(text.data(), text.size());
}

void smudge(const cache::ObjectStore& store, transfer::Downloader* downloader, const std::string& path,
            const SmudgeOptions& options, const cache::ByteSource& in, const ByteSink& out) {
  Head head = read_head(in);
  auto pointer = pointer_of(head);
  if (options.skip_smudge || core::is_control_file(path) || !pointer) return pass_through(head, in, out);
  try {
    emit(store, downloader, path, *pointer, options, out);
  } catch (const Error& e) {
    fail(e.kind(), "{}: {}", path, e.what());
  }
}

DvxFilter::DvxFilter(cache::ObjectStore& store, transfer::Downloader* downloader, SmudgeOptions options)
    : store_(store), downloader_(downloader), options_(options) {}

git::FilterOutcome DvxFilter::handle(const git::FilterRequest& request, git::ContentReader& in,
                                     git::ContentWriter& out) {
  auto source = [&](char* buf, std::size_t size) { return in.read(buf, size); };
  auto sink = [&](const char* data, std::size_t size) { out.write(data, size); };
  if (request.command == "clean") {
    clean(store_, request.pathname, source, sink);
    return git::FilterOutcome::success;
  }
  // A delayed path that git asks for again comes with empty content.
  if (auto it = delayed_.find(request.pathname); it != delayed_.end()) {
    core::Pointer pointer = it->second;
    delayed_.erase(it);
    // The last delayed file of this checkout: its progress line ends here.
    if (delayed_.empty() && downloader_) downloader_->end_batch();
    in.drain();
    if (!store_.read_if_cached(pointer, sink))
      unavailable(request.pathname, pointer, delayed_error(pointer), options_, sink);
    return git::FilterOutcome::success;
  }
  Head head = read_head(source);
  auto pointer = pointer_of(head);
  if (options_.skip_smudge || core::is_control_file(request.pathname) || !pointer) {
    pass_through(head, source, sink);
    return git::FilterOutcome::success;
  }
  if (downloader_ && request.can_delay) {
    if (store_.read_if_cached(*pointer, sink)) return git::FilterOutcome::success;
    downloader_->request(*pointer);
    delayed_[request.pathname] = *pointer;
    if (auto done = finished_.find(pointer->oid); done != finished_.end())  // downloaded (or not) before
      (done->second.empty() ? arrived_ : failed_).push_back(request.pathname);
    else
      waiting_[pointer->oid].push_back(request.pathname);
    return git::FilterOutcome::delayed;
  }
  emit(store_, downloader_, request.pathname, *pointer, options_, sink);
  return git::FilterOutcome::success;
}

std::string DvxFilter::delayed_error(const core::Pointer& pointer) const {
  auto it = finished_.find(pointer.oid);
  if (it != finished_.end() && !it->second.empty()) return it->second;
  return fmt::format("download of object {}… did not complete; run 'git dvx pull' to retry",
                     pointer.oid.substr(0, 12));
}

std::vector<std::string> DvxFilter::list_available_blobs() {
  // The delayed paths whose object has arrived; git then asks for each
  // again and gets its bytes. A path whose download failed is handed back
  // only once no download is pending: git stops the whole checkout at the
  // first file that fails, so every file that can be written is written
  // first, whichever download ends first.
  for (;;) {
    if (!arrived_.empty()) return std::exchange(arrived_, {});
    if (waiting_.empty()) return std::exchange(failed_, {});
    auto done = downloader_->wait_some();
    if (done.empty()) {  // nothing pending: every path still waiting has failed
      for (auto& [oid, paths] : waiting_) failed_.insert(failed_.end(), paths.begin(), paths.end());
      waiting_.clear();
      continue;
    }
    for (auto& d : done) {
      finished_[d.pointer.oid] = d.error;
      auto it = waiting_.find(d.pointer.oid);
      if (it == waiting_.end()) continue;
      auto& ready = d.error.empty() ? arrived_ : failed_;
      ready.insert(ready.end(), it->second.begin(), it->second.end());
      waiting_.erase(it);
    }
  }
}

}  // namespace dvx::filter
