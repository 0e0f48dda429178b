#pragma once
// git's long-running filter process protocol, version 2 (gitattributes(5),
// "Long Running Filter Process"): handshake, capability negotiation, and
// the clean/smudge/list_available_blobs request loop. What a request does is
// the FilterHandler's business; this file only speaks the protocol.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/git/pkt_line.hpp"

namespace dvx::git {

struct FilterRequest {
  std::string command;   // "clean" or "smudge"
  std::string pathname;  // relative to the worktree root
  bool can_delay = false;
  std::map<std::string, std::string> extra;  // ref=, treeish=, blob=, ... (tolerated)
};

// The content git sends with a request, read packet by packet.
class ContentReader {
 public:
  explicit ContentReader(PktReader& pkt) : pkt_(pkt) {}
  // Returns bytes copied; 0 once the closing flush was read.
  std::size_t read(char* buf, std::size_t size);
  // Reads and discards the rest (so the protocol stays in step after an error).
  void drain();
  // True once reading failed: the stream is out of step and cannot go on.
  bool broken() const { return broken_; }

 private:
  PktReader& pkt_;
  bool broken_ = false;
  std::string packet_;
  std::size_t offset_ = 0;
  bool done_ = false;
};

// The answer's content. The status line is sent lazily: "success" before the
// first byte, or "error" if the handler fails before writing anything.
class ContentWriter {
 public:
  explicit ContentWriter(PktWriter& pkt) : pkt_(pkt) {}
  void write(const char* data, std::size_t size);
  void write(std::string_view data) { write(data.data(), data.size()); }
  bool started() const { return started_; }
  void start();  // queues status=success (also for an empty result), sent with what follows

 private:
  PktWriter& pkt_;
  bool started_ = false;
};

enum class FilterOutcome { success, delayed };

class FilterHandler {
 public:
  virtual ~FilterHandler() = default;
  // Handles one request. Throwing dvx::Error answers status=error for this
  // path only (the message goes to stderr); the process keeps serving.
  virtual FilterOutcome handle(const FilterRequest& request, ContentReader& in, ContentWriter& out) = 0;
  // Blocks until at least one delayed path is ready; returns the ready paths
  // (empty when nothing is pending any more).
  virtual std::vector<std::string> list_available_blobs() = 0;
  // Called for a request that failed, to report it (stderr by default).
  virtual void report_error(const FilterRequest& request, const std::string& message);
};

// Runs the protocol on in_fd/out_fd until git closes the pipe. Returns
// normally at EOF; throws Error(corrupt) on a protocol violation.
void serve_filter_process(int in_fd, int out_fd, FilterHandler& handler);

}  // namespace dvx::git
