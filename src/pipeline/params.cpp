#include "dvx/pipeline/params.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include "dvx/pipeline/lock.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "pipeline/toml_json.hpp"
#include "pipeline/yaml_params.hpp"

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

// Sets dotted `key` where lookup_param finds it; false when it is not there.
template <class Json>
bool assign(Json& tree, std::string_view key, const nlohmann::json& value) {
  if (!tree.is_object()) return false;
  std::string k(key);
  if (auto it = tree.find(k); it != tree.end()) {
    *it = Json(value);
    return true;
  }
  for (std::size_t dot = k.rfind('.'); dot != std::string::npos && dot > 0; dot = k.rfind('.', dot - 1)) {
    auto it = tree.find(k.substr(0, dot));
    if (it != tree.end() && it->is_object() && assign(*it, std::string_view(k).substr(dot + 1), value))
      return true;
  }
  return false;
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

// The indent of the first indented line (JSON files are re-serialised with it).
int json_indent(const std::string& text) {
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', nl + 1)) {
    std::size_t i = nl + 1;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i > nl + 1 && i < text.size() && text[i] != '\n') return static_cast<int>(i - nl - 1);
  }
  return 2;
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
    case Kind::yaml: return detail::parse_yaml(text, filename);
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

ParamEdit edit_param(const std::string& current, const std::string& display_name, const std::string& key,
                     const nlohmann::json& value) {
  const std::string* text = &current;
  nlohmann::json expected = parse_params(*text, display_name);
  ParamEdit edit;
  if (auto old = lookup_param(expected, key)) edit.old_value = *old;
  if (!assign(expected, key, value))
    fail(ErrorKind::usage, "param '{}' not found in '{}' (-S changes existing keys only)", key, display_name);
  std::string& updated = edit.text;
  std::string& note = edit.note;
  switch (kind_of(display_name)) {
    case Kind::json: {
      // ordered_json keeps the keys in the file's order.
      auto tree = nlohmann::ordered_json::parse(*text);
      assign(tree, key, value);
      updated = tree.dump(json_indent(*text)) + "\n";
      break;
    }
    case Kind::yaml: {
      // In place when the value's text can be found and replacing it changes
      // nothing else (an anchored value would change its aliases too);
      // otherwise the whole document is written anew.
      auto in_place = detail::yaml_replace_value(*text, display_name, key, value);
      if (in_place && parse_params(*in_place, display_name) == expected) {
        updated = *in_place;
      } else {
        auto tree = detail::parse_yaml_ordered(*text, display_name);
        assign(tree, key, value);
        updated = detail::yaml_document(tree);
        note = fmt::format(
            "{}: '{}' is not a one-line value: the whole file is written anew (its comments "
            "and anchors are not kept)",
            display_name, key);
      }
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
      if (!node)
        fail(ErrorKind::usage, "param '{}' not found in '{}' (-S changes existing keys only)", key,
             display_name);
      auto src = node->source();
      if (src.begin.line != src.end.line)
        fail(ErrorKind::usage, "{}:{}: param '{}' spans several lines; edit it by hand", display_name,
             src.begin.line, key);
      updated = splice(*text, static_cast<int>(src.begin.line), src.begin.column - 1, src.end.column - 1,
                       toml_value_text(value));
      break;
    }
  }
  // Check that the edit reads back as intended, every other value unchanged,
  // before replacing the file.
  if (parse_params(updated, display_name) != expected)
    fail(ErrorKind::permanent, "could not rewrite param '{}' in '{}' safely; edit it by hand", key,
         display_name);
  return edit;
}

std::string set_param(const std::filesystem::path& file, const std::string& display_name,
                      const std::string& key, const nlohmann::json& value) {
  auto text = util::read_file_if_exists(file);
  if (!text) fail(ErrorKind::usage, "params file '{}' does not exist", display_name);
  auto edit = edit_param(*text, display_name, key, value);
  util::write_file_atomic(file, edit.text);
  return edit.note;
}

}  // namespace dvx::pipeline
