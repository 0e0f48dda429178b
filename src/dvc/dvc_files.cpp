#include "dvx/dvc/dvc_files.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "dvx/util/error.hpp"

namespace dvx::dvc {

namespace {

std::optional<std::uint64_t> uint_field(const YAML::Node& node, const char* key, const std::string& what) {
  if (!node[key]) return std::nullopt;
  try {
    return node[key].as<std::uint64_t>();
  } catch (const YAML::Exception&) {
    fail(ErrorKind::corrupt, "{}: '{}' is not a number", what, key);
  }
}

}  // namespace

DvcFile parse_dvc_file(std::string_view text, const std::string& filename) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    fail(ErrorKind::corrupt, "{}:{}: not YAML: {}", filename, e.mark.line + 1, e.msg);
  }
  if (!root.IsMap() || !root["outs"] || !root["outs"].IsSequence())
    fail(ErrorKind::corrupt, "{}: not a .dvc file (no 'outs' list)", filename);
  DvcFile file;
  for (const auto& kv : root) {
    auto key = kv.first.as<std::string>();
    if (key != "outs" && key != "md5" && key != "wdir" && key != "frozen") file.unsupported.push_back(key);
  }
  for (const auto& node : root["outs"]) {
    if (!node.IsMap() || !node["path"])
      fail(ErrorKind::corrupt, "{}:{}: an entry of 'outs' has no path", filename, node.Mark().line + 1);
    DvcOut out;
    out.path = node["path"].as<std::string>();
    std::string what = fmt::format("{}: out '{}'", filename, out.path);
    if (node["md5"]) out.md5 = node["md5"].as<std::string>();
    out.legacy = !(node["hash"] && node["hash"].as<std::string>() == "md5");
    out.size = uint_field(node, "size", what);
    out.nfiles = uint_field(node, "nfiles", what);
    if (node["cache"]) out.cache = node["cache"].as<bool>();
    std::string hex = out.is_dir() ? out.md5.substr(0, out.md5.size() - 4) : out.md5;
    if (!hex.empty() && (hex.size() != 32 || hex.find_first_not_of("0123456789abcdef") != std::string::npos))
      fail(ErrorKind::corrupt, "{}: md5 '{}' is not 32 hex digits", what, out.md5);
    file.outs.push_back(std::move(out));
  }
  return file;
}

std::vector<DirEntry> parse_dir_manifest(std::string_view text, const std::string& what) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    fail(ErrorKind::corrupt, "{}: not a DVC .dir manifest: {}", what, e.what());
  }
  if (!json.is_array()) fail(ErrorKind::corrupt, "{}: not a DVC .dir manifest (not a JSON list)", what);
  std::vector<DirEntry> out;
  for (const auto& e : json) {
    if (!e.is_object() || !e.contains("relpath") || !e.contains("md5") || !e["relpath"].is_string() ||
        !e["md5"].is_string())
      fail(ErrorKind::corrupt, "{}: an entry lacks 'relpath' or 'md5'", what);
    DirEntry entry{e["relpath"].get<std::string>(), e["md5"].get<std::string>()};
    // A manifest names files inside the folder only.
    if (entry.relpath.empty() || entry.relpath.starts_with("/") || entry.relpath == ".." ||
        entry.relpath.starts_with("../") || entry.relpath.find("/../") != std::string::npos ||
        entry.relpath.ends_with("/.."))
      fail(ErrorKind::corrupt, "{}: relpath '{}' leaves the folder", what, entry.relpath);
    out.push_back(std::move(entry));
  }
  return out;
}

const DvcRemote* DvcConfig::find(std::string_view name) const {
  for (const auto& r : remotes)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace dvx::dvc
