// .dvc/config: the INI dialect configobj writes ([core], ['remote "name"']).
#include <fmt/core.h>

#include <algorithm>

#include "dvx/dvc/dvc_files.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::dvc {

namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

void merge(DvcConfig& into, const DvcConfig& over) {
  if (!over.default_remote.empty()) into.default_remote = over.default_remote;
  if (over.cache_dir) into.cache_dir = over.cache_dir;
  for (const auto& r : over.remotes) {
    auto it = std::find_if(into.remotes.begin(), into.remotes.end(),
                           [&](const auto& x) { return x.name == r.name; });
    if (it == into.remotes.end())
      into.remotes.push_back(r);
    else
      for (const auto& [k, v] : r.options) it->options[k] = v;
  }
}

}  // namespace

DvcConfig parse_dvc_config(std::string_view text, const std::string& filename) {
  DvcConfig config;
  std::string section;
  DvcRemote* remote = nullptr;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++number;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        fail(ErrorKind::corrupt, "{}:{}: unterminated section header", filename, number);
      section = unquote(trim(std::string_view(line).substr(1, line.size() - 2)));
      remote = nullptr;
      // remote "name"
      if (section.starts_with("remote ")) {
        std::string name = unquote(trim(std::string_view(section).substr(7)));
        config.remotes.push_back({name, {}});
        remote = &config.remotes.back();
      }
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos) fail(ErrorKind::corrupt, "{}:{}: expected 'key = value'", filename, number);
    std::string key = trim(std::string_view(line).substr(0, eq));
    std::string value = unquote(trim(std::string_view(line).substr(eq + 1)));
    if (remote)
      remote->options[key] = value;
    else if (section == "core" && key == "remote")
      config.default_remote = value;
    else if (section == "cache" && key == "dir")
      config.cache_dir = value;
  }
  return config;
}

DvcConfig load_dvc_config(const fs::path& dvc_dir) {
  DvcConfig config;
  for (const char* name : {"config", "config.local"}) {
    auto text = util::read_file_if_exists(dvc_dir / name);
    if (text) merge(config, parse_dvc_config(*text, (dvc_dir / name).string()));
  }
  return config;
}

}  // namespace dvx::dvc
