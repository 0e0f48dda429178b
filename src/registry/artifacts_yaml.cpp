#include "dvx/registry/artifacts_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include "dvx/registry/gto_tag.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::registry {

namespace {

std::string scalar(const YAML::Node& node, const std::string& where, const std::string& artifact,
                   const char* key) {
  if (!node.IsScalar())
    fail(ErrorKind::corrupt, "{}: artifact '{}': '{}' must be a string (line {})", where, artifact, key,
         node.Mark().line + 1);
  return node.as<std::string>();
}

ArtifactInfo parse_one(const YAML::Node& node, const std::string& where, const std::string& name) {
  ArtifactInfo info;
  if (node.IsNull()) return info;
  if (!node.IsMap())
    fail(ErrorKind::corrupt,
         "{}: artifact '{}' must be a mapping of type/path/virtual/labels/description (line {})", where, name,
         node.Mark().line + 1);
  for (const auto& item : node) {
    auto key = item.first.as<std::string>();
    const YAML::Node& value = item.second;
    if (key == "type") {
      info.type = scalar(value, where, name, "type");
    } else if (key == "path") {
      info.path = scalar(value, where, name, "path");
    } else if (key == "description") {
      info.description = scalar(value, where, name, "description");
    } else if (key == "virtual") {
      bool v = false;
      if (!value.IsScalar() || !YAML::convert<bool>::decode(value, v))
        fail(ErrorKind::corrupt, "{}: artifact '{}': 'virtual' must be true or false (line {})", where, name,
             value.Mark().line + 1);
      info.is_virtual = v;
    } else if (key == "labels") {
      if (!value.IsSequence())
        fail(ErrorKind::corrupt, "{}: artifact '{}': 'labels' must be a list (line {})", where, name,
             value.Mark().line + 1);
      for (const auto& label : value) info.labels.push_back(scalar(label, where, name, "labels"));
    } else if (key != "custom") {
      fail(ErrorKind::corrupt,
           "{}: artifact '{}': unknown key '{}' (line {}; GTO knows type, path, virtual, "
           "labels, description, custom)",
           where, name, key, item.first.Mark().line + 1);
    }
  }
  if (!info.type.empty() && !is_valid_name(info.type))
    fail(ErrorKind::corrupt, "{}: artifact '{}': invalid type '{}'", where, name, info.type);
  return info;
}

}  // namespace

ArtifactIndex parse_artifacts_yaml(const std::string& text, const std::string& where) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail(ErrorKind::corrupt, "{}: not valid YAML: {} (line {})", where, e.msg, e.mark.line + 1);
  }
  ArtifactIndex out;
  if (root.IsNull()) return out;
  if (!root.IsMap())
    fail(ErrorKind::corrupt, "{}: expected a mapping from artifact name to its annotations", where);
  try {
    for (const auto& item : root) {
      auto name = item.first.as<std::string>();
      if (!is_valid_name(name))
        fail(ErrorKind::corrupt, "{}: invalid artifact name '{}' (line {})", where, name,
             item.first.Mark().line + 1);
      out[name] = parse_one(item.second, where, name);
    }
  } catch (const YAML::Exception& e) {
    fail(ErrorKind::corrupt, "{}: {} (line {})", where, e.msg, e.mark.line + 1);
  }
  return out;
}

ArtifactIndex read_artifacts(const git::Repo& repo, const std::string& rev) {
  if (rev.empty()) {
    auto text = util::read_file_if_exists(repo.workdir() / kArtifactsFile);
    return text ? parse_artifacts_yaml(*text, kArtifactsFile) : ArtifactIndex{};
  }
  auto text = repo.read_blob(rev, kArtifactsFile);
  if (!text) return {};
  return parse_artifacts_yaml(*text, fmt::format("{} at {}", kArtifactsFile, rev.substr(0, 7)));
}

}  // namespace dvx::registry
