#pragma once
// A small YAML subset for params files (see dvx/pipeline/params.hpp). Also
// records where each leaf value sits so `repro -S` can rewrite it in place.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace dvx::pipeline::detail {

struct ValueSpan {
  int line = 0;           // 1-based
  std::size_t begin = 0;  // byte offsets within the line: [begin, end)
  std::size_t end = 0;
};

struct YamlDoc {
  nlohmann::json tree = nlohmann::json::object();
  std::map<std::string, ValueSpan> spans;  // dotted key of each leaf
};

YamlDoc parse_yaml_subset(std::string_view text, const std::string& filename);

// Scalar text -> JSON with YAML 1.2 core-schema rules (int, float, bool, null, string).
nlohmann::json yaml_scalar(std::string_view text);

}  // namespace dvx::pipeline::detail
