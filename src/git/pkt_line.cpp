#include "dvx/git/pkt_line.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::git {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::size_t PktReader::fill(char* dst, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    if (begin_ == end_) {
      ssize_t n;
      do n = ::read(fd_, buf_.data(), buf_.size());
      while (n < 0 && errno == EINTR);
      if (n < 0) fail_errno("cannot read from git", errno);
      if (n == 0) break;
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    std::size_t take = std::min(size - done, end_ - begin_);
    std::memcpy(dst + done, buf_.data() + begin_, take);
    begin_ += take;
    done += take;
  }
  return done;
}

PktReader::Kind PktReader::read(std::string& payload) {
  char header[4];
  std::size_t got = fill(header, 4);
  if (got == 0) return Kind::eof;
  if (got < 4) fail(ErrorKind::corrupt, "pkt-line: truncated length header");
  int length = 0;
  for (char c : header) {
    int v = hex_value(c);
    if (v < 0) fail(ErrorKind::corrupt, "pkt-line: bad length header '{}'", std::string_view(header, 4));
    length = length * 16 + v;
  }
  if (length == 0) return Kind::flush;
  if (length < 4 || static_cast<std::size_t>(length) > kMaxPacket)
    fail(ErrorKind::corrupt, "pkt-line: invalid packet length {}", length);
  payload.resize(static_cast<std::size_t>(length) - 4);
  if (fill(payload.data(), payload.size()) != payload.size())
    fail(ErrorKind::corrupt, "pkt-line: truncated packet (expected {} bytes)", payload.size());
  return Kind::data;
}

std::optional<std::string> PktReader::read_line() {
  std::string payload;
  switch (read(payload)) {
    case Kind::flush: return std::nullopt;
    case Kind::eof: fail(ErrorKind::corrupt, "pkt-line: unexpected end of input");
    case Kind::data: break;
  }
  if (!payload.empty() && payload.back() == '\n') payload.pop_back();
  return payload;
}

std::vector<std::pair<std::string, std::string>> PktReader::read_key_values() {
  std::vector<std::pair<std::string, std::string>> out;
  while (auto line = read_line()) {
    auto eq = line->find('=');
    if (eq == std::string::npos) fail(ErrorKind::corrupt, "pkt-line: expected key=value, got '{}'", *line);
    out.emplace_back(line->substr(0, eq), line->substr(eq + 1));
  }
  return out;
}

PktWriter::~PktWriter() {
  try {
    push();
  } catch (...) {
  }
}

void PktWriter::write(std::string_view data) {
  while (!data.empty()) {
    std::size_t n = std::min(data.size(), kMaxPayload);
    char header[5];
    fmt::format_to(header, "{:04x}", n + 4);
    out_.append(header, 4);
    if (n >= kDirectWrite) {
      // Large payloads go straight from the caller's buffer to the pipe.
      util::write_all(fd_, out_, data.substr(0, n), "git (filter pipe)");
      out_.clear();
    } else {
      out_.append(data.data(), n);
      if (out_.size() >= kMaxPacket) push();
    }
    data.remove_prefix(n);
  }
}

void PktWriter::write_line(std::string_view text) {
  std::string line(text);
  line += '\n';
  write(line);
}

void PktWriter::flush_packet() {
  end_packet();
  push();
}

void PktWriter::end_packet() {
  out_ += "0000";
}

void PktWriter::push() {
  if (out_.empty()) return;
  // Cleared only after a successful write, keeping its capacity for reuse.
  util::write_all(fd_, out_.data(), out_.size(), "git (filter pipe)");
  out_.clear();
}

}  // namespace dvx::git
