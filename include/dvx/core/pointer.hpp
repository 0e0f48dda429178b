#pragma once
// Pointer records, byte-compatible with the Git LFS v1 pointer:
//   version https://git-lfs.github.com/spec/v1\noid sha256:<hex>\nsize <n>\n
// parse_pointer() follows git-lfs's strict rules: anything that is not a
// valid pointer (1024+ bytes, unknown keys, wrong order, bad oid or size,
// non-canonical encoding) is "not a pointer", i.e. std::nullopt.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dvx::core {

inline constexpr std::size_t kMaxPointerSize = 1024;  // a blob this big is never a pointer
inline constexpr std::string_view kPointerVersion = "https://git-lfs.github.com/spec/v1";

struct Pointer {
  std::string oid;  // 64 lowercase hex digits (SHA-256)
  std::uint64_t size = 0;
  friend bool operator==(const Pointer&, const Pointer&) = default;
};

bool is_valid_oid(std::string_view oid);

// The canonical pointer text. The empty file is its own pointer: callers
// handle size 0 (clean of an empty file yields an empty blob).
std::string format_pointer(const Pointer& pointer);

std::optional<Pointer> parse_pointer(std::string_view text);

}  // namespace dvx::core
