#pragma once
// Params files (TOML, JSON, or a small YAML subset) read as JSON trees, the
// values a stage uses, and `repro -S key=value` edits that keep the rest of
// the file (comments, order) as it was.
//
// YAML subset: nested block mappings ("key: value", "key:" + indented block),
// scalars (integers, floats, true/false, null, quoted or plain strings) and
// flow lists ("[1, 2]"), '#' comments. Anything else (block lists "- x",
// anchors, multi-line strings, several documents) is refused with a message
// naming the file and line.
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

// Sets `key` to `value` in the params file, rewriting only that value's text
// (TOML, YAML) or re-serialising (JSON, indent 2). Throws Error(usage)
// naming the file when the key does not exist there.
void set_param(const std::filesystem::path& file, const std::string& display_name, const std::string& key,
               const nlohmann::json& value);

}  // namespace dvx::pipeline
