// Pointer parsing: any bytes either are not a pointer or parse into a
// pointer whose canonical text parses back to the same value (and equals the
// input when the input used the current version line).
#include <cstdlib>

#include "dvx/core/pointer.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = dvx::fuzz::as_text(data, size);
  const auto pointer = dvx::core::parse_pointer(text);
  if (!pointer) return 0;
  if (!dvx::core::is_valid_oid(pointer->oid)) std::abort();
  const std::string canonical = dvx::core::format_pointer(*pointer);
  const auto again = dvx::core::parse_pointer(canonical);
  if (!again || !(*again == *pointer)) std::abort();
  if (text.starts_with("version https://git-lfs.github.com/spec/v1\n") && canonical != text) std::abort();
  return 0;
}
