#include <fmt/core.h>

#include "cli/command.hpp"
#include "cli/options.hpp"

namespace dvx::cli {
namespace {
int run_version(const std::vector<std::string>& args) {
  if (parse_args(args, "version", po::options_description("options")).help) return 0;
  fmt::print("git-dvx {}\n", DVX_VERSION);
  return 0;
}
DVX_COMMAND("version", "print the git-dvx version", run_version);
}  // namespace
}  // namespace dvx::cli
