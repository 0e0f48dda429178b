// dvx.toml reader (format: include/dvx/pipeline/pipeline_file.hpp).
#include "dvx/pipeline/pipeline_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "dvx/util/error.hpp"
#include "pipeline/toml_json.hpp"

namespace dvx::pipeline {

namespace {

using detail::line_of;

struct Ctx {
  const std::string& file;
  std::string stage;
  [[noreturn]] void error(int line, const std::string& what) const {
    if (stage.empty()) fail(ErrorKind::usage, "{}:{}: {}", file, line, what);
    fail(ErrorKind::usage, "{}:{}: stage '{}': {}", file, line, stage, what);
  }
};

std::string checked_path(const Ctx& ctx, int line, std::string_view wdir, std::string_view raw,
                         const char* what) {
  if (raw.empty()) ctx.error(line, fmt::format("empty path in '{}'", what));
  if (std::filesystem::path(raw).is_absolute())
    ctx.error(line, fmt::format("path '{}' in '{}' must be relative to the repository", raw, what));
  std::string p = normalize_path(wdir, raw);
  if (p.empty() || p == ".")
    ctx.error(line, fmt::format("path '{}' in '{}' is outside the repository (or is its root)", raw, what));
  if (p == ".git" || p.starts_with(".git/"))
    ctx.error(line, fmt::format("path '{}' in '{}' is inside .git", raw, what));
  return p;
}

std::vector<PathDecl> read_paths(const Ctx& ctx, const toml::table& t, const char* key, std::string_view wdir,
                                 bool allow_cache) {
  std::vector<PathDecl> out;
  const toml::node* node = t.get(key);
  if (!node) return out;
  auto add = [&](const toml::node& item) {
    PathDecl d;
    d.line = line_of(item);
    if (auto s = item.value<std::string>()) {
      d.path = checked_path(ctx, d.line, wdir, *s, key);
    } else if (auto* it = item.as_table(); it && allow_cache) {
      for (auto&& [k, v] : *it)
        if (k != "path" && k != "cache")
          ctx.error(line_of(v),
                    fmt::format("unknown key '{}' in an entry of '{}' (known: path, cache)", k.str(), key));
      auto p = (*it)["path"].value<std::string>();
      if (!p) ctx.error(d.line, fmt::format("an entry of '{}' needs a 'path' string", key));
      d.path = checked_path(ctx, d.line, wdir, *p, key);
      if (auto* c = it->get("cache")) {
        auto b = c->value<bool>();
        if (!b) ctx.error(line_of(*c), "'cache' must be true or false");
        d.cache = *b;
      }
    } else {
      ctx.error(d.line, fmt::format("'{}' entries must be path strings{}", key,
                                    allow_cache ? " or { path = ..., cache = ... }" : ""));
    }
    out.push_back(std::move(d));
  };
  if (auto* arr = node->as_array()) {
    for (auto&& item : *arr) add(item);
  } else if (node->is_string()) {
    add(*node);
  } else {
    ctx.error(line_of(*node), fmt::format("'{}' must be an array of paths", key));
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (out[i].path == out[j].path)
        ctx.error(out[i].line, fmt::format("'{}' lists '{}' twice", key, out[i].path));
  return out;
}

ParamDecl& group_for(std::vector<ParamDecl>& groups, const std::string& file, int line) {
  for (auto& g : groups)
    if (g.file == file) return g;
  groups.push_back(ParamDecl{file, {}, line});
  return groups.back();
}

std::vector<ParamDecl> read_params(const Ctx& ctx, const toml::table& t, std::string_view wdir) {
  std::vector<ParamDecl> groups;
  const toml::node* node = t.get("params");
  if (!node) return groups;
  auto* arr = node->as_array();
  if (!arr)
    ctx.error(line_of(*node), "'params' must be an array of keys or { file = ..., keys = [...] } tables");
  std::string default_file = normalize_path(wdir, kDefaultParamsFile);
  for (auto&& item : *arr) {
    int line = line_of(item);
    if (auto s = item.value<std::string>()) {
      if (s->empty()) ctx.error(line, "empty param key");
      group_for(groups, default_file, line).keys.push_back(*s);
    } else if (auto* it = item.as_table()) {
      for (auto&& [k, v] : *it)
        if (k != "file" && k != "keys")
          ctx.error(line_of(v),
                    fmt::format("unknown key '{}' in a 'params' entry (known: file, keys)", k.str()));
      auto f = (*it)["file"].value<std::string>();
      if (!f) ctx.error(line, "a 'params' table needs a 'file' string");
      std::string file = checked_path(ctx, line, wdir, *f, "params");
      auto& g = group_for(groups, file, line);
      if (auto* keys = it->get("keys")) {
        auto* karr = keys->as_array();
        if (!karr) ctx.error(line_of(*keys), "'keys' must be an array of strings");
        for (auto&& k : *karr) {
          auto ks = k.value<std::string>();
          if (!ks || ks->empty()) ctx.error(line_of(k), "'keys' must hold non-empty strings");
          g.keys.push_back(*ks);
        }
      }
    } else {
      ctx.error(line, "'params' entries must be key strings or { file = ..., keys = [...] } tables");
    }
  }
  for (auto& g : groups) {
    std::sort(g.keys.begin(), g.keys.end());
    g.keys.erase(std::unique(g.keys.begin(), g.keys.end()), g.keys.end());
  }
  return groups;
}

bool read_bool(const Ctx& ctx, const toml::table& t, const char* key) {
  const toml::node* n = t.get(key);
  if (!n) return false;
  auto b = n->value<bool>();
  if (!b) ctx.error(line_of(*n), fmt::format("'{}' must be true or false", key));
  return *b;
}

Stage read_stage(const std::string& file, const std::string& name, const toml::node& node) {
  Ctx ctx{file, name};
  auto* t = node.as_table();
  if (!t) ctx.error(line_of(node), "a stage must be a table ([stages.NAME])");
  static const std::vector<std::string_view> known = {"cmd",  "deps", "outs",   "params",        "metrics",
                                                      "wdir", "desc", "frozen", "always_changed"};
  for (auto&& [k, v] : *t)
    if (std::find(known.begin(), known.end(), k.str()) == known.end())
      ctx.error(line_of(v),
                fmt::format("unknown key '{}' (known: cmd, deps, outs, params, metrics, wdir, desc, "
                            "frozen, always_changed)",
                            k.str()));
  Stage st;
  st.name = name;
  st.line = line_of(node);
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      ctx.error(st.line, "stage names may only use letters, digits, '_', '-' and '.'");
  if (auto* w = t->get("wdir")) {
    auto s = w->value<std::string>();
    if (!s) ctx.error(line_of(*w), "'wdir' must be a string");
    std::string p = normalize_path("", *s);
    if (std::filesystem::path(*s).is_absolute() || p.empty())
      ctx.error(line_of(*w), fmt::format("'wdir' '{}' must be a folder inside the repository", *s));
    st.wdir = p == "." ? "" : p;
  }
  const toml::node* cmd = t->get("cmd");
  if (!cmd) ctx.error(st.line, "missing 'cmd'");
  if (auto s = cmd->value<std::string>()) {
    st.cmd.push_back(*s);
  } else if (auto* a = cmd->as_array()) {
    for (auto&& c : *a) {
      auto cs = c.value<std::string>();
      if (!cs) ctx.error(line_of(c), "'cmd' must be a string or an array of strings");
      st.cmd.push_back(*cs);
    }
  } else {
    ctx.error(line_of(*cmd), "'cmd' must be a string or an array of strings");
  }
  if (st.cmd.empty() || std::all_of(st.cmd.begin(), st.cmd.end(), [](const std::string& c) {
        return c.find_first_not_of(" \t\r\n") == std::string::npos;
      }))
    ctx.error(line_of(*cmd), "'cmd' is empty");
  st.deps = read_paths(ctx, *t, "deps", st.wdir, false);
  st.outs = read_paths(ctx, *t, "outs", st.wdir, true);
  st.metrics = read_paths(ctx, *t, "metrics", st.wdir, false);
  st.params = read_params(ctx, *t, st.wdir);
  if (auto* d = t->get("desc")) {
    auto s = d->value<std::string>();
    if (!s) ctx.error(line_of(*d), "'desc' must be a string");
    st.desc = *s;
  }
  st.frozen = read_bool(ctx, *t, "frozen");
  st.always_changed = read_bool(ctx, *t, "always_changed");
  return st;
}

}  // namespace

const Stage* PipelineFile::find(std::string_view name) const {
  for (const auto& s : stages)
    if (s.name == name) return &s;
  return nullptr;
}

std::string normalize_path(std::string_view wdir, std::string_view path) {
  std::string raw(path);
  while (raw.size() > 1 && raw.back() == '/') raw.pop_back();
  std::filesystem::path p = std::filesystem::path(std::string(wdir)) / raw;
  p = p.lexically_normal();
  std::string s = p.generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  if (s.empty()) return ".";
  if (s == ".." || s.starts_with("../")) return "";
  return s;
}

PipelineFile parse_pipeline(std::string_view text, const std::string& filename) {
  Ctx ctx{filename, ""};
  toml::table root;
  try {
    root = toml::parse(text, filename);
  } catch (const toml::parse_error& e) {
    ctx.error(static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  PipelineFile pf;
  pf.filename = filename;
  for (auto&& [k, v] : root)
    if (k != "stages" && k != "checks")  // [checks."GLOB"]: the quality layer's (quality/checks.hpp)
      ctx.error(line_of(v),
                fmt::format("unknown top-level key '{}' (stages are written [stages.NAME])", k.str()));
  const toml::node* stages = root.get("stages");
  if (!stages) return pf;
  auto* t = stages->as_table();
  if (!t) ctx.error(line_of(*stages), "'stages' must be a table of [stages.NAME] tables");
  for (auto&& [name, node] : *t) pf.stages.push_back(read_stage(filename, std::string(name.str()), node));
  // toml++ tables are ordered by key; keep the order in which the stages appear in the file.
  std::stable_sort(pf.stages.begin(), pf.stages.end(),
                   [](const Stage& a, const Stage& b) { return a.line < b.line; });
  return pf;
}

}  // namespace dvx::pipeline
