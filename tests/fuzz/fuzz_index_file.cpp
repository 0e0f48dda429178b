// git's index file: parse_index_file answers entries or nullopt for any
// bytes, never reading past them; each entry's path is within the input's
// size (v4 paths grow by suffixes, never beyond what the input spelled).
#include <cstdlib>
#include <string_view>

#include "dvx/git/index_file.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto entries = dvx::git::parse_index_file(bytes)) {
    for (const auto& e : *entries) {
      if (e.stage < 0 || e.stage > 3) std::abort();
      if (e.path.find('\0') != std::string::npos) std::abort();
    }
  }
  return 0;
}
