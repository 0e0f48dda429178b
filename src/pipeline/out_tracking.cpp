#include "pipeline/out_tracking.hpp"

#include <cstdlib>

#include "dvx/core/attributes.hpp"
#include "dvx/util/file.hpp"

namespace dvx::pipeline::detail {

namespace fs = std::filesystem;

namespace {

bool path_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

// Attribute files beyond the root .gitattributes that could set or unset filter.
bool other_attribute_files(const git::Repo& repo) {
  if (path_exists(repo.common_dir() / "info" / "attributes") || path_exists("/etc/gitattributes"))
    return true;
  if (repo.config_string("core.attributesfile")) return true;
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg && path_exists(fs::path(xdg) / "git" / "attributes")) return true;
  return home && *home && path_exists(fs::path(home) / ".config" / "git" / "attributes");
}

}  // namespace

// A no-op repro asks this for every out: libgit2's attribute lookup costs
// several stats, two realpaths and reads per call, so when the root
// .gitattributes is the only attribute file and every line of it that
// mentions filter sets filter=dvx, its patterns decide alone.
std::optional<bool> OutTracking::covered_by_root_file(const std::string& probe) {
  if (!loaded_) {
    loaded_ = true;
    auto text = util::read_file_if_exists(root_ / ".gitattributes");
    if (!other_attribute_files(repo_)) {
      bool simple = true;
      std::size_t start = 0;
      std::string_view t = text ? std::string_view(*text) : std::string_view();
      while (start < t.size()) {
        std::size_t nl = t.find('\n', start);
        std::string_view line =
            t.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (line.find("filter") != std::string_view::npos &&
            line.find("filter=dvx") == std::string_view::npos)
          simple = false;
        if (nl == std::string_view::npos) break;
        start = nl + 1;
      }
      if (simple) {
        patterns_ = text ? core::tracked_patterns(*text) : std::vector<std::string>{};
        for (const auto& p : *patterns_)
          if (p.find_first_of("*?[\\") == std::string::npos && p.find('/') != std::string::npos)
            literal_.insert(p);
          else if (p.ends_with("/**") && p.find_first_of("*?[\\") == p.size() - 2)
            literal_.insert(p);
      }
    }
  }
  if (!patterns_) return std::nullopt;
  // A .gitattributes in a folder of the path could override the root file.
  for (std::size_t slash = probe.find('/'); slash != std::string::npos; slash = probe.find('/', slash + 1)) {
    std::string dir = probe.substr(0, slash);
    auto it = nested_.find(dir);
    if (it == nested_.end()) it = nested_.emplace(dir, path_exists(root_ / dir / ".gitattributes")).first;
    if (it->second) return std::nullopt;
  }
  // The lines repro writes itself name the out exactly (PATH, PATH/**): a set lookup.
  if (literal_.count(probe)) return true;
  if (auto slash = probe.rfind('/');
      slash != std::string::npos && literal_.count(probe.substr(0, slash) + "/**"))
    return true;
  for (const auto& p : *patterns_)
    if (core::attribute_pattern_matches(p, probe)) return true;
  return std::nullopt;  // not covered as far as the root file says: git confirms
}

bool OutTracking::covered(const std::string& probe) {
  if (auto fast = covered_by_root_file(probe)) return *fast;
  return repo_.attribute(probe, "filter") == std::optional<std::string>("dvx");
}

std::vector<std::string> OutTracking::track(const Stage& st) {
  std::vector<std::string> patterns;
  for (const auto& o : st.outs) {
    if (!o.cache) continue;
    std::error_code ec;
    bool dir = fs::is_directory(root_ / o.path, ec);
    if (covered(dir ? o.path + "/x" : o.path)) continue;
    patterns.push_back(dir ? o.path + "/**" : o.path);
  }
  if (patterns.empty()) return {};
  auto added = core::track_patterns(root_ / ".gitattributes", patterns);
  loaded_ = false;  // the root file changed
  patterns_.reset();
  literal_.clear();
  return added;
}

}  // namespace dvx::pipeline::detail
