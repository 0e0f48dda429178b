#include "dvx/migrate/dvc_project.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "migrate/yaml_json.hpp"

namespace dvx::migrate {

namespace {

std::string join_path(std::string_view dir, std::string_view path) {
  if (dir.empty() || dir == ".") return fs::path(path).lexically_normal().generic_string();
  return (fs::path(dir) / path).lexically_normal().generic_string();
}

bool same_md5(const fs::path& file, const dvc::DvcOut& out, const std::string& md5) {
  if (dvc::md5_file(file) == md5) return true;
  return out.legacy && dvc::legacy_md5_file(file) == md5;
}

// `src`'s bytes as the plain file `dest` (0644), through a temporary beside it.
void copy_into_place(const fs::path& src, const fs::path& dest) {
  fs::create_directories(dest.parent_path());
  fs::path tmp = dest.parent_path() / ("." + dest.filename().string() + ".dvx-migrate.tmp");
  {
    util::FileReader in(src);
    int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) fail(ErrorKind::permanent, "cannot create {}: {}", tmp.string(), std::strerror(errno));
    bool ok = util::copy_in_kernel(in.fd(), out, fs::file_size(src));
    ::close(out);
    if (!ok) fail(ErrorKind::permanent, "cannot copy {} to {}", src.string(), dest.string());
  }
  std::error_code ec;
  if (fs::is_symlink(dest, ec) || fs::exists(dest, ec)) fs::remove(dest);
  fs::rename(tmp, dest);
}

// A workspace file that is a link into DVC's cache (symlink, or a hard link
// of cache.type = hardlink) becomes a copy of its own, so that editing it
// later cannot damage the cache older commits are read from.
void unlink_from_cache(const fs::path& file) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0) return;
  if (S_ISLNK(st.st_mode) || (S_ISREG(st.st_mode) && st.st_nlink > 1)) {
    fs::path target = S_ISLNK(st.st_mode) ? fs::canonical(file) : file;
    copy_into_place(target, file);
  } else if (S_ISREG(st.st_mode) && !(st.st_mode & S_IWUSR)) {
    fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);  // DVC makes cached files read-only
  }
}

// Whether `path` (file) or something under it (folder) is in git's index.
bool tracked_by_git(const std::set<std::string>& index, const std::string& path) {
  if (index.count(path)) return true;
  auto it = index.lower_bound(path + "/");
  return it != index.end() && it->starts_with(path + "/");
}

std::vector<dvc::DvcOut> lock_entries(const YAML::Node& list, const std::string& what) {
  std::vector<dvc::DvcOut> out;
  if (!list || !list.IsSequence()) return out;
  for (const auto& e : list) {
    if (!e.IsMap() || !e["path"]) fail(ErrorKind::corrupt, "{}: an entry has no path", what);
    dvc::DvcOut o;
    o.path = e["path"].as<std::string>();
    if (e["md5"]) o.md5 = e["md5"].as<std::string>();
    o.legacy = !(e["hash"] && e["hash"].as<std::string>() == "md5");
    if (e["size"]) o.size = e["size"].as<std::uint64_t>();
    if (e["nfiles"]) o.nfiles = e["nfiles"].as<std::uint64_t>();
    out.push_back(std::move(o));
  }
  return out;
}

std::string base_stage(const std::string& name) {
  return name.substr(0, name.find('@'));
}

std::string wdir_of(const std::map<std::string, std::string>& wdirs, const std::string& stage) {
  auto it = wdirs.find(base_stage(stage));
  return it == wdirs.end() ? "" : it->second;
}

