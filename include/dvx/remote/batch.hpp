#pragma once
// Existence checks of many keys at once: either one listing of the whole
// remote, when its estimated size makes that cheaper (a fresh or small
// store), or stat() calls in parallel on `jobs` threads (the remote's
// connection reuse keeps these cheap).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dvx/remote/remote.hpp"

namespace dvx::remote {

// result[i] = remote.stat(keys[i]). The first error (after the remote's own
// retries, if it is wrapped) propagates once the running checks are done.
std::vector<std::optional<std::uint64_t>> stat_many(Remote& remote, const std::vector<std::string>& keys,
                                                    int jobs);

// The subset of `keys` that the remote does not hold (order preserved).
std::vector<std::string> missing_keys(Remote& remote, const std::vector<std::string>& keys, int jobs);

}  // namespace dvx::remote
