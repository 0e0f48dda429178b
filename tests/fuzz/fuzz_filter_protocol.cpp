// The long-running filter protocol as git would speak it, with arbitrary
// bytes on the pipe: the server answers or throws Error(corrupt), never
// crashes, and stops at EOF.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "dvx/git/filter_protocol.hpp"
#include "dvx/util/error.hpp"
#include "fuzz_support.hpp"

namespace {

// Echoes a digest of the content; paths starting with "e" fail (before or
// after output), "d" with can-delay are delayed and listed once.
class Handler : public dvx::git::FilterHandler {
 public:
  dvx::git::FilterOutcome handle(const dvx::git::FilterRequest& request, dvx::git::ContentReader& in,
                                 dvx::git::ContentWriter& out) override {
    char buf[4096];
    std::size_t total = 0, n;
    while ((n = in.read(buf, sizeof buf)) > 0) total += n;
    if (request.pathname.starts_with("e0")) throw dvx::Error(dvx::ErrorKind::corrupt, "before output");
    if (request.can_delay && request.pathname.starts_with("d")) {
      delayed_.insert(request.pathname);
      return dvx::git::FilterOutcome::delayed;
    }
    out.write(std::to_string(total));
    if (request.pathname.starts_with("e1")) throw dvx::Error(dvx::ErrorKind::corrupt, "after output");
    return dvx::git::FilterOutcome::success;
  }
  std::vector<std::string> list_available_blobs() override {
    std::vector<std::string> ready(delayed_.begin(), delayed_.end());
    delayed_.clear();
    return ready;
  }
  void report_error(const dvx::git::FilterRequest&, const std::string&) override {}

 private:
  std::set<std::string> delayed_;
};

int null_fd() {
  static const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (fd < 0) std::abort();
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dvx::fuzz::MemFd input(data, size);
  Handler handler;
  try {
    dvx::git::serve_filter_process(input.fd(), null_fd(), handler);
  } catch (const dvx::Error&) {
  }
  return 0;
}
