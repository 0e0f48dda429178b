#pragma once
// Editing .gitattributes for `git dvx track`/`untrack`: lines of the form
//   <pattern> filter=dvx -text
// Patterns are escaped as git expects (spaces as [[:space:]], like git-lfs).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::core {

inline constexpr std::string_view kTrackAttributes = "filter=dvx -text";

// Throws Error(usage) naming the pattern when git could not use it in
// .gitattributes (empty, negated, a folder pattern ending in '/', control
// characters).
std::string escape_attribute_pattern(std::string_view pattern);

// Whether the .gitattributes pattern `pattern` (as written in the root
// .gitattributes) matches `path` (relative to the root, '/'-separated), by
// git's rules: without a slash it matches the file name at any depth; with
// one it is anchored at the root; `*`, `?` and `[...]` stop at '/' and a
// `**` segment spans any number of folders. `*` matches a leading dot.
bool attribute_pattern_matches(std::string_view pattern, std::string_view path);

// Patterns (as written in the file) whose line sets filter=dvx.
std::vector<std::string> tracked_patterns(std::string_view gitattributes_text);

struct AttributesEdit {
  std::string text;                  // the new file content
  std::vector<std::string> changed;  // patterns added (track) or removed (untrack)
};
AttributesEdit add_tracked_patterns(std::string_view text, const std::vector<std::string>& patterns);
AttributesEdit remove_tracked_patterns(std::string_view text, const std::vector<std::string>& patterns);

// Reads, edits and atomically rewrites `file`; returns the changed patterns.
std::vector<std::string> track_patterns(const std::filesystem::path& file,
                                        const std::vector<std::string>& patterns);
std::vector<std::string> untrack_patterns(const std::filesystem::path& file,
                                          const std::vector<std::string>& patterns);

}  // namespace dvx::core
