#pragma once
// The built-in backends. remote.cpp registers every entry of
// kBuiltinBackends on first use of the registry (no static initialisers:
// those are dropped when the library is linked statically and nothing
// references the file). Adding a backend: a folder src/remote/<name>/ that
// defines `Backend <name>_backend()`, and its line below
// (docs/writing-a-backend.md).
#include "dvx/remote/backend.hpp"

namespace dvx::remote {

Backend directory_backend();  // local/local_remote.cpp
Backend s3_backend();         // s3/s3_backend.cpp

inline constexpr Backend (*kBuiltinBackends[])() = {directory_backend, s3_backend};

}  // namespace dvx::remote
