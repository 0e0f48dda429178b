#pragma once
// Files DVC tracked in commits from before `git dvx migrate dvc`: there, git
// holds `path.dvc` (or the .dvc file of a folder above `path`) instead of
// `path`, and the bytes are DVC's object named by md5.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "dvx/dvc/dvc_objects.hpp"

namespace dvx::dvc {

struct DvcTracked {
  std::string dvc_file;  // the .dvc file that tracks the path at that revision
  std::string md5;       // the file's md5: from the .dvc file, or its folder's .dir manifest
  std::optional<std::uint64_t> size;
  bool legacy = true;  // DVC 2.x md5 (CRLF read as LF)
};

// Reads one file of the revision in question; nullopt when absent there.
using ReadRevisionFile = std::function<std::optional<std::string>(const std::string& path)>;

// How DVC tracked `path` (repository-relative, '/'-separated) at a
// revision read through `read`: `path.dvc`, else the .dvc file of the
// nearest folder above `path` whose .dir manifest (fetched through
// `objects`, when given) names the file. nullopt: no .dvc file covers it.
// Throws Error(corrupt) naming the .dvc file when it cannot be parsed, and
// Error(not_found) when a folder's manifest cannot be had.
std::optional<DvcTracked> dvc_tracked(const std::string& path, const ReadRevisionFile& read,
                                      ObjectSource* objects);

}  // namespace dvx::dvc
