#pragma once
// `git dvx migrate dvc` (cmd_migrate.cpp dispatches to it).
#include <string>
#include <vector>

namespace dvx::cli {

int run_migrate_dvc(const std::vector<std::string>& args);

}  // namespace dvx::cli
