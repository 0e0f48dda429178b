#pragma once
// `git dvx exp show`: the table of commits and experiments (cmd_exp_show.cpp).
#include <string>
#include <vector>

#include "cli/options.hpp"

namespace dvx::cli {

// The values of a repeatable option (empty when not given).
std::vector<std::string> string_values(const ParsedArgs& parsed, const char* name);

int run_exp_show(const std::vector<std::string>& args);
int run_exp_diff(const std::vector<std::string>& args);

}  // namespace dvx::cli
