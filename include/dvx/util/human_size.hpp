#pragma once
// The one formatter of byte counts for people: decimal units (kB, MB, GB: as
// git-lfs and the aws CLI print), three significant digits.
#include <cstdint>
#include <string>

namespace dvx::util {

// "0 B", "999 B", "1.00 kB", "1.18 kB", "12.3 MB", "412 MB", "1.50 GB".
std::string human_size(std::uint64_t bytes);
// "+38.0 MB", "-1.20 kB", "" for 0.
std::string human_size_change(std::int64_t delta);
// "1 object", "2 objects", "0 files": `count` and `noun`, plural with an 's'.
std::string count_of(std::size_t count, const std::string& noun);

}  // namespace dvx::util
