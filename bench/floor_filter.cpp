// A long-running git filter that does no work: the floor under any filter.
//
// clean reads and discards the content and answers a unique pointer-shaped
// text (a counter, not a hash); smudge answers `size` zero bytes. Timing git
// with this filter shows what git itself spends on an add or checkout through
// the filter protocol (pipe reads, buffering, writing blobs and files), so
// bench/core_bench.sh can say how much of a tool's time is git's own.
//
// `floor-filter STORE` also keeps each cleaned content, as any tool that
// keeps a copy of the data must: an unnamed file in STORE/tmp linked as
// STORE/<aa>/<bb>/<name> (folders made when missing; the name spreads over
// the same 65,536 folders as a hash would, without hashing), and one
// syncfs() of STORE when git closes the pipe. That is the floor of a
// durable `git add`: git's own cost plus writing each file once.
// Built by the bench script: c++ -O2 -std=c++20 floor_filter.cpp
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

constexpr std::size_t kMaxPayload = 65516;

void read_exact(char* buf, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::read(0, buf, size);
    if (n <= 0) std::exit(0);  // git closed the pipe: done
    buf += n;
    size -= static_cast<std::size_t>(n);
  }
}

void write_exact(const char* buf, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(1, buf, size);
    if (n <= 0) std::exit(1);
    buf += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Reads packets up to a flush, appending payloads to `out` (if given) and
// returning the total payload size.
std::size_t read_until_flush(std::string* out) {
  static std::vector<char> payload(kMaxPayload);
  std::size_t total = 0;
  for (;;) {
    char header[5] = {};
    read_exact(header, 4);
    std::size_t length = std::strtoul(header, nullptr, 16);
    if (length == 0) return total;
    read_exact(payload.data(), length - 4);
    total += length - 4;
    if (out) out->append(payload.data(), length - 4);
  }
}

void write_packet(const char* data, std::size_t size) {
  char header[5];
  std::snprintf(header, sizeof header, "%04zx", size + 4);
  write_exact(header, 4);
  write_exact(data, size);
}

void write_line(const std::string& line) {
  write_packet(line.data(), line.size());
}

int store_fd = -1;  // STORE, when given

// Keeps `content` as STORE/<aa>/<bb>/<name of counter>.
void store(const std::string& content, unsigned long counter) {
  unsigned long long x = counter * 0x9e3779b97f4a7c15ull;  // spread over the folders
  x ^= x >> 29;
  char name[2 + 1 + 2 + 1 + 16 + 1];
  std::snprintf(name, sizeof name, "%02llx/%02llx/%016llx", x >> 56, (x >> 48) & 0xff, x);
  int fd = ::openat(store_fd, "tmp", O_TMPFILE | O_WRONLY, 0444);
  if (fd < 0 || ::write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size()))
    std::exit(1);
  char proc[64];
  std::snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (::linkat(AT_FDCWD, proc, store_fd, name, AT_SYMLINK_FOLLOW) != 0) {
    name[2] = '\0';
    ::mkdirat(store_fd, name, 0777);
    name[2] = '/', name[5] = '\0';
    ::mkdirat(store_fd, name, 0777);
    name[5] = '/';
    if (::linkat(AT_FDCWD, proc, store_fd, name, AT_SYMLINK_FOLLOW) != 0) std::exit(1);
  }
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    ::mkdir(argv[1], 0777);
    store_fd = ::open(argv[1], O_RDONLY | O_DIRECTORY);
    if (store_fd < 0 || (::mkdirat(store_fd, "tmp", 0777) != 0 && errno != EEXIST)) return 1;
    std::atexit([] { ::syncfs(store_fd); });
  }
  read_until_flush(nullptr);
  write_line("git-filter-server\n");
  write_line("version=2\n");
  write_exact("0000", 4);
  read_until_flush(nullptr);
  write_line("capability=clean\n");
  write_line("capability=smudge\n");
  write_exact("0000", 4);
  static std::vector<char> zeros(kMaxPayload);
  for (unsigned long counter = 1;; ++counter) {
    std::string keys, content;
    read_until_flush(&keys);
    bool clean = keys.find("command=clean") != std::string::npos;
    std::size_t size = read_until_flush(clean && store_fd < 0 ? nullptr : &content);
    if (clean && store_fd >= 0) store(content, counter);
    write_line("status=success\n");
    write_exact("0000", 4);
    if (clean) {
      char pointer[160];
      int n = std::snprintf(pointer, sizeof pointer,
                            "version https://git-lfs.github.com/spec/v1\noid sha256:%064lx\nsize %zu\n",
                            counter, size);
      write_packet(pointer, static_cast<std::size_t>(n));
    } else {
      std::size_t remaining = std::strtoull(content.c_str() + content.rfind("size ") + 5, nullptr, 10);
      while (remaining > 0) {
        std::size_t n = remaining < kMaxPayload ? remaining : kMaxPayload;
        write_packet(zeros.data(), n);
        remaining -= n;
      }
    }
    write_exact("00000000", 8);  // end of content, empty trailer
  }
}
