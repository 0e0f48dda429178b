#pragma once
// git config for git-dvx as a filter driver: "dvx", and "lfs" too for
// `install --lfs` (the pointers are git-lfs's, so git-dvx can answer for it).
#include <string>

#include "dvx/git/commands.hpp"

namespace dvx::cli {

void set_filter_driver(git::ConfigScope scope, const std::string& name);

}  // namespace dvx::cli
