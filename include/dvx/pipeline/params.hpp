#pragma once
// Params files (TOML, JSON or YAML) read as JSON trees, the values a stage
// uses, and `repro -S key=value` edits that keep the rest of the file
// (comments, order) as it was.
//
// YAML is read with yaml-cpp: block and flow collections, anchors, aliases
// and merge keys, block scalars, comments; scalars by the YAML 1.2 core
// schema, as DVC reads params.yaml. A list is a value like any other.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace dvx::pipeline {

// Deepest nesting of objects/lists a params file may have (TOML's own
// parser stops at 256 as well).
inline constexpr int kMaxParamsDepth = 256;

// Parses by extension: .json, .yaml/.yml, else TOML. Throws Error(usage)
// "<filename>:<line>: ..." on syntax errors.
nlohmann::json parse_params(std::string_view text, const std::string& filename);

// Dotted lookup ("train.epochs"): a top-level key spelled with dots wins,
// then nested objects are followed.
std::optional<nlohmann::json> lookup_param(const nlohmann::json& tree, std::string_view key);

// Every leaf (non-object value) as dotted key -> value, sorted.
std::map<std::string, nlohmann::json> flatten_params(const nlohmann::json& tree);

// Parses a command-line value: TOML literal syntax when it parses (20, 0.1,
// true, "x", [1, 2]), else the raw text as a string.
nlohmann::json parse_cli_value(std::string_view text);

// Sets `key` to `value` in the params file: TOML and YAML rewrite only that
// value's text; JSON is re-serialised (key order and indent kept). A YAML
// value that is not on one line (a block list or map, a block scalar) or is
// anchored is set by writing the whole document anew, without its comments
// and anchors: the returned note says so (empty otherwise). Throws
// Error(usage) naming the file when the key does not exist there.
std::string set_param(const std::filesystem::path& file, const std::string& display_name,
                      const std::string& key, const nlohmann::json& value);

// The edit set_param makes, on the text `current` of the file, without
// writing anything: the new text, the note, and the value it replaces.
struct ParamEdit {
  std::string text;
  std::string note;
  nlohmann::json old_value;
};
ParamEdit edit_param(const std::string& current, const std::string& display_name, const std::string& key,
                     const nlohmann::json& value);

}  // namespace dvx::pipeline
