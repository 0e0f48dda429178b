#include "dvx/migrate/dvc_pipeline.hpp"

#include <fmt/format.h>

#include "dvx/pipeline/lock.hpp"
#include "dvx/util/error.hpp"
#include "migrate/yaml_json.hpp"

namespace dvx::migrate {

namespace {

using detail::yaml_to_json;
using nlohmann::json;

struct Context {
  std::string where;  // "dvc.yaml: stage 'x'"
  ConvertedPipeline& out;
  void unsupported(const std::string& what) { out.unsupported.push_back(fmt::format("{}: {}", where, what)); }
};

// An entry of outs/metrics: "path" or {path: {options}}. Returns the path and its options.
std::pair<std::string, YAML::Node> path_entry(const YAML::Node& item, Context& ctx, const char* list) {
  if (item.IsScalar()) return {item.as<std::string>(), YAML::Node()};
  if (item.IsMap() && item.size() == 1) {
    auto kv = *item.begin();
    return {kv.first.as<std::string>(), kv.second};
  }
  fail(ErrorKind::corrupt, "{}:{}: an entry of '{}' is neither a path nor {{path: options}}", ctx.where,
       item.Mark().line + 1, list);
}

// An outs/metrics entry: its path and `cache` option; its other options are
// listed as not converted, except `ignored` (meaningless in git-dvx).
std::pair<std::string, bool> path_and_cache(const YAML::Node& item, Context& ctx, const char* list,
                                            const char* kind, std::string_view ignored) {
  auto [path, opts] = path_entry(item, ctx, list);
  bool cache = true;
  if (opts.IsMap())
    for (const auto& kv : opts) {
      auto key = kv.first.as<std::string>();
      if (key == "cache")
        cache = kv.second.as<bool>();
      else if (key != ignored)
        ctx.unsupported(fmt::format("{} '{}': {}", kind, path, key));
    }
  return {path, cache};
}

json convert_outs(const YAML::Node& list, Context& ctx) {
  auto out = json::array();
  for (const auto& item : list) {
    auto [path, cache] = path_and_cache(item, ctx, "outs", "out", "");
    out.push_back(cache ? json(path) : json{{"path", path}, {"cache", false}});
  }
  return out;
}

json convert_metrics(const YAML::Node& list, Context& ctx) {
  auto out = json::array();
  for (const auto& item : list) {
    // persist: git-dvx never deletes a metrics file before a run.
    auto [path, cache] = path_and_cache(item, ctx, "metrics", "metric", "persist");
    if (cache)
      ctx.out.notes.push_back(
          fmt::format("{}: metric '{}' had cache: true; git-dvx keeps metrics in git", ctx.where, path));
    out.push_back(path);
  }
  return out;
}

// DVC: ["key", {file.yaml: [keys]}, {file.yaml: null}] -> dvx: one
// {file, keys} table per file, the default file written out (dvx.toml's own
// default is params.toml).
json convert_params(const YAML::Node& list, Context& ctx) {
  std::vector<std::string> order;
  std::map<std::string, json> keys;  // file -> keys (null = all of it)
  auto add = [&](const std::string& file, const json& key) {
    if (!keys.count(file)) {
      order.push_back(file);
      keys[file] = json::array();
    }
    if (key.is_null())
      keys[file] = nullptr;
    else if (keys[file].is_array())
      keys[file].push_back(key);
  };
  for (const auto& item : list) {
    if (item.IsScalar()) {
      add(std::string(kDvcParamsFile), item.as<std::string>());
    } else if (item.IsMap()) {
      for (const auto& kv : item) {
        auto file = kv.first.as<std::string>();
        if (kv.second.IsSequence())
          for (const auto& k : kv.second) add(file, k.as<std::string>());
        else
          add(file, nullptr);
      }
    } else {
      fail(ErrorKind::corrupt, "{}:{}: an entry of 'params' is neither a key nor {{file: keys}}", ctx.where,
           item.Mark().line + 1);
    }
  }
  auto out = json::array();
  for (const auto& file : order) {
    json entry = {{"file", file}};
    if (!keys[file].is_null()) entry["keys"] = keys[file];
    out.push_back(entry);
  }
  return out;
}

json convert_cmd(const YAML::Node& node) {
  if (node.IsSequence()) {
    auto out = json::array();
    for (const auto& c : node) out.push_back(c.as<std::string>());
    return out;
  }
  return node.as<std::string>();
}

std::string toml_key(const std::string& name) {
  bool bare = !name.empty() && name.find_first_not_of(
                                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789_-") == std::string::npos;
  return bare ? name : pipeline::toml_value_text(name);
}

// A matrix as a TOML inline table with its axes in dvc.yaml's order: the
// order names the generated stages (`tune@sgd-0.1`), and a JSON object
// would sort them.
std::string matrix_text(const YAML::Node& matrix) {
  std::string text;
  for (const auto& kv : matrix)
    text += (text.empty() ? "{ " : ", ") + toml_key(kv.first.as<std::string>()) + " = " +
            pipeline::toml_value_text(yaml_to_json(kv.second));
  return text.empty() ? "{}" : text + " }";
}

// A stage body (or a foreach `do` body), keys in the order dvx.toml shows
// them; a matrix as its TOML text (matrix_text).
std::vector<std::pair<std::string, json>> convert_body(const YAML::Node& body, Context& ctx) {
  std::vector<std::pair<std::string, json>> out;
  static const char* kOrder[] = {"vars",   "foreach", "matrix",  "do",   "cmd",    "wdir",          "deps",
                                 "params", "outs",    "metrics", "desc", "frozen", "always_changed"};
  std::map<std::string, json> values;
  for (const auto& kv : body) {
    auto key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "cmd")
      values[key] = convert_cmd(v);
    else if (key == "deps") {
      auto deps = json::array();
      for (const auto& d : v)
        deps.push_back(d.IsScalar() ? d.as<std::string>() : path_entry(d, ctx, "deps").first);
      values[key] = deps;
    } else if (key == "outs")
      values[key] = convert_outs(v, ctx);
    else if (key == "metrics")
      values[key] = convert_metrics(v, ctx);
    else if (key == "params")
      values[key] = convert_params(v, ctx);
    else if (key == "wdir" || key == "desc")
      values[key] = v.as<std::string>();
    else if (key == "frozen" || key == "always_changed")
      values[key] = v.as<bool>();
    else if (key == "vars" || key == "foreach")
      values[key] = yaml_to_json(v);
    else if (key == "matrix")
      values[key] = v.IsMap() ? matrix_text(v) : pipeline::toml_value_text(yaml_to_json(v));
    else if (key == "do") {
      json inner = json::object();
      for (auto& [k, x] : convert_body(v, ctx)) inner[k] = x;
      values[key] = inner;
    } else
      ctx.unsupported(key);
  }
  for (const char* key : kOrder)
    if (values.count(key)) out.emplace_back(key, values[key]);
  return out;
}

}  // namespace

ConvertedPipeline convert_dvc_yaml(std::string_view text, const std::string& filename) {
  ConvertedPipeline result;
  auto root = detail::load_yaml(text, filename);
  if (!root.IsMap() || !root["stages"] || !root["stages"].IsMap())
    fail(ErrorKind::corrupt, "{}: not a dvc.yaml (no 'stages' map)", filename);
  std::string toml = fmt::format("# Converted from {} by `git dvx migrate dvc`.\n", filename);
  for (const auto& kv : root) {
    auto key = kv.first.as<std::string>();
    if (key == "vars")
      toml += "vars = " + pipeline::toml_value_text(yaml_to_json(kv.second)) + "\n";
    else if (key != "stages")
      result.unsupported.push_back(fmt::format("{}: top-level '{}'", filename, key));
  }
  for (const auto& kv : root["stages"]) {
    auto name = kv.first.as<std::string>();
    Context ctx{fmt::format("{}: stage '{}'", filename, name), result};
    if (!kv.second.IsMap())
      fail(ErrorKind::corrupt, "{}:{}: stage '{}' is not a map", filename, kv.second.Mark().line + 1, name);
    result.stages.push_back(name);
    toml += fmt::format("\n[stages.{}]\n", toml_key(name));
    for (const auto& [key, value] : convert_body(kv.second, ctx)) {
      toml += fmt::format("{} = {}\n", key,
                          key == "matrix" ? value.get<std::string>() : pipeline::toml_value_text(value));
      if (key == "wdir") result.wdir[name] = value.get<std::string>();
    }
  }
  result.toml = std::move(toml);
  return result;
}

}  // namespace dvx::migrate
