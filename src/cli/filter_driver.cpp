#include "cli/filter_driver.hpp"

namespace dvx::cli {

void set_filter_driver(git::ConfigScope scope, const std::string& name) {
  git::config_set(scope, {}, "filter." + name + ".process", "git-dvx filter-process");
  git::config_set(scope, {}, "filter." + name + ".clean", "git-dvx clean -- %f");
  git::config_set(scope, {}, "filter." + name + ".smudge", "git-dvx smudge -- %f");
  git::config_set(scope, {}, "filter." + name + ".required", "true");
}

}  // namespace dvx::cli
