// Loading and editing remote configuration (.dvxconfig + git config).
#include "dvx/remote/remote_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "dvx/git/commands.hpp"
#include "dvx/remote/option_specs.hpp"
#include "dvx/remote/options.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::remote {

namespace fs = std::filesystem;

namespace {

const std::string kGitPrefix = "dvx.remote.";
const std::string kGitDefault = "dvx.defaultremote";

toml::table parse_project(const fs::path& file, const std::string& text) {
  try {
    return toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    fail(ErrorKind::usage, "{}:{}:{}: invalid TOML: {}", file.string(), src.begin.line, src.begin.column,
         e.description());
  }
}

std::string where(const fs::path& file, const toml::node& node) {
  const auto& src = node.source();
  return fmt::format("{}:{}:{}", file.string(), src.begin.line, src.begin.column);
}

// The TOML value to write for a key: booleans and integers where natural.
void set_typed(toml::table& t, const std::string& key, const std::string& value) {
  const auto spec = find_option_spec("", key);
  if (spec && spec->type == OptionType::boolean) {
    t.insert_or_assign(key, parse_bool(value, key));
    return;
  }
  if (spec && spec->type == OptionType::integer) {
    t.insert_or_assign(key, static_cast<int64_t>(std::stoll(value)));
    return;
  }
  if (spec && spec->type == OptionType::size &&
      std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    t.insert_or_assign(key, static_cast<int64_t>(std::stoll(value)));
    return;
  }
  t.insert_or_assign(key, value);
}

fs::path project_file(const fs::path& root) {
  return root / kDvxConfigFile;
}

toml::table load_project_table(const fs::path& root) {
  auto file = project_file(root);
  auto text = util::read_file_if_exists(file);
  if (!text) return {};
  return parse_project(file, *text);
}

void save_project_table(const fs::path& root, const toml::table& t) {
  std::ostringstream out;
  out << "# git-dvx project configuration (committed). Credentials never go here:\n"
         "# they come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws (see docs/remotes.md).\n";
  out << toml::toml_formatter(t) << "\n";
  util::write_file_atomic(project_file(root), out.str());
}

}  // namespace

void validate_remote_name(const std::string& name) {
  static const std::regex ok("[A-Za-z0-9][A-Za-z0-9_-]*");
  if (!std::regex_match(name, ok))
    fail(ErrorKind::usage, "invalid remote name '{}': use letters, digits, '-' and '_'", name);
}

const ConfiguredRemote* RemoteSet::find(const std::string& name) const {
  for (const auto& r : remotes)
    if (r.config.name == name) return &r;
  return nullptr;
}

GitConfigValues read_git_config(const fs::path& root) {
  GitConfigValues out;
  for (auto& e : git::config_get_regexp(root, "^dvx\\.(remote\\.|defaultremote$)"))
    out[e.key] = {std::move(e.value), std::move(e.origin)};
  return out;
}

namespace {

// Runs `check`; an Error it throws is rethrown with "<where>: " in front.
template <typename Fn>
void at(const std::string& where, Fn&& check) {
  try {
    check();
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", where, e.what()));
  }
}

const char* toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "a date or time";
  }
}

// The value of an option as a string, if its TOML type fits the option.
std::string option_text(const std::string& where, const std::string& name, const std::string& key,
                        const OptionSpec& spec, const toml::node& node) {
  const char* wanted = nullptr;
  switch (spec.type) {
    case OptionType::text:
    case OptionType::url:
      if (auto s = node.as_string()) return s->get();
      wanted = spec.type == OptionType::url ? "a string (a URL or a directory path)" : "a string";
      break;
    case OptionType::integer:
      if (auto i = node.as_integer()) return std::to_string(i->get());
      wanted = "an integer";
      break;
    case OptionType::boolean:
      if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
      wanted = "true or false";
      break;
    case OptionType::size:
      if (auto s = node.as_string()) return s->get();
      if (auto i = node.as_integer()) return std::to_string(i->get());
      wanted = "a size (an integer of bytes or a string such as \"64MiB\")";
      break;
  }
  fail(ErrorKind::usage, "{}: remote.{}.{} must be {}, not {}", where, name, key, wanted,
       toml_type_name(node));
}

