#pragma once
// Durations on gc's command line: a whole number with a unit, `30s`, `12h`,
// `14d`, `2w` (also `m` for minutes), or `0` for none.
#include <cstdint>
#include <string_view>

namespace dvx::gc {

// Seconds. Throws Error(usage) naming `option` and the text otherwise.
std::int64_t parse_duration(std::string_view text, std::string_view option = "--grace");

// The default grace period: two weeks, as `git gc --prune`.
inline constexpr std::int64_t kDefaultGraceSeconds = 14 * 24 * 3600;
// Temporaries of interrupted writes are swept once older than a day.
inline constexpr std::int64_t kStaleTemporarySeconds = 24 * 3600;

}  // namespace dvx::gc
