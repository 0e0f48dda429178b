#include "dvx/dvc/dvc_history.hpp"

#include <filesystem>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::dvc {

namespace {

// The out of `dvc` (read from `dvc_file`) whose path, taken relative to the
// .dvc file's folder, is `target`.
const DvcOut* out_named(const DvcFile& dvc, const std::string& dvc_file, const std::string& target) {
  fs::path folder = fs::path(dvc_file).parent_path();
  for (const auto& out : dvc.outs)
    if ((folder / out.path).lexically_normal().generic_string() == target) return &out;
  return nullptr;
}

}  // namespace

std::optional<DvcTracked> dvc_tracked(const std::string& path, const ReadRevisionFile& read,
                                      ObjectSource* objects) {
  const std::string file_dvc = path + ".dvc";
  if (auto text = read(file_dvc)) {
    DvcFile dvc = parse_dvc_file(*text, file_dvc);
    if (const DvcOut* out = out_named(dvc, file_dvc, path); out && !out->md5.empty() && !out->is_dir())
      return DvcTracked{file_dvc, out->md5, out->size, out->legacy};
  }
  if (!objects) return std::nullopt;
  // A file inside a folder DVC tracked as a whole: the nearest folder's .dvc.
  for (fs::path folder = fs::path(path).parent_path(); !folder.empty(); folder = folder.parent_path()) {
    const std::string name = folder.generic_string();
    auto text = read(name + ".dvc");
    if (!text) continue;
    DvcFile dvc = parse_dvc_file(*text, name + ".dvc");
    const DvcOut* out = out_named(dvc, name + ".dvc", name);
    if (!out || !out->is_dir()) continue;
    auto manifest = objects->find(out->md5, false);
    if (!manifest)
      fail(ErrorKind::not_found, "the manifest {} of {} (tracked by {}) is in none of {}", out->md5, name,
           name + ".dvc", objects->places());
    const std::string relpath = fs::path(path).lexically_relative(folder).generic_string();
    for (const auto& entry : parse_dir_manifest(util::read_file(manifest->path), out->md5))
      if (entry.relpath == relpath) return DvcTracked{name + ".dvc", entry.md5, std::nullopt, out->legacy};
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace dvx::dvc