// Reads one [remote.NAME] table of .dvxconfig, checking every key against
// the options of the backend its url names.
void read_project_remote(const fs::path& file, const std::string& name, const toml::table& table,
                         ConfiguredRemote& r) {
  std::string scheme;
  if (const auto* url = table.get("url"); url && url->is_string())
    scheme = url_scheme(url->as_string()->get());
  for (const auto& [k, v] : table) {
    std::string key(k.str());
    std::string loc = where(file, v);
    std::string label = fmt::format("{}: remote.{}.{}", loc, name, key);
    at(label, [&] { check_option_key(scheme, key); });
    std::string value = option_text(loc, name, key, *find_option_spec(scheme, key), v);
    at(label, [&] { check_option_value(scheme, key, value); });
    if (key == "url")
      r.config.url = value;
    else
      r.config.options[key] = value;
  }
}

}  // namespace

RemoteSet load_remotes(const fs::path& root, const GitConfigValues& git_values) {
  std::map<std::string, ConfiguredRemote> by_name;
  RemoteSet set;
  auto file = project_file(root);
  auto table = load_project_table(root);
  std::optional<std::string> project_default, local_default;
  for (const auto& [k, node] : table) {
    if (k.str() != "core" && k.str() != "remote")
      fail(ErrorKind::usage,
           "{}: unknown table or key '{}' in {} (valid: [core] remote = \"NAME\", [remote.NAME])",
           where(file, node), k.str(), kDvxConfigFile);
  }
  if (auto* core = table.get("core")) {
    auto* t = core->as_table();
    if (!t) fail(ErrorKind::usage, "{}: [core] must be a table", where(file, *core));
    for (const auto& [k, v] : *t) {
      if (k.str() != "remote")
        fail(ErrorKind::usage, "{}: unknown key 'core.{}' (valid: core.remote, the default remote's name)",
             where(file, v), k.str());
      if (!v.is_string())
        fail(ErrorKind::usage, "{}: core.remote must be a string (a remote's name), not {}", where(file, v),
             toml_type_name(v));
      project_default = v.as_string()->get();
    }
  }
  if (auto* remotes = table.get("remote")) {
    auto* t = remotes->as_table();
    if (!t) fail(ErrorKind::usage, "{}: 'remote' must hold tables like [remote.NAME]", where(file, *remotes));
    for (const auto& [name_key, node] : *t) {
      std::string name(name_key.str());
      auto* rt = node.as_table();
      if (!rt)
        fail(ErrorKind::usage, "{}: remote '{}' must be a table [remote.{}]", where(file, node), name, name);
      at(where(file, node), [&] { validate_remote_name(name); });
      auto& r = by_name[name];
      r.config.name = name;
      r.in_project = true;
      read_project_remote(file, name, *rt, r);
    }
  }
  // git config: a key is checked against the backend of the remote's
  // merged URL (git config's own url, else .dvxconfig's).
  std::map<std::string, std::vector<std::pair<std::string, const GitConfigValue*>>> git_options;
  for (const auto& entry : git_values) {
    // Named references, not a structured binding: clang 14 cannot capture bindings in lambdas.
    const std::string& key = entry.first;
    const GitConfigValue& value = entry.second;
    if (key == kGitDefault) {
      local_default = value.value;
      continue;
    }
    if (key.rfind(kGitPrefix, 0) != 0) continue;
    auto dot = key.rfind('.');
    std::string label = fmt::format("git config {} (in {})", key, value.origin);
    if (dot <= kGitPrefix.size())
      fail(ErrorKind::usage,
           "{}: expected dvx.remote.NAME.KEY (remove it with: git config --file {} --unset {})", label,
           value.origin, key);
    std::string name = key.substr(kGitPrefix.size(), dot - kGitPrefix.size());
    std::string opt = key.substr(dot + 1);
    at(label, [&] { validate_remote_name(name); });
    if (opt == "url") {
      at(label, [&] { check_option_value("", "url", value.value); });
      by_name[name].config.url = value.value;
    }
    git_options[name].emplace_back(opt, &value);
  }
  for (const auto& [name, entries] : git_options) {
    auto& r = by_name[name];
    r.config.name = name;
    r.in_local = true;
    std::string scheme = r.config.url.empty() ? "" : url_scheme(r.config.url);
    for (const auto& [opt, value] : entries) {
      std::string label = fmt::format("git config {}{}.{} (in {})", kGitPrefix, name, opt, value->origin);
      try {
        check_option_value(scheme, opt, value->value);
      } catch (const Error& e) {
        throw Error(e.kind(), fmt::format("{}: {} (remove it with: git config --file {} --unset {}{}.{})",
                                          label, e.what(), value->origin, kGitPrefix, name, opt));
      }
      if (opt != "url") r.config.options[opt] = value->value;
    }
  }
  for (auto& [name, r] : by_name) {
    r.raw_url = r.config.url;
    if (!r.config.url.empty() && url_scheme(r.config.url) == "file" &&
        r.config.url.rfind("file://", 0) != 0) {
      fs::path p = r.config.url;
      if (!r.config.url.empty() && r.config.url[0] == '~') {
        if (const char* home = std::getenv("HOME"))
          p = fs::path(home) / r.config.url.substr(r.config.url.size() > 1 ? 2 : 1);
      }
      if (p.is_relative()) p = root / p;
      r.config.url = p.lexically_normal().string();
    }
    set.remotes.push_back(std::move(r));
  }
  if (local_default)
    set.default_name = local_default;
  else if (project_default)
    set.default_name = project_default;
  else if (set.remotes.size() == 1)
    set.default_name = set.remotes.front().config.name;
  return set;
}

