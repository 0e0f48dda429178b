#include "dvx/core/attributes.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <sstream>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::core {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return lines;
}

// The pattern of an attributes line and whether it sets filter=dvx.
std::pair<std::string, bool> parse_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::istringstream words{std::string(line)};
  std::string pattern, attr;
  words >> pattern;
  if (pattern.empty() || pattern[0] == '#') return {"", false};
  bool dvx = false;
  while (words >> attr) dvx = dvx || attr == "filter=dvx";
  return {pattern, dvx};
}

std::vector<std::string> split_path(std::string_view text) {
  std::vector<std::string> parts;
  for (;;) {
    auto slash = text.find('/');
    parts.emplace_back(text.substr(0, slash));
    if (slash == std::string_view::npos) return parts;
    text.remove_prefix(slash + 1);
  }
}

bool segments_match(const std::vector<std::string>& pattern, std::size_t p,
                    const std::vector<std::string>& path, std::size_t i) {
  if (p == pattern.size()) return i == path.size();
  if (pattern[p] == "**") {
    for (std::size_t k = i; k <= path.size(); ++k)
      if (segments_match(pattern, p + 1, path, k)) return true;
    return false;
  }
  // Within one segment there is no '/', so fnmatch without FNM_PERIOD is
  // git's wildmatch: `*` matches a leading dot, as it does for git.
  return i < path.size() && ::fnmatch(pattern[p].c_str(), path[i].c_str(), 0) == 0 &&
         segments_match(pattern, p + 1, path, i + 1);
}

}  // namespace

bool attribute_pattern_matches(std::string_view pattern, std::string_view path) {
  bool anchored = pattern.find('/') != std::string_view::npos;
  if (pattern.starts_with('/')) pattern.remove_prefix(1);
  if (!anchored) {
    auto slash = path.rfind('/');
    std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
    return ::fnmatch(std::string(pattern).c_str(), name.c_str(), 0) == 0;
  }
  return segments_match(split_path(pattern), 0, split_path(path), 0);
}

std::string escape_attribute_pattern(std::string_view pattern) {
  if (pattern.empty()) fail(ErrorKind::usage, "empty pattern: nothing to track");
  if (pattern[0] == '!')
    fail(ErrorKind::usage, "pattern '{}': negative patterns are not allowed in .gitattributes", pattern);
  if (pattern.back() == '/')
    fail(ErrorKind::usage, "pattern '{}' names a folder, which .gitattributes never matches; use '{}**'",
         pattern, pattern);
  if (pattern[0] == '#') fail(ErrorKind::usage, "pattern '{}' would be read as a comment", pattern);
  std::string out;
  for (char c : pattern) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      fail(ErrorKind::usage, "pattern '{}' contains a control character", pattern);
    if (c == ' ')
      out += "[[:space:]]";
    else
      out += c;
  }
  return out;
}

std::vector<std::string> tracked_patterns(std::string_view text) {
  std::vector<std::string> out;
  for (auto line : split_lines(text))
    if (auto [pattern, dvx] = parse_line(line); dvx) out.push_back(pattern);
  return out;
}

AttributesEdit add_tracked_patterns(std::string_view text, const std::vector<std::string>& patterns) {
  AttributesEdit edit{std::string(text), {}};
  auto existing = tracked_patterns(text);
  for (const auto& raw : patterns) {
    std::string pattern = escape_attribute_pattern(raw);
    if (std::find(existing.begin(), existing.end(), pattern) != existing.end()) continue;
    if (!edit.text.empty() && edit.text.back() != '\n') edit.text += '\n';
    edit.text += fmt::format("{} {}\n", pattern, kTrackAttributes);
    existing.push_back(pattern);
    edit.changed.push_back(pattern);
  }
  return edit;
}

AttributesEdit remove_tracked_patterns(std::string_view text, const std::vector<std::string>& patterns) {
  std::vector<std::string> wanted;
  for (const auto& raw : patterns) wanted.push_back(escape_attribute_pattern(raw));
  AttributesEdit edit;
  for (auto line : split_lines(text)) {
    auto [pattern, dvx] = parse_line(line);
    if (dvx && std::find(wanted.begin(), wanted.end(), pattern) != wanted.end()) {
      edit.changed.push_back(pattern);
      continue;
    }
    edit.text.append(line);
    edit.text += '\n';
  }
  return edit;
}

namespace {
std::vector<std::string> rewrite(const std::filesystem::path& file, const std::vector<std::string>& patterns,
                                 AttributesEdit (*edit_fn)(std::string_view,
                                                           const std::vector<std::string>&)) {
  std::string text = util::read_file_if_exists(file).value_or("");
  auto edit = edit_fn(text, patterns);
  if (!edit.changed.empty()) util::write_file_atomic(file, edit.text);
  return edit.changed;
}
}  // namespace

std::vector<std::string> track_patterns(const std::filesystem::path& file,
                                        const std::vector<std::string>& patterns) {
  return rewrite(file, patterns, add_tracked_patterns);
}

std::vector<std::string> untrack_patterns(const std::filesystem::path& file,
                                          const std::vector<std::string>& patterns) {
  return rewrite(file, patterns, remove_tracked_patterns);
}

}  // namespace dvx::core
