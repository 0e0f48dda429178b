#pragma once
// YAML params and metrics files through yaml-cpp (private to the pipeline
// layer): the document as a JSON tree with YAML 1.2 core-schema scalars (as
// DVC's ruamel.yaml reads them), merge keys (`<<: *base`), and the in-place
// edit of one value for `repro -S`.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace dvx::pipeline::detail {

// Throws Error(usage) "<filename>:<line>: <what>" for syntax errors,
// duplicate keys, several documents, nesting deeper than kMaxParamsDepth and
// aliases that expand to more values than any params file needs.
nlohmann::json parse_yaml(std::string_view text, const std::string& filename);
// The same, keeping the order of the keys (for rewriting the whole file).
nlohmann::ordered_json parse_yaml_ordered(std::string_view text, const std::string& filename);

// A plain scalar's text -> JSON: int, float, bool, null, else the string.
nlohmann::json yaml_scalar(std::string_view text);

// Flow-style text of a value that reads back as the same value ("20",
// "adam", "'true'", "[64, 32]", "{a: 1}").
std::string yaml_flow_text(const nlohmann::json& value);

// A whole block-style document for `tree` (the fallback of `-S` when the
// value's text cannot be replaced in place: comments and anchors are lost).
std::string yaml_document(const nlohmann::ordered_json& tree);

// `text` with the value of dotted `key` replaced by yaml_flow_text(value), the
// rest of the text untouched; nullopt when the value is not a scalar or flow
// collection whose text can be located (block lists and maps, block scalars,
// anchored or aliased values). The caller checks the result reads back as
// intended.
std::optional<std::string> yaml_replace_value(const std::string& text, const std::string& filename,
                                              const std::string& key, const nlohmann::json& value);

}  // namespace dvx::pipeline::detail