RemoteSet load_remotes(const fs::path& root) {
  return load_remotes(root, read_git_config(root));
}

RemoteConfig select_remote(const RemoteSet& set, const std::string& name) {
  if (set.remotes.empty())
    fail(ErrorKind::usage,
         "no remote configured: add one with 'git dvx remote add --default NAME s3://bucket/prefix' (or a "
         "directory)");
  std::string wanted = name;
  if (wanted.empty()) {
    if (!set.default_name)
      fail(ErrorKind::usage,
           "several remotes are configured and none is the default: name one, or run 'git dvx remote default "
           "NAME'");
    wanted = *set.default_name;
  }
  const auto* r = set.find(wanted);
  if (!r) {
    std::string known;
    for (const auto& x : set.remotes) known += (known.empty() ? "" : ", ") + x.config.name;
    fail(ErrorKind::usage, "no remote named '{}' (configured: {})", wanted, known);
  }
  if (r->config.url.empty())
    fail(ErrorKind::usage, "remote '{}' has no url (set it with 'git dvx remote modify {} url URL')", wanted,
         wanted);
  return r->config;
}

void add_remote(const fs::path& root, ConfigScope scope, const std::string& name, const std::string& url,
                bool make_default) {
  validate_remote_name(name);
  check_option_value("", "url", url);
  auto existing = load_remotes(root);
  if (const auto* r = existing.find(name);
      r && ((scope == ConfigScope::project && r->in_project) || (scope == ConfigScope::local && r->in_local)))
    fail(ErrorKind::usage, "remote '{}' already exists (change it with 'git dvx remote modify {} url URL')",
         name, name);
  if (scope == ConfigScope::project) {
    auto table = load_project_table(root);
    if (!table.contains("remote")) table.insert("remote", toml::table{});
    auto* remotes = table["remote"].as_table();
    if (!remotes) fail(ErrorKind::usage, "{}: 'remote' is not a table", project_file(root).string());
    toml::table r;
    r.insert("url", url);
    remotes->insert_or_assign(name, std::move(r));
    if (make_default) {
      if (!table.contains("core")) table.insert("core", toml::table{});
      if (auto* core = table["core"].as_table()) core->insert_or_assign("remote", name);
    }
    save_project_table(root, table);
  } else {
    git::config_set(git::ConfigScope::local, root, kGitPrefix + name + ".url", url);
    if (make_default) git::config_set(git::ConfigScope::local, root, kGitDefault, name);
  }
}

