#pragma once
// Progress of a transfer on stderr: a live line ("uploading 12/40 objects
// (96 MB/412 MB) to s3://b/p, 186 MB/s") when stderr is a terminal, then one
// summary line ("uploading 40 objects (412 MB) to s3://b/p ... done (412 MB,
// 186 MB/s)"). Silent otherwise. GIT_DVX_PROGRESS=1 forces it on (CI logs,
// tests), GIT_DVX_PROGRESS=0 off. With the total unknown (kUnknownTotal: a
// scan that counts as it goes) the line is "scanning 12345 objects in git
// history" (with "(1.2 GB)" when bytes were counted), then "... done". A
// delayed progress (the filter's downloads, like git's own "Filtering
// content") shows nothing, not even the summary, when it ends before its delay.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace dvx::transfer {

// Whether progress should be shown (terminal or GIT_DVX_PROGRESS).
bool progress_enabled();
// git's GIT_PROGRESS_DELAY (seconds before a progress line appears), 2 s by
// default as in git.
std::chrono::milliseconds progress_delay();

class Progress {
 public:
  static constexpr std::size_t kUnknownTotal = static_cast<std::size_t>(-1);
  // verb: "uploading"/"downloading"; where: "to s3://b/p" / "from /srv/store".
  // objects == kUnknownTotal: count without a total (bytes is then ignored).
  Progress(std::string verb, std::string where, std::size_t objects, std::uint64_t bytes, bool enabled,
           std::chrono::milliseconds delay = {});
  // More work joined after the start (the filter learns its downloads one
  // request at a time); thread-safe.
  void add(std::size_t objects, std::uint64_t bytes);
  // One object finished (successfully or not); thread-safe.
  void advance(std::uint64_t bytes);
  // Prints the summary line (" ... done" or " ... failed").
  void finish(bool ok);
  double seconds() const;

 private:
  void draw(bool final_line, bool ok);

  std::string verb_, where_;
  std::size_t total_objects_;
  std::uint64_t total_bytes_;
  bool enabled_;
  bool live_;  // redraw a line in place (terminal only)
  std::mutex mutex_;
  std::size_t done_objects_ = 0;
  std::uint64_t done_bytes_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::chrono::milliseconds delay_;
  bool shown_ = false;  // a line was drawn
  bool finished_ = false;
};

}  // namespace dvx::transfer
