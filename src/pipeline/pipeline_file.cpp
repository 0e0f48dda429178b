// dvx.toml reader (format: include/dvx/pipeline/pipeline_file.hpp).
#include "dvx/pipeline/pipeline_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"
#include "pipeline/templating.hpp"
#include "pipeline/toml_json.hpp"

namespace dvx::pipeline {

namespace {

using detail::line_of;

struct Ctx {
  Ctx(const std::string& f, std::string s, const detail::Vars* v = nullptr)
      : file(f), stage(std::move(s)), vars(v) {}
  const std::string& file;
  std::string stage;
  const detail::Vars* vars;  // null: no templating (top-level errors)
  // (params file, key) of the file vars the stage's strings used: DVC tracks them as params.
  std::vector<std::pair<std::string, std::string>> used;
  [[noreturn]] void error(int line, const std::string& what) const {
    if (stage.empty()) fail(ErrorKind::usage, "{}:{}: {}", file, line, what);
    fail(ErrorKind::usage, "{}:{}: stage '{}': {}", file, line, stage, what);
  }
  // The value of a string with its ${...} replaced; errors name the line and the field.
  nlohmann::json resolve(const toml::node& node, const std::string& text, const char* field,
                         bool in_cmd = false) {
    if (!vars || !detail::has_interpolation(text)) return unescape(text);
    try {
      auto r = detail::interpolate(text, *vars, in_cmd);
      used.insert(used.end(), r.used.begin(), r.used.end());
      return r.value;
    } catch (const Error& e) {
      error(line_of(node), fmt::format("{}: {}", field, e.what()));
    }
  }
  // A string field: nullopt when the node is not a string (or ${} gave a non-string).
  std::optional<std::string> str(const toml::node& node, const char* field, bool in_cmd = false) {
    auto s = node.value<std::string>();
    if (!s) return std::nullopt;
    auto v = resolve(node, *s, field, in_cmd);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() || v.is_array()) return std::nullopt;
    return detail::to_text(v);
  }
  static nlohmann::json unescape(const std::string& text) {
    std::string s = text;
    for (std::size_t i = s.find("\\${"); i != std::string::npos; i = s.find("\\${", i + 2)) s.erase(i, 1);
    return s;
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

// The strings a list field's item stands for: itself, or each element of an
// exact "${list}" (DVC's `deps: ${files}`). Empty when the item is no string.
std::optional<std::vector<std::string>> strings_of(Ctx& ctx, const toml::node& item, const char* key) {
  auto s = item.value<std::string>();
  if (!s) return std::nullopt;
  nlohmann::json v = ctx.resolve(item, *s, key);
  std::vector<std::string> out;
  for (const auto& e : v.is_array() ? v : nlohmann::json::array({v})) {
    if (e.is_object() || e.is_array() || e.is_null())
      ctx.error(line_of(item), fmt::format("'{}' entries must be strings; '{}' gives {}", key, *s, e.dump()));
    out.push_back(detail::to_text(e));
  }
  return out;
}

std::vector<PathDecl> read_paths(Ctx& ctx, const toml::table& t, const char* key, std::string_view wdir,
                                 bool allow_cache) {
  std::vector<PathDecl> out;
  const toml::node* node = t.get(key);
  if (!node) return out;
  auto add = [&](const toml::node& item) {
    const int line = line_of(item);
    if (auto strings = strings_of(ctx, item, key)) {
      for (const auto& s : *strings)
        out.push_back(PathDecl{checked_path(ctx, line, wdir, s, key), true, line});
    } else if (auto* it = item.as_table(); it && allow_cache) {
      PathDecl d;
      d.line = line;
      for (auto&& [k, v] : *it)
        if (k != "path" && k != "cache")
          ctx.error(line_of(v),
                    fmt::format("unknown key '{}' in an entry of '{}' (known: path, cache)", k.str(), key));
      const toml::node* p = it->get("path");
      auto path = p ? ctx.str(*p, key) : std::nullopt;
      if (!path) ctx.error(d.line, fmt::format("an entry of '{}' needs a 'path' string", key));
      d.path = checked_path(ctx, d.line, wdir, *path, key);
      if (auto* c = it->get("cache")) {
        auto b = c->value<bool>();
        if (!b) ctx.error(line_of(*c), "'cache' must be true or false");
        d.cache = *b;
      }
      out.push_back(std::move(d));
    } else {
      ctx.error(line, fmt::format("'{}' entries must be path strings{}", key,
                                  allow_cache ? " or { path = ..., cache = ... }" : ""));
    }
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

// What a dvx.toml reads besides itself: vars files and which default params file exists.
struct Files {
  explicit Files(const ReadRepoFile& r) : read(r) {}
  const ReadRepoFile& read;
  std::map<std::string, std::optional<std::string>> seen;
  std::optional<std::string> operator()(const std::string& path) {
    if (!read) return std::nullopt;
    auto it = seen.find(path);
    if (it == seen.end()) it = seen.emplace(path, read(path)).first;
    return it->second;
  }
  // params.yaml when it exists (as in DVC), else params.toml; in the stage's wdir.
  std::string default_params(std::string_view wdir) {
    std::string yaml = normalize_path(wdir, kYamlParamsFile);
    if ((*this)(yaml)) return yaml;
    return normalize_path(wdir, kDefaultParamsFile);
  }
};

std::vector<ParamDecl> read_params(Ctx& ctx, const toml::table& t, const std::string& default_file,
                                   std::string_view wdir) {
  std::vector<ParamDecl> groups;
  const toml::node* node = t.get("params");
  if (!node) return groups;
  auto* arr = node->as_array();
  if (!arr)
    ctx.error(line_of(*node), "'params' must be an array of keys or { file = ..., keys = [...] } tables");
  for (auto&& item : *arr) {
    int line = line_of(item);
    if (auto keys = strings_of(ctx, item, "params")) {
      for (const auto& k : *keys) {
        if (k.empty()) ctx.error(line, "empty param key");
        group_for(groups, default_file, line).keys.push_back(k);
      }
    } else if (auto* it = item.as_table()) {
      for (auto&& [k, v] : *it)
        if (k != "file" && k != "keys")
          ctx.error(line_of(v),
                    fmt::format("unknown key '{}' in a 'params' entry (known: file, keys)", k.str()));
      const toml::node* fnode = it->get("file");
      auto f = fnode ? ctx.str(*fnode, "params") : std::nullopt;
      if (!f) ctx.error(line, "a 'params' table needs a 'file' string");
      std::string file = checked_path(ctx, line, wdir, *f, "params");
      auto& g = group_for(groups, file, line);
      if (auto* keys = it->get("keys")) {
        auto* karr = keys->as_array();
        if (!karr) ctx.error(line_of(*keys), "'keys' must be an array of strings");
        for (auto&& k : *karr) {
          auto ks = strings_of(ctx, k, "keys");
          if (!ks) ctx.error(line_of(k), "'keys' must hold non-empty strings");
          for (const auto& key : *ks) {
            if (key.empty()) ctx.error(line_of(k), "'keys' must hold non-empty strings");
            g.keys.push_back(key);
          }
        }
      }
    } else {
      ctx.error(line, "'params' entries must be key strings or { file = ..., keys = [...] } tables");
    }
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

// Loads a `vars` array (top level or a stage's) into `vars`; files are relative to `wdir`.
void load_vars(const Ctx& ctx, const toml::node& node, std::string_view wdir, Files& files,
               detail::Vars& vars, const std::string& where) {
  auto* arr = node.as_array();
  if (!arr) ctx.error(line_of(node), "'vars' must be an array of file names and tables");
  std::size_t index = 0;
  for (auto&& item : *arr) {
    try {
      if (auto s = item.value<std::string>()) {
        auto colon = s->find(':');
        std::string path = normalize_path(wdir, s->substr(0, colon));
        std::vector<std::string> keys;
        if (colon != std::string::npos)
          for (auto& k : util::split_nonempty(s->substr(colon + 1), ',')) keys.push_back(k);
        if (path.empty() || path == ".") ctx.error(line_of(item), fmt::format("bad vars file '{}'", *s));
        detail::ReadRepoFile read = [&](const std::string& p) { return files(p); };
        vars.load_file(read, path, keys);
      } else if (auto* t = item.as_table()) {
        vars.load_inline(detail::to_json(*t), fmt::format("{}vars[{}]", where, index));
      } else {
        ctx.error(line_of(item), "'vars' entries are file names (\"params.yaml\", \"f.yaml:a,b\") or tables");
      }
    } catch (const Error& e) {
      if (std::string_view(e.what()).starts_with(ctx.file + ":")) throw;
      ctx.error(line_of(item), fmt::format("vars: {}", e.what()));
    }
    ++index;
  }
}

Stage read_stage(Ctx& ctx, const toml::table& t, int line, Files& files, bool matrix) {
  static const std::vector<std::string_view> known = {"cmd",  "deps", "outs",   "params",         "metrics",
                                                      "wdir", "desc", "frozen", "always_changed", "vars"};
  for (auto&& [k, v] : t)
    if (std::find(known.begin(), known.end(), k.str()) == known.end() && !(matrix && k == "matrix"))
      ctx.error(line_of(v),
                fmt::format("unknown key '{}' (known: cmd, deps, outs, params, metrics, wdir, desc, "
                            "frozen, always_changed, vars; foreach and do, or matrix)",
                            k.str()));
  Stage st;
  st.name = ctx.stage;
  st.line = line;
  if (auto* w = t.get("wdir")) {
    auto s = ctx.str(*w, "wdir");
    if (!s) ctx.error(line_of(*w), "'wdir' must be a string");
    std::string p = normalize_path("", *s);
    if (std::filesystem::path(*s).is_absolute() || p.empty())
      ctx.error(line_of(*w), fmt::format("'wdir' '{}' must be a folder inside the repository", *s));
    st.wdir = p == "." ? "" : p;
  }
  // Stage-level vars add to (a copy of) the vars in scope, relative to wdir.
  std::optional<detail::Vars> local;
  if (auto* v = t.get("vars")) {
    local.emplace(ctx.vars ? *ctx.vars : detail::Vars());
    load_vars(ctx, *v, st.wdir, files, *local, "stages." + ctx.stage + ".");
    ctx.vars = &*local;
  }
  const toml::node* cmd = t.get("cmd");
  if (!cmd) ctx.error(st.line, "missing 'cmd'");
  if (auto s = ctx.str(*cmd, "cmd", true)) {
    st.cmd.push_back(*s);
  } else if (auto* a = cmd->as_array()) {
    for (auto&& c : *a) {
      auto cs = ctx.str(c, "cmd", true);
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
  st.deps = read_paths(ctx, t, "deps", st.wdir, false);
  st.outs = read_paths(ctx, t, "outs", st.wdir, true);
  st.metrics = read_paths(ctx, t, "metrics", st.wdir, false);
  st.params = read_params(ctx, t, files.default_params(st.wdir), st.wdir);
  if (auto* d = t.get("desc")) {
    auto s = ctx.str(*d, "desc");
    if (!s) ctx.error(line_of(*d), "'desc' must be a string");
    st.desc = *s;
  }
  st.frozen = read_bool(ctx, t, "frozen");
  st.always_changed = read_bool(ctx, t, "always_changed");
  // Values of params files written into the stage are params of the stage (as DVC tracks them).
  for (const auto& [file, key] : ctx.used) group_for(st.params, file, st.line).keys.push_back(key);
  for (auto& g : st.params) {
    std::sort(g.keys.begin(), g.keys.end());
    g.keys.erase(std::unique(g.keys.begin(), g.keys.end()), g.keys.end());
  }
  ctx.vars = nullptr;
  return st;
}

// The value of `foreach` or of a matrix axis: a list or table, or "${name}" of one.
nlohmann::json iterable(Ctx& ctx, const toml::node& node, const char* what) {
  nlohmann::json v;
  if (auto s = node.value<std::string>())
    v = ctx.resolve(node, *s, what);
  else if (node.is_array() || node.is_table())
    v = detail::to_json(node);
  if (!v.is_array() && !v.is_object())
    ctx.error(line_of(node), fmt::format("'{}' must be a list, a table or \"${{name}}\" of one", what));
  return v;
}

void check_name(const Ctx& ctx, const std::string& name, int line) {
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      ctx.error(line, "stage names may only use letters, digits, '_', '-' and '.'");
}

// One [stages.NAME] table: a stage, or the stages its foreach or matrix generates
// (NAME@KEY, with KEY built as DVC builds it).
void read_entry(const std::string& file, const std::string& name, const toml::node& node,
                const detail::Vars& global, Files& files, std::vector<Stage>& out) {
  Ctx ctx{file, name, &global};
  auto* t = node.as_table();
  if (!t) ctx.error(line_of(node), "a stage must be a table ([stages.NAME])");
  const int line = line_of(node);
  check_name(ctx, name, line);
  auto generate = [&](const std::string& key, const nlohmann::json& item, const nlohmann::json* key_var,
                      const toml::table& body, bool matrix) {
    detail::Vars vars = global;
    vars.set("item", item);
    if (key_var) vars.set("key", *key_var);
    Ctx c{file, name + "@" + key, &vars};
    Stage st = read_stage(c, body, line, files, matrix);
    st.group = name;
    for (const auto& other : out)
      if (other.name == st.name) ctx.error(line, fmt::format("generates stage '{}' twice", st.name));
    out.push_back(std::move(st));
  };
  if (const toml::node* fe = t->get("foreach")) {
    for (auto&& [k, v] : *t)
      if (k != "foreach" && k != "do")
        ctx.error(line_of(v),
                  fmt::format("a foreach stage has only 'foreach' and 'do' (found '{}')", k.str()));
    const toml::node* d = t->get("do");
    if (!d || !d->is_table())
      ctx.error(line, "'foreach' needs a 'do' table: the stage written for each item");
    nlohmann::json items = iterable(ctx, *fe, "foreach");
    if (items.is_object()) {
      for (const auto& [k, v] : items.items()) {
        nlohmann::json key = k;
        generate(k, v, &key, *d->as_table(), false);
      }
    } else {
      bool composite = std::any_of(items.begin(), items.end(),
                                   [](const nlohmann::json& v) { return v.is_object() || v.is_array(); });
      for (std::size_t i = 0; i < items.size(); ++i)
        generate(composite ? std::to_string(i) : detail::to_text(items[i]), items[i], nullptr, *d->as_table(),
                 false);
    }
    return;
  }
  if (t->contains("do")) ctx.error(line_of(*t->get("do")), "'do' goes with 'foreach'");
  if (const toml::node* m = t->get("matrix")) {
    auto* mt = m->as_table();
    if (!mt || mt->empty()) ctx.error(line_of(*m), "'matrix' must be a table of lists");
    // Axes in the order they are written (toml++ tables are sorted by key).
    std::vector<std::pair<std::string, const toml::node*>> axes;
    for (auto&& [k, v] : *mt) axes.emplace_back(std::string(k.str()), &v);
    std::sort(axes.begin(), axes.end(), [](const auto& a, const auto& b) {
      auto sa = a.second->source().begin, sb = b.second->source().begin;
      return std::pair(sa.line, sa.column) < std::pair(sb.line, sb.column);
    });
    std::vector<nlohmann::json> values;
    for (const auto& [k, v] : axes) {
      auto list = iterable(ctx, *v, "matrix");
      if (!list.is_array()) ctx.error(line_of(*v), fmt::format("matrix '{}' must be a list", k));
      values.push_back(std::move(list));
    }
    // A few axes multiply into more stages than any pipeline has (a typo, a fuzzer).
    constexpr double kMaxGenerated = 10000;
    double combinations = 1;
    for (const auto& v : values) combinations *= static_cast<double>(v.size());
    if (combinations > kMaxGenerated)
      ctx.error(line_of(*m),
                fmt::format("'matrix' makes {} combinations (at most {})", combinations, kMaxGenerated));
    std::vector<std::size_t> at(axes.size(), 0);
    if (std::any_of(values.begin(), values.end(), [](const nlohmann::json& v) { return v.empty(); })) return;
    while (true) {
      nlohmann::json item = nlohmann::json::object();
      std::vector<std::string> parts;
      for (std::size_t a = 0; a < axes.size(); ++a) {
        const auto& v = values[a][at[a]];
        item[axes[a].first] = v;
        parts.push_back(v.is_object() || v.is_array() ? axes[a].first + std::to_string(at[a])
                                                      : detail::to_text(v));
      }
      std::string key = util::join(parts, "-");
      nlohmann::json key_var = key;
      generate(key, item, &key_var, *t, true);
      std::size_t a = axes.size();
      while (a > 0 && ++at[a - 1] == values[a - 1].size()) at[--a] = 0;
      if (a == 0) break;
    }
    return;
  }
  Stage st = read_stage(ctx, *t, line, files, false);
  out.push_back(std::move(st));
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

std::string default_params_file(const ReadRepoFile& read) {
  Files files{read};
  return files.default_params("");
}

PipelineFile parse_pipeline(std::string_view text, const std::string& filename, const ReadRepoFile& read) {
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
    // [checks."GLOB"]: the quality layer's (quality/checks.hpp)
    if (k != "stages" && k != "vars" && k != "checks")
      ctx.error(line_of(v), fmt::format("unknown top-level key '{}' (stages are written [stages.NAME]; "
                                        "variables in vars = [...], data checks [checks.\"GLOB\"])",
                                        k.str()));
  Files files{read};
  detail::ReadRepoFile cached = [&](const std::string& p) { return files(p); };
  detail::Vars global;
  global.set_default_file(&cached, files.default_params(""));
  if (const toml::node* v = root.get("vars")) load_vars(ctx, *v, "", files, global, "");
  const toml::node* stages = root.get("stages");
  if (!stages) return pf;
  auto* t = stages->as_table();
  if (!t) ctx.error(line_of(*stages), "'stages' must be a table of [stages.NAME] tables");
  for (auto&& [name, node] : *t)
    read_entry(filename, std::string(name.str()), node, global, files, pf.stages);
  // toml++ tables are ordered by key; keep the order in which the stages
  // appear in the file (the stages one entry generates keep their order).
  std::stable_sort(pf.stages.begin(), pf.stages.end(),
                   [](const Stage& a, const Stage& b) { return a.line < b.line; });
  return pf;
}

}  // namespace dvx::pipeline