void modify_remote(const fs::path& root, ConfigScope scope, const std::string& name, const std::string& key,
                   const std::optional<std::string>& value) {
  validate_remote_name(name);
  check_option_key("", key);
  if (value) check_option_value("", key, *value);
  if (!value && key == "url")
    fail(ErrorKind::usage, "the url of remote '{}' cannot be unset (remove the remote instead)", name);
  auto existing = load_remotes(root);
  const auto* r = existing.find(name);
  if (!r || (scope == ConfigScope::project && !r->in_project))
    fail(ErrorKind::usage, "no remote named '{}' in {}{}", name,
         scope == ConfigScope::project ? kDvxConfigFile : "the configuration",
         r ? " (it is in git config: use --local)" : " (add it with 'git dvx remote add')");
  if (!r->config.url.empty()) {
    auto scheme = url_scheme(r->config.url);
    if (value)
      check_option_value(scheme, key, *value);
    else
      check_option_key(scheme, key);
  }
  if (scope == ConfigScope::project) {
    auto table = load_project_table(root);
    auto* rt = table["remote"][name].as_table();
    if (!rt) fail(ErrorKind::usage, "{}: remote '{}' is not a table", project_file(root).string(), name);
    if (value)
      set_typed(*rt, key, *value);
    else
      rt->erase(key);
    save_project_table(root, table);
  } else {
    if (value)
      git::config_set(git::ConfigScope::local, root, kGitPrefix + name + "." + key, *value);
    else
      git::config_unset(git::ConfigScope::local, root, kGitPrefix + name + "." + key);
  }
}

void remove_remote(const fs::path& root, const std::string& name) {
  validate_remote_name(name);
  auto existing = load_remotes(root);
  const auto* r = existing.find(name);
  if (!r) fail(ErrorKind::usage, "no remote named '{}'", name);
  if (r->in_project) {
    auto table = load_project_table(root);
    if (auto* remotes = table["remote"].as_table()) remotes->erase(name);
    if (auto* core = table["core"].as_table()) {
      if (auto* d = core->get("remote"); d && d->value_or(std::string()) == name) core->erase("remote");
      if (core->empty()) table.erase("core");
    }
    if (auto* remotes = table["remote"].as_table(); remotes && remotes->empty()) table.erase("remote");
    save_project_table(root, table);
  }
  git::config_remove_section(git::ConfigScope::local, root,
                             kGitPrefix.substr(0, kGitPrefix.size() - 1) + "." + name);
  auto git_values = read_git_config(root);
  if (auto it = git_values.find(kGitDefault); it != git_values.end() && it->second.value == name)
    git::config_unset(git::ConfigScope::local, root, kGitDefault);
}

void set_default_remote(const fs::path& root, ConfigScope scope, const std::string& name) {
  validate_remote_name(name);
  auto existing = load_remotes(root);
  if (!existing.find(name)) fail(ErrorKind::usage, "no remote named '{}'", name);
  if (scope == ConfigScope::project) {
    auto table = load_project_table(root);
    if (!table.contains("core")) table.insert("core", toml::table{});
    auto* core = table["core"].as_table();
    if (!core) fail(ErrorKind::usage, "{}: [core] is not a table", project_file(root).string());
    core->insert_or_assign("remote", name);
    save_project_table(root, table);
  } else {
    git::config_set(git::ConfigScope::local, root, kGitDefault, name);
  }
}

}  // namespace dvx::remote
