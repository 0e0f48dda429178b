#include "dvx/core/control_files.hpp"

#include <array>

#include "dvx/core/attributes.hpp"
#include "dvx/util/error.hpp"

namespace dvx::core {

namespace {
constexpr std::array<std::string_view, 4> kControlNames = {".gitattributes", ".dvxconfig", "dvx.toml",
                                                           "dvx.lock"};

// Paths a pattern is tried against even when the repository does not have
// them yet (a later `git add` would capture them).
constexpr std::array<std::string_view, 8> kProbes = {
    ".gitattributes", ".dvxconfig", ".gitignore",     ".gitmodules",
    "dvx.toml",       "dvx.lock",   ".gitlab-ci.yml", ".github/workflows/ci.yml"};
}  // namespace

bool is_control_file(std::string_view path) {
  std::string_view rest = path;
  for (;;) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part.starts_with(".git")) return true;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  for (auto name : kControlNames)
    if (rest == name) return true;
  return false;
}

void refuse_pattern_capturing_control_files(std::string_view pattern, const std::vector<std::string>& known) {
  auto refuse = [&](std::string_view file) {
    fail(ErrorKind::usage,
         "pattern '{}' would track {}, which must stay plain text in git (a pointer there breaks every "
         "clone); use a narrower pattern such as 'data/**' or '*.csv'",
         pattern, file);
  };
  for (auto probe : kProbes)
    if (attribute_pattern_matches(pattern, probe)) refuse(probe);
  for (const auto& path : known)
    if (is_control_file(path) && attribute_pattern_matches(pattern, path)) refuse(path);
}

}  // namespace dvx::core