// Why the workspace copy of `out` is not what DVC recorded; empty when it is.
std::string differs(const fs::path& root, const std::string& path, const dvc::DvcOut& out,
                    dvc::ObjectSource& objects) {
  fs::path abs = root / path;
  std::error_code ec;
  if (out.md5.empty()) return fmt::format("'{}' has no recorded hash", path);
  if (!out.is_dir()) {
    if (!fs::is_regular_file(abs, ec)) return fmt::format("'{}' is missing", path);
    return same_md5(abs, out, out.md5) ? "" : fmt::format("'{}' changed", path);
  }
  if (!fs::is_directory(abs, ec)) return fmt::format("'{}' is missing", path);
  auto manifest = objects.find(out.md5, out.legacy);
  if (!manifest) return fmt::format("'{}': its manifest {} is not in {}", path, out.md5, objects.places());
  auto entries = dvc::parse_dir_manifest(util::read_file(manifest->path), out.md5);
  std::size_t files = 0;
  for (auto it = fs::recursive_directory_iterator(abs); it != fs::recursive_directory_iterator(); ++it)
    files += it->is_regular_file() ? 1 : 0;
  if (files != entries.size())
    return fmt::format("'{}' has {} files, DVC recorded {}", path, files, entries.size());
  for (const auto& e : entries) {
    fs::path f = abs / e.relpath;
    if (!fs::is_regular_file(f, ec) || !same_md5(f, out, e.md5))
      return fmt::format("'{}/{}' changed", path, e.relpath);
  }
  return "";
}

// A params value by dotted key (list items by index), or null when absent.
YAML::Node find_key(YAML::Node node, const std::string& key) {
  std::size_t pos = 0;
  while (node && pos <= key.size()) {
    auto dot = key.find('.', pos);
    std::string part = key.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    // reset(), not '=': assigning a Node would overwrite the node it refers to.
    if (node.IsMap() && node[part])
      node.reset(node[part]);
    else if (node.IsSequence() && !part.empty() &&
             part.find_first_not_of("0123456789") == std::string::npos && std::stoul(part) < node.size())
      node.reset(node[std::stoul(part)]);
    else
      return YAML::Node(YAML::NodeType::Undefined);
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return node;
}

}  // namespace

DvcProject scan_dvc_project(const git::Repo& repo, const std::map<std::string, std::string>& wdirs) {
  DvcProject project;
  auto root = repo.workdir();
  std::set<std::string> index;
  for (const auto& e : repo.list_index()) index.insert(e.path);
  for (const auto& path : index) {
    if (!path.ends_with(".dvc") || path.starts_with(".dvc/")) continue;
    auto text = util::read_file_if_exists(root / path);
    if (!text) continue;  // deleted in the worktree: nothing to convert
    auto file = dvc::parse_dvc_file(*text, path);
    project.dvc_files.push_back(path);
    std::string dir = fs::path(path).parent_path().generic_string();
    for (const auto& key : file.unsupported)
      project.unsupported.push_back(fmt::format("{}: '{}' (not converted)", path, key));
    for (const auto& out : file.outs) project.outputs.push_back({join_path(dir, out.path), out, path});
  }
  if (auto lock = util::read_file_if_exists(root / "dvc.lock")) {
    auto doc = detail::load_yaml(*lock, "dvc.lock");
    if (doc["stages"] && doc["stages"].IsMap())
      for (const auto& kv : doc["stages"]) {
        auto name = kv.first.as<std::string>();
        std::string what = fmt::format("dvc.lock: stage '{}'", name);
        for (auto& out : lock_entries(kv.second["outs"], what)) {
          std::string path = join_path(wdir_of(wdirs, name), out.path);
          if (tracked_by_git(index, path)) continue;  // cache: false, git keeps it
          project.outputs.push_back({path, out, what});
        }
      }
  }
  return project;
}

std::string fill_output(const fs::path& root, const DataOutput& output, dvc::ObjectSource& objects,
                        std::vector<std::string>& warnings) {
  const auto& out = output.out;
  fs::path abs = root / output.path;
  std::error_code ec;
  auto missing = [&](const std::string& md5, const std::string& what) -> Error {
    return Error(ErrorKind::not_found, fmt::format("{} (from {}): md5 {} is not in the workspace, nor in {}",
                                                   what, output.origin, md5, objects.places()));
  };
  if (!out.is_dir()) {
    if (fs::exists(abs, ec) || fs::is_symlink(abs, ec)) {
      unlink_from_cache(abs);
      if (!out.md5.empty() && !same_md5(abs, out, out.md5))
        warnings.push_back(
            fmt::format("'{}' differs from what {} records: migrated as it is in the workspace", output.path,
                        output.origin));
      return "workspace";
    }
    auto found = objects.find(out.md5, out.legacy);
    if (!found) throw missing(out.md5, "'" + output.path + "'");
    copy_into_place(found->path, abs);
    return found->where;
  }
  auto manifest = objects.find(out.md5, out.legacy);
  if (!manifest) {
    if (!fs::is_directory(abs, ec)) throw missing(out.md5, "folder '" + output.path + "'");
    warnings.push_back(
        fmt::format("folder '{}': manifest {} not found in {}; migrated as it is in the workspace",
                    output.path, out.md5, objects.places()));
    for (auto it = fs::recursive_directory_iterator(abs); it != fs::recursive_directory_iterator(); ++it)
      if (!it->is_directory()) unlink_from_cache(it->path());
    return "workspace";
  }
  std::string source = "workspace";
  for (const auto& e :
       dvc::parse_dir_manifest(util::read_file(manifest->path), manifest->where + " " + out.md5)) {
    fs::path file = abs / e.relpath;
    if (fs::exists(file, ec) || fs::is_symlink(file, ec)) {
      unlink_from_cache(file);
      continue;
    }
    auto found = objects.find(e.md5, out.legacy);
    if (!found) throw missing(e.md5, "'" + output.path + "/" + e.relpath + "'");
    copy_into_place(found->path, file);
    if (source == "workspace") source = found->where;
  }
  return source;
}

