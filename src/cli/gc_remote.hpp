#pragma once
#include <cstdint>
#include <string>

#include "cli/gc_common.hpp"

namespace dvx::cli {

// `git dvx gc --remote [NAME]`: see cli/gc_remote.cpp. `jobs` 0 = the remote's.
int run_remote_gc(const std::string& name, GcMode mode, std::int64_t grace, std::int64_t stale, bool json,
                  int jobs);

}  // namespace dvx::cli
