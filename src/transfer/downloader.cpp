#include "dvx/transfer/downloader.hpp"

namespace dvx::transfer {

Download Downloader::fetch(const core::Pointer& pointer) {
  request(pointer);
  for (;;) {
    auto done = wait_some();
    if (done.empty()) return {pointer, "download did not complete"};
    for (auto& d : done)
      if (d.pointer.oid == pointer.oid) return d;
  }
}

// Remotes arrive with the transfer queue; until one is configured, nothing
// can be downloaded.
std::unique_ptr<Downloader> open_downloader(const git::Repo&, const cache::ObjectStore&) { return nullptr; }

}  // namespace dvx::transfer