std::vector<std::pair<std::string, std::string>> remove_gitignore_entries(
    const fs::path& root, const std::vector<DataOutput>& outputs, bool dry_run) {
  std::map<std::string, std::set<std::string>> wanted;  // .gitignore -> lines to remove
  for (const auto& o : outputs) {
    fs::path p(o.path);
    std::string dir = p.parent_path().generic_string();
    std::string file = dir.empty() ? ".gitignore" : dir + "/.gitignore";
    std::string name = "/" + p.filename().string();
    wanted[file].insert(name);
    wanted[file].insert(name + "/");
  }
  std::vector<std::pair<std::string, std::string>> removed;
  for (const auto& [file, lines] : wanted) {
    auto text = util::read_file_if_exists(root / file);
    if (!text) continue;
    std::string kept;
    bool any = false, only_blank = true;
    std::size_t pos = 0;
    while (pos < text->size()) {
      auto nl = text->find('\n', pos);
      std::string line = text->substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? text->size() : nl + 1;
      std::string bare = line;
      while (!bare.empty() && (bare.back() == ' ' || bare.back() == '\r')) bare.pop_back();
      if (lines.count(bare)) {
        removed.emplace_back(file, bare);
        any = true;
        continue;
      }
      only_blank = only_blank && bare.empty();
      kept += line + "\n";
    }
    if (!any || dry_run) continue;
    if (only_blank)
      fs::remove(root / file);
    else
      util::write_file_atomic(root / file, kept);
  }
  return removed;
}

LockCheck check_dvc_lock(const fs::path& root, std::string_view lock_text, const std::string& filename,
                         const std::map<std::string, std::string>& wdirs, dvc::ObjectSource& objects) {
  LockCheck check;
  auto doc = detail::load_yaml(lock_text, filename);
  if (!doc["stages"] || !doc["stages"].IsMap()) return check;
  std::map<std::string, YAML::Node> params_files;
  for (const auto& kv : doc["stages"]) {
    auto name = kv.first.as<std::string>();
    std::string what = fmt::format("{}: stage '{}'", filename, name);
    std::string wdir = wdir_of(wdirs, name);
    std::string why;
    for (const char* list : {"deps", "outs"})
      for (const auto& e : lock_entries(kv.second[list], what))
        if (why.empty()) why = differs(root, join_path(wdir, e.path), e, objects);
    if (why.empty() && kv.second["params"] && kv.second["params"].IsMap())
      for (const auto& file_kv : kv.second["params"]) {
        std::string file = join_path(wdir, file_kv.first.as<std::string>());
        if (!params_files.count(file)) {
          auto text = util::read_file_if_exists(root / file);
          params_files[file] = text ? detail::load_yaml(*text, file) : YAML::Node();
        }
        for (const auto& p : file_kv.second) {
          auto key = p.first.as<std::string>();
          auto now = find_key(params_files[file], key);
          if (why.empty() && (!now || detail::yaml_to_json(now) != detail::yaml_to_json(p.second)))
            why = fmt::format("param '{}' of {} changed", key, file);
        }
      }
    if (why.empty())
      check.up_to_date.push_back(name);
    else
      check.changed[name] = why;
  }
  return check;
}

}  // namespace dvx::migrate
