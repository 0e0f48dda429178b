#pragma once
// Small output formatting shared by commands.
#include <cstdint>
#include <string>

namespace dvx::cli {

// 0 B, 1023 B, 1.0 KB, 412 MB, 1.9 GB (decimal units, as git-lfs prints).
std::string human_size(std::uint64_t bytes);

}  // namespace dvx::cli
