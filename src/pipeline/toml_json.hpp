#pragma once
// Conversions between toml++ nodes and nlohmann::json values (private to the
// pipeline layer), plus the line of a node for error messages.
#include <toml++/toml.h>

#include <nlohmann/json.hpp>
#include <string>

namespace dvx::pipeline::detail {

nlohmann::json to_json(const toml::node& node);

inline int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

// TOML key text: bare when it only has [A-Za-z0-9_-], else a quoted string.
std::string toml_key(const std::string& key);
std::string toml_string(const std::string& text);

}  // namespace dvx::pipeline::detail
