#include "dvx/filter/dvx_filter.hpp"

#include <algorithm>
#include <cstring>
#include <iostream>

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

void warn_missing(const std::string& path, const core::Pointer& pointer, const std::string& why) {
  std::cerr << "git-dvx: warning: " << path << ": object " << pointer.oid.substr(0, 12) << " " << why
            << "; left the pointer in the working tree" << std::endl;
}

// Writes the object, or the pointer text with a warning when it cannot be had.
void emit(const cache::ObjectStore& store, transfer::Downloader* downloader, const std::string& path,
          const core::Pointer& pointer, const std::string& pointer_text, const ByteSink& out) {
  if (!store.contains(pointer.oid)) {
    std::string why = "is not in the cache and no remote is configured";
    if (downloader) {
      auto result = downloader->fetch(pointer);
      why = result.error.empty() ? "" : "could not be downloaded: " + result.error;
    }
    if (!why.empty()) {
      warn_missing(path, pointer, why);
      out(pointer_text.data(), pointer_text.size());
      return;
    }
  }
  store.read(pointer, out);
}

}  // namespace

void clean(cache::ObjectStore& store, const cache::ByteSource& in, const ByteSink& out) {
  Head head = read_head(in);
  if (head.complete && (head.bytes.empty() || core::parse_pointer(head.bytes))) {
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
            const cache::ByteSource& in, const ByteSink& out) {
  Head head = read_head(in);
  auto pointer = pointer_of(head);
  if (!pointer) return pass_through(head, in, out);
  emit(store, downloader, path, *pointer, head.bytes, out);
}

DvxFilter::DvxFilter(cache::ObjectStore& store, transfer::Downloader* downloader, bool skip_smudge)
    : store_(store), downloader_(downloader), skip_smudge_(skip_smudge) {}

git::FilterOutcome DvxFilter::handle(const git::FilterRequest& request, git::ContentReader& in,
                                     git::ContentWriter& out) {
  auto source = [&](char* buf, std::size_t size) { return in.read(buf, size); };
  auto sink = [&](const char* data, std::size_t size) { out.write(data, size); };
  if (request.command == "clean") {
    clean(store_, source, sink);
    return git::FilterOutcome::success;
  }
  // A delayed path that git asks for again comes with empty content.
  if (auto it = delayed_.find(request.pathname); it != delayed_.end()) {
    core::Pointer pointer = it->second;
    delayed_.erase(it);
    in.drain();
    if (store_.contains(pointer.oid)) {
      store_.read(pointer, sink);
    } else {
      warn_missing(request.pathname, pointer, "could not be downloaded: " + finished_[pointer.oid]);
      std::string text = core::format_pointer(pointer);
      sink(text.data(), text.size());
    }
    return git::FilterOutcome::success;
  }
  Head head = read_head(source);
  auto pointer = pointer_of(head);
  if (skip_smudge_ || !pointer) {
    pass_through(head, source, sink);
    return git::FilterOutcome::success;
  }
  if (downloader_ && request.can_delay && !store_.contains(pointer->oid)) {
    downloader_->request(*pointer);
    delayed_[request.pathname] = *pointer;
    return git::FilterOutcome::delayed;
  }
  emit(store_, downloader_, request.pathname, *pointer, head.bytes, sink);
  return git::FilterOutcome::success;
}

std::vector<std::string> DvxFilter::list_available_blobs() {
  // Every delayed path whose object has finished (well or not) is ready:
  // the second request then writes the bytes, or the pointer and a warning.
  std::vector<std::string> ready;
  auto collect = [&] {
    for (auto& [path, pointer] : delayed_)
      if (finished_.count(pointer.oid) || store_.contains(pointer.oid))
        ready.push_back(path);
  };
  collect();
  while (ready.empty() && !delayed_.empty()) {
    auto done = downloader_->wait_some();
    if (done.empty()) {  // nothing pending: give every remaining path back
      for (auto& [path, pointer] : delayed_) ready.push_back(path);
      break;
    }
    for (auto& d : done) finished_[d.pointer.oid] = d.error;
    collect();
  }
  return ready;
}

}  // namespace dvx::filter
