#pragma once
// Files that configure git and git-dvx themselves (.gitattributes,
// .dvxconfig, dvx.toml, dvx.lock, anything named or under .git*). They must
// stay plain text in every commit: a pointer in their place breaks every
// clone. The filter passes them through whatever the attributes say, and
// `git dvx track` refuses a pattern that would capture one.
#include <string>
#include <string_view>
#include <vector>

namespace dvx::core {

// `path` is relative to the worktree root, '/'-separated (as git names it).
bool is_control_file(std::string_view path);

// Throws Error(usage) naming the pattern and the file when the .gitattributes
// pattern `pattern` (as written in the file) matches a control file: one of
// the usual names at the root, or one of `known` (the repository's files).
void refuse_pattern_capturing_control_files(std::string_view pattern, const std::vector<std::string>& known);

}  // namespace dvx::core
