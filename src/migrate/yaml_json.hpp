#pragma once
// YAML values as JSON (private to migrate): plain scalars typed as YAML 1.2's
// core schema types them (true/false, null/~, integers, floats), quoted ones
// kept as strings, so numbers in vars, foreach lists and params survive.
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace dvx::migrate::detail {

nlohmann::json yaml_to_json(const YAML::Node& node);
// Throws Error(corrupt) "<filename>:<line>: not YAML: ..." .
YAML::Node load_yaml(std::string_view text, const std::string& filename);

}  // namespace dvx::migrate::detail
