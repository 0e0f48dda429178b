#include "dvx/pipeline/params.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include "dvx/pipeline/lock.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "pipeline/toml_json.hpp"
#include "pipeline/yaml_subset.hpp"

namespace dvx::pipeline {

namespace {

enum class Kind { toml, json, yaml };

Kind kind_of(const std::string& filename) {
  auto ext = std::filesystem::path(filename).extension().string();
  if (ext == ".json") return Kind::json;
  if (ext == ".yaml" || ext == ".yml") return Kind::yaml;
  return Kind::toml;
}

void flatten_into(const nlohmann::json& node, const std::string& prefix,
                  std::map<std::string, nlohmann::json>& out) {
  if (node.is_object() && !node.empty()) {
    for (const auto& [k, v] : node.items()) flatten_into(v, prefix.empty() ? k : prefix + "." + k, out);
  } else if (!prefix.empty()) {
    out[prefix] = node;
  }
}

// Replaces [begin, end) of line `line` (1-based) in `text`.
std::string splice(const std::string& text, int line, std::size_t begin, std::size_t end,
                   const std::string& with) {
  std::size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return text;
    ++pos;
  }
  return text.substr(0, pos + begin) + with + text.substr(pos + end);
}

std::string yaml_text(const nlohmann::json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    nlohmann::json back = detail::yaml_scalar(s);
    if (back.is_string() && back.get<std::string>() == s &&
        s.find_first_of(":#'\"[]{},&*!|>%@`") == std::string::npos && !s.empty() && s.front() != ' ' &&
        s.back() != ' ')
      return s;
    return v.dump();  // JSON strings are valid double-quoted YAML
  }
  if (v.is_null()) return "null";
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + yaml_text(v[i]);
    return out + "]";
  }
  if (v.is_number_float()) return toml_value_text(v);
  return v.dump();
}

}  // namespace

nlohmann::json parse_params(std::string_view text, const std::string& filename) {
  switch (kind_of(filename)) {
    case Kind::json: {
      try {
        // The tree is walked recursively later (flatten, lookup, lock):
        // refuse nesting deeper than any params file needs.
        auto depth_check = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > kMaxParamsDepth)
            fail(ErrorKind::usage, "{}: values nested more than {} levels deep", filename, kMaxParamsDepth);
          return true;
        };
        return nlohmann::json::parse(text, depth_check);
      } catch (const nlohmann::json::parse_error& e) {
        // e.byte is the offset of the error; turn it into a line number.
        std::size_t upto = std::min<std::size_t>(e.byte, text.size());
        int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + upto, '\n'));
        fail(ErrorKind::usage, "{}:{}: invalid JSON: {}", filename, line, e.what());
      } catch (const nlohmann::json::exception& e) {
        // e.g. out_of_range for a number too large for a double (no offset given)
        fail(ErrorKind::usage, "{}: invalid JSON: {}", filename, e.what());
      }
    }
    case Kind::yaml: return detail::parse_yaml_subset(text, filename).tree;
    case Kind::toml: try { return detail::to_json(toml::parse(text, filename));
      } catch (const toml::parse_error& e) {
        fail(ErrorKind::usage, "{}:{}: {}", filename, e.source().begin.line, e.description());
      }
  }
  return {};
}

std::optional<nlohmann::json> lookup_param(const nlohmann::json& tree, std::string_view key) {
  if (!tree.is_object()) return std::nullopt;
  std::string k(key);
  if (auto it = tree.find(k); it != tree.end()) return *it;
  // Follow nested objects, trying the longest dotted prefix first at each level.
  for (std::size_t dot = k.rfind('.'); dot != std::string::npos && dot > 0; dot = k.rfind('.', dot - 1)) {
    auto it = tree.find(k.substr(0, dot));
    if (it != tree.end() && it->is_object()) {
      if (auto v = lookup_param(*it, std::string_view(k).substr(dot + 1))) return v;
    }
    if (dot == 0) break;
  }
  return std::nullopt;
}

std::map<std::string, nlohmann::json> flatten_params(const nlohmann::json& tree) {
  std::map<std::string, nlohmann::json> out;
  flatten_into(tree, "", out);
  return out;
}

nlohmann::json parse_cli_value(std::string_view text) {
  try {
    auto t = toml::parse(fmt::format("v = {}", text));
    return detail::to_json(*t.get("v"));
  } catch (const toml::parse_error&) {
    return std::string(text);
  }
}

void set_param(const std::filesystem::path& file, const std::string& display_name, const std::string& key,
               const nlohmann::json& value) {
  auto text = util::read_file_if_exists(file);
  if (!text) fail(ErrorKind::usage, "params file '{}' does not exist", display_name);
  auto not_found = [&] {
    fail(ErrorKind::usage, "param '{}' not found in '{}' (-S changes existing keys only)", key, display_name);
  };
  std::string updated;
  switch (kind_of(display_name)) {
    case Kind::json: {
      nlohmann::json tree = parse_params(*text, display_name);
      if (!lookup_param(tree, key)) not_found();
      if (tree.contains(key)) {
        tree[key] = value;
      } else {
        nlohmann::json::json_pointer ptr("/" + [&] {
          std::string p = key;
          for (std::size_t i = 0; (i = p.find('.', i)) != std::string::npos;) p.replace(i, 1, "/");
          return p;
        }());
        if (!tree.contains(ptr)) not_found();
        tree[ptr] = value;
      }
      updated = tree.dump(2) + "\n";
      break;
    }
    case Kind::yaml: {
      auto doc = detail::parse_yaml_subset(*text, display_name);
      auto it = doc.spans.find(key);
      if (it == doc.spans.end()) not_found();
      std::string with = yaml_text(value);
      if (it->second.begin == it->second.end) with = " " + with;
      updated = splice(*text, it->second.line, it->second.begin, it->second.end, with);
      break;
    }
    case Kind::toml: {
      toml::table t;
      try {
        t = toml::parse(*text, display_name);
      } catch (const toml::parse_error& e) {
        fail(ErrorKind::usage, "{}:{}: {}", display_name, e.source().begin.line, e.description());
      }
      const toml::node* node = t.get(key);
      if (!node) node = t.at_path(key).node();
      if (!node) not_found();
      auto src = node->source();
      if (src.begin.line != src.end.line)
        fail(ErrorKind::usage, "{}:{}: param '{}' spans several lines; edit it by hand", display_name,
             src.begin.line, key);
      updated = splice(*text, static_cast<int>(src.begin.line), src.begin.column - 1, src.end.column - 1,
                       toml_value_text(value));
      break;
    }
  }
  // Check that the edit reads back as intended before replacing the file.
  auto check = lookup_param(parse_params(updated, display_name), key);
  if (!check || *check != value)
    fail(ErrorKind::permanent, "could not rewrite param '{}' in '{}' safely; edit it by hand", key,
         display_name);
  util::write_file_atomic(file, updated);
}

}  // namespace dvx::pipeline
