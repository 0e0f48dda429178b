// pkt-line framing: reads packets (and key=value lists) until EOF or an
// Error(corrupt); a packet is never larger than the protocol allows.
#include <cstdlib>

#include "dvx/git/pkt_line.hpp"
#include "dvx/util/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks the reading style; the rest is the stream.
  if (size == 0) return 0;
  const bool key_values = data[0] & 1;
  dvx::fuzz::MemFd input(data + 1, size - 1);
  dvx::git::PktReader reader(input.fd());
  try {
    if (key_values) {
      for (int i = 0; i < 1000; ++i) {
        for (const auto& [key, value] : reader.read_key_values())
          if (key.find('=') != std::string::npos) std::abort();
      }
    } else {
      std::string payload;
      for (;;) {
        auto kind = reader.read(payload);
        if (kind == dvx::git::PktReader::Kind::eof) break;
        if (payload.size() > dvx::git::kMaxPayload) std::abort();
      }
    }
  } catch (const dvx::Error&) {
  }
  return 0;
}
