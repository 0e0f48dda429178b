#pragma once
// Factories of the built-in backends. remote.cpp registers them explicitly
// on first use of the registry (no static initialisers: those are dropped
// when the library is linked statically and nothing references the file).
#include <memory>

#include "dvx/remote/remote.hpp"

namespace dvx::remote {

std::unique_ptr<Remote> make_local_remote(const RemoteConfig& config);
std::unique_ptr<Remote> make_s3_remote(const RemoteConfig& config);

}  // namespace dvx::remote
