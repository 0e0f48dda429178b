#pragma once
// git's pkt-line framing (protocol-common.txt): 4 hex digits of length that
// count themselves, at most 65520 bytes per packet, "0000" is a flush.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::git {

inline constexpr std::size_t kMaxPacket = 65520;
inline constexpr std::size_t kMaxPayload = kMaxPacket - 4;

class PktReader {
 public:
  explicit PktReader(int fd) : fd_(fd) {}
  enum class Kind { data, flush, eof };
  // Reads one packet into `payload`. `eof` only at a packet boundary; a
  // truncated or malformed packet throws Error(corrupt).
  Kind read(std::string& payload);
  // A text packet with its trailing LF removed; nullopt at a flush. EOF
  // here is an error (git closed the pipe mid-message).
  std::optional<std::string> read_line();
  // Reads "key=value" lines up to a flush.
  std::vector<std::pair<std::string, std::string>> read_key_values();

 private:
  std::size_t fill(char* dst, std::size_t size);  // buffered read; returns < size only at EOF
  int fd_;
  std::vector<char> buf_ = std::vector<char>(kMaxPacket * 2);
  std::size_t begin_ = 0, end_ = 0;
};

class PktWriter {
 public:
  explicit PktWriter(int fd) : fd_(fd) {}
  ~PktWriter();
  // Writes `data` as one or more packets (never an empty packet).
  void write(std::string_view data);
  void write_line(std::string_view text);  // appends LF
  void flush_packet();                     // "0000", then pushes buffered bytes to the fd
  void end_packet();                       // "0000", kept in the buffer (more of the answer follows)
  void push();                             // writes buffered bytes to the fd

 private:
  static constexpr std::size_t kDirectWrite = 8192;  // payloads this large skip the buffer
  int fd_;
  std::string out_;
};

}  // namespace dvx::git
