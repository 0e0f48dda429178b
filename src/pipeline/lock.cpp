// dvx.lock reader and writer (format: include/dvx/pipeline/lock.hpp).
#include "dvx/pipeline/lock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "dvx/core/pointer.hpp"
#include "dvx/util/error.hpp"
#include "pipeline/toml_json.hpp"

namespace dvx::pipeline {

namespace {

using detail::line_of;

[[noreturn]] void corrupt(const std::string& file, int line, const std::string& what) {
  fail(ErrorKind::corrupt, "{}:{}: {}", file, line, what);
}

void check_keys(const std::string& file, const toml::table& table,
                std::initializer_list<std::string_view> allowed, const std::string& where) {
  for (auto&& [k, v] : table) {
    if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
      corrupt(file, line_of(v), fmt::format("unknown key '{}' in {}", k.str(), where));
  }
}

LockEntry parse_entry(const std::string& file, const toml::node& node, const std::string& where) {
  auto* t = node.as_table();
  if (!t) corrupt(file, line_of(node), fmt::format("{}: expected a table", where));
  check_keys(file, *t, {"path", "oid", "size", "nfiles"}, where);
  LockEntry e;
  auto path = (*t)["path"].value<std::string>();
  auto oid = (*t)["oid"].value<std::string>();
  auto size = (*t)["size"].value<std::int64_t>();
  if (!path || path->empty()) corrupt(file, line_of(node), fmt::format("{}: missing or empty 'path'", where));
  if (!oid || !core::is_valid_oid(*oid))
    corrupt(file, line_of(node), fmt::format("{} '{}': 'oid' must be 64 lowercase hex digits", where, *path));
  if (!size || *size < 0)
    corrupt(file, line_of(node), fmt::format("{} '{}': 'size' must be a non-negative integer", where, *path));
  e.path = *path;
  e.oid = *oid;
  e.size = static_cast<std::uint64_t>(*size);
  if (auto* n = t->get("nfiles")) {
    auto count = n->value<std::int64_t>();
    if (!count || *count < 0)
      corrupt(file, line_of(*n),
              fmt::format("{} '{}': 'nfiles' must be a non-negative integer", where, *path));
    e.nfiles = static_cast<std::uint64_t>(*count);
  }
  return e;
}

std::vector<LockEntry> parse_entries(const std::string& file, const toml::node* node,
                                     const std::string& where) {
  std::vector<LockEntry> out;
  if (!node) return out;
  auto* arr = node->as_array();
  if (!arr) corrupt(file, line_of(*node), fmt::format("{}: expected an array of tables", where));
  for (auto&& v : *arr) out.push_back(parse_entry(file, v, where));
  return out;
}

void sort_entries(std::vector<LockEntry>& v) {
  std::sort(v.begin(), v.end(), [](const LockEntry& a, const LockEntry& b) { return a.path < b.path; });
}

}  // namespace

LockFile parse_lock(std::string_view text, const std::string& filename) {
  toml::table root;
  try {
    root = toml::parse(text, filename);
  } catch (const toml::parse_error& e) {
    corrupt(filename, static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  LockFile lock;
  check_keys(filename, root, {"schema", "stages"}, "dvx.lock");
  if (auto* s = root.get("schema")) {
    auto v = s->value<std::int64_t>();
    if (!v) corrupt(filename, line_of(*s), "'schema' must be an integer");
    if (*v != kLockSchema)
      corrupt(
          filename, line_of(*s),
          fmt::format("schema {} is not supported by this git-dvx (it reads schema {})", *v, kLockSchema));
    lock.schema = static_cast<int>(*v);
  }
  auto* stages_node = root.get("stages");
  if (!stages_node) return lock;
  auto* stages = stages_node->as_table();
  if (!stages) corrupt(filename, line_of(*stages_node), "'stages' must be a table");
  for (auto&& [name_key, node] : *stages) {
    std::string name(name_key.str());
    std::string where = fmt::format("stage '{}'", name);
    auto* t = node.as_table();
    if (!t) corrupt(filename, line_of(node), fmt::format("{}: expected a table", where));
    check_keys(filename, *t, {"cmd", "wdir", "deps", "outs", "metrics", "params"}, where);
    LockStage st;
    if (auto* cmd = t->get("cmd")) {
      if (auto s = cmd->value<std::string>()) {
        st.cmd.push_back(*s);
      } else if (auto* a = cmd->as_array()) {
        for (auto&& c : *a) {
          auto cs = c.value<std::string>();
          if (!cs) corrupt(filename, line_of(c), fmt::format("{}: 'cmd' must hold strings", where));
          st.cmd.push_back(*cs);
        }
      } else {
        corrupt(filename, line_of(*cmd),
                fmt::format("{}: 'cmd' must be a string or an array of strings", where));
      }
    }
    if (auto* w = t->get("wdir")) {
      auto s = w->value<std::string>();
      if (!s) corrupt(filename, line_of(*w), fmt::format("{}: 'wdir' must be a string", where));
      st.wdir = *s;
    }
    st.deps = parse_entries(filename, t->get("deps"), where + " deps");
    st.outs = parse_entries(filename, t->get("outs"), where + " outs");
    st.metrics = parse_entries(filename, t->get("metrics"), where + " metrics");
    if (auto* p = t->get("params")) {
      auto* files = p->as_table();
      if (!files) corrupt(filename, line_of(*p), fmt::format("{}: 'params' must be a table", where));
      for (auto&& [file, keys] : *files) {
        auto* kt = keys.as_table();
        if (!kt)
          corrupt(filename, line_of(keys),
                  fmt::format("{}: params of '{}' must be a table", where, file.str()));
        auto& dest = st.params[std::string(file.str())];
        for (auto&& [k, v] : *kt) dest[std::string(k.str())] = detail::to_json(v);
      }
    }
    sort_entries(st.deps);
    sort_entries(st.outs);
    sort_entries(st.metrics);
    lock.stages.emplace(std::move(name), std::move(st));
  }
  return lock;
}

namespace {

void write_entries(std::string& out, const std::string& prefix, const char* kind,
                   std::vector<LockEntry> entries) {
  sort_entries(entries);
  for (const auto& e : entries) {
    out += fmt::format("\n[[{}.{}]]\n", prefix, kind);
    out += fmt::format("path = {}\n", detail::toml_string(e.path));
    out += fmt::format("oid = \"{}\"\n", e.oid);
    out += fmt::format("size = {}\n", e.size);
    if (e.nfiles) out += fmt::format("nfiles = {}\n", *e.nfiles);
  }
}

}  // namespace

std::string format_lock(const LockFile& lock) {
  std::string out = fmt::format(
      "# Written by git dvx repro: what produced every output. Do not edit.\nschema = {}\n", lock.schema);
  for (const auto& [name, st] : lock.stages) {
    std::string prefix = "stages." + detail::toml_key(name);
    out += fmt::format("\n[{}]\n", prefix);
    if (st.cmd.size() == 1) {
      out += fmt::format("cmd = {}\n", detail::toml_string(st.cmd[0]));
    } else {
      out += "cmd = [";
      for (std::size_t i = 0; i < st.cmd.size(); ++i) out += (i ? ", " : "") + detail::toml_string(st.cmd[i]);
      out += "]\n";
    }
    if (!st.wdir.empty()) out += fmt::format("wdir = {}\n", detail::toml_string(st.wdir));
    for (const auto& [file, keys] : st.params) {
      out += fmt::format("\n[{}.params.{}]\n", prefix, detail::toml_string(file));
      for (const auto& [k, v] : keys)
        out += fmt::format("{} = {}\n", detail::toml_string(k), toml_value_text(v));
    }
    write_entries(out, prefix, "deps", st.deps);
    write_entries(out, prefix, "outs", st.outs);
    write_entries(out, prefix, "metrics", st.metrics);
  }
  return out;
}

std::optional<LockHit> find_out(const LockFile& lock, std::string_view path) {
  auto match = [&](const LockEntry& e) {
    if (e.path == path) return true;
    return e.is_dir() && path.size() > e.path.size() && path.starts_with(e.path) &&
           path[e.path.size()] == '/';
  };
  for (const char* kind : {"outs", "metrics", "deps"}) {
    for (const auto& [name, st] : lock.stages) {
      const auto& list = std::string_view(kind) == "outs"      ? st.outs
                         : std::string_view(kind) == "metrics" ? st.metrics
                                                               : st.deps;
      for (const auto& e : list)
        if (match(e)) return LockHit{name, kind, e};
    }
  }
  return std::nullopt;
}

}  // namespace dvx::pipeline
