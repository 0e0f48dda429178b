// Loading and editing remote configuration (.dvxconfig + git config).
#include "dvx/remote/remote_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "dvx/remote/options.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/subprocess.hpp"

namespace dvx::remote {

namespace fs = std::filesystem;

namespace {

const std::string kGitPrefix = "dvx.remote.";
const std::string kGitDefault = "dvx.defaultremote";

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

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

std::string scalar_to_string(const fs::path& file, const toml::node& node, const std::string& what) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto f = node.as_floating_point()) return fmt::format("{}", f->get());
  fail(ErrorKind::usage, "{}: {} must be a string, number or boolean", where(file, node), what);
}

// The TOML value to write for a key: booleans and integers where natural.
void set_typed(toml::table& t, const std::string& key, const std::string& value) {
  if (key == "path-style" || key == "log") {
    t.insert_or_assign(key, parse_bool(value, key));
    return;
  }
  if (key == "jobs" || key == "retries") {
    t.insert_or_assign(key, static_cast<int64_t>(std::stoll(value)));
    return;
  }
  if ((key == "multipart-threshold" || key == "part-size") &&
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

void git_config(const fs::path& root, std::vector<std::string> args, bool allow_missing = false) {
  std::vector<std::string> argv{"git", "-C", root.string(), "config", "--local"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = util::run_process(argv);
  // Exit 5 = "nothing to unset"/"no such section": fine when removing.
  if (r.exit_code != 0 && !(allow_missing && (r.exit_code == 5 || r.exit_code == 128 || r.exit_code == 1))) {
    std::string err = r.err;
    while (!err.empty() && err.back() == '\n') err.pop_back();
    fail(ErrorKind::permanent, "git config --local {} failed: {}", args.empty() ? "" : args.front(), err);
  }
}

bool is_secret_key(const std::string& key) {
  static const std::regex secret(".*(secret|password|token|access[-_]?key|credential).*", std::regex::icase);
  return std::regex_match(key, secret);
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& remote_option_keys() {
  static const std::vector<std::pair<std::string, std::string>> keys = {
      {"url", "s3://bucket/prefix, a directory path or file:///path"},
      {"region", "AWS region (default: AWS_REGION, the profile's region, else us-east-1)"},
      {"endpoint", "S3-compatible endpoint URL, e.g. http://127.0.0.1:9000 (MinIO, Ceph, R2)"},
      {"profile", "AWS profile in ~/.aws/credentials and ~/.aws/config"},
      {"path-style", "true: https://host/bucket/key; false: https://bucket.host/key"},
      {"sse", "server-side encryption: AES256 or aws:kms"},
      {"sse-kms-key-id", "KMS key id or ARN (with sse = aws:kms)"},
      {"jobs", "parallel transfers (default 8)"},
      {"multipart-threshold", "size from which uploads are multipart (default 64MiB)"},
      {"part-size", "multipart part size (default 16MiB, at least 5MiB)"},
      {"retries", "retries of a failed request on transient errors (default 5)"},
      {"log", "true: log every remote operation to stderr"},
  };
  return keys;
}

void validate_remote_name(const std::string& name) {
  static const std::regex ok("[A-Za-z0-9][A-Za-z0-9_-]*");
  if (!std::regex_match(name, ok))
    fail(ErrorKind::usage, "invalid remote name '{}': use letters, digits, '-' and '_'", name);
}

namespace {
void validate_remote_key(const std::string& key) {
  const auto& keys = remote_option_keys();
  bool known = std::any_of(keys.begin(), keys.end(), [&](const auto& k) { return k.first == key; });
  if (!known) {
    if (is_secret_key(key))
      fail(ErrorKind::usage,
           "'{}' is not stored in remote configuration: credentials come from AWS_ACCESS_KEY_ID / "
           "AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or a profile in ~/.aws (set 'profile' to choose one)",
           key);
    std::string list;
    for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k.first;
    fail(ErrorKind::usage, "unknown remote option '{}' (valid: {})", key, list);
  }
}
}  // namespace

void validate_remote_option(const std::string& key, const std::string& value) {
  validate_remote_key(key);
  RemoteConfig probe{"", "", {{key, value}}};
  const std::string what = fmt::format("option '{}'", key);
  if (key == "url") {
    if (value.empty()) fail(ErrorKind::usage, "the remote URL is empty");
    if (url_scheme(value) == "s3") {
      if (value.find('@') != std::string::npos)
        fail(ErrorKind::usage, "remote URL '{}': credentials do not belong in the URL", value);
      open_remote({"", value, {}});  // parses the bucket and prefix; no network access
    } else if (url_scheme(value) != "file") {
      open_remote({"", value, {}});  // reports the unsupported scheme
    }
  } else if (key == "path-style" || key == "log") {
    parse_bool(value, what);
  } else if (key == "sse") {
    if (value != "AES256" && value != "aws:kms")
      fail(ErrorKind::usage, "option 'sse' must be AES256 or aws:kms, not '{}'", value);
  } else if (key == "jobs") {
    int_option(probe, key, 0, 1, 256);
  } else if (key == "retries") {
    int_option(probe, key, 0, 0, 100);
  } else if (key == "multipart-threshold" || key == "part-size") {
    auto size = parse_size(value, what);
    if (size < kMinPartSize)
      fail(ErrorKind::usage, "option '{}' must be at least 5MiB (S3's minimum part size)", key);
    if (key == "part-size" && size > (5ull << 30))
      fail(ErrorKind::usage, "option 'part-size' must be at most 5GiB");
  } else if (key == "endpoint") {
    if (value.find('@') != std::string::npos)
      fail(ErrorKind::usage, "endpoint '{}': credentials do not belong in the URL", value);
    auto pos = value.find("://");
    if (pos != std::string::npos && lower(value.substr(0, pos)) != "http" &&
        lower(value.substr(0, pos)) != "https")
      fail(ErrorKind::usage, "endpoint '{}': only http:// and https:// are supported", value);
  }
}

const ConfiguredRemote* RemoteSet::find(const std::string& name) const {
  for (const auto& r : remotes)
    if (r.config.name == name) return &r;
  return nullptr;
}

GitConfigValues read_git_config(const fs::path& root) {
  auto r = util::run_process(
      {"git", "-C", root.string(), "config", "-z", "--get-regexp", "^dvx\\.(remote\\.|defaultremote$)"});
  GitConfigValues out;
  if (r.exit_code != 0) return out;  // 1 = no match
  std::size_t pos = 0;
  while (pos < r.out.size()) {
    auto end = r.out.find('\0', pos);
    if (end == std::string::npos) end = r.out.size();
    std::string entry = r.out.substr(pos, end - pos);
    pos = end + 1;
    auto nl = entry.find('\n');
    std::string key = entry.substr(0, nl);
    std::string value = nl == std::string::npos ? "true" : entry.substr(nl + 1);
    out[key] = value;
  }
  return out;
}

RemoteSet load_remotes(const fs::path& root, const GitConfigValues& git_values) {
  std::map<std::string, ConfiguredRemote> by_name;
  RemoteSet set;
  auto file = project_file(root);
  auto table = load_project_table(root);
  std::optional<std::string> project_default, local_default;
  if (auto* core = table.get("core")) {
    auto* t = core->as_table();
    if (!t) fail(ErrorKind::usage, "{}: [core] must be a table", where(file, *core));
    if (auto* rem = t->get("remote")) project_default = scalar_to_string(file, *rem, "core.remote");
  }
  if (auto* remotes = table.get("remote")) {
    auto* t = remotes->as_table();
    if (!t) fail(ErrorKind::usage, "{}: 'remote' must hold tables like [remote.NAME]", where(file, *remotes));
    for (const auto& [name_key, node] : *t) {
      std::string name(name_key.str());
      auto* rt = node.as_table();
      if (!rt)
        fail(ErrorKind::usage, "{}: remote '{}' must be a table [remote.{}]", where(file, node), name, name);
      auto& r = by_name[name];
      r.config.name = name;
      r.in_project = true;
      for (const auto& [k, v] : *rt) {
        std::string key(k.str());
        std::string value = scalar_to_string(file, v, fmt::format("remote.{}.{}", name, key));
        if (key == "url")
          r.config.url = value;
        else
          r.config.options[key] = value;
      }
    }
  }
  for (const auto& [key, value] : git_values) {
    if (key == kGitDefault) {
      local_default = value;
      continue;
    }
    if (key.rfind(kGitPrefix, 0) != 0) continue;
    auto dot = key.rfind('.');
    if (dot <= kGitPrefix.size()) continue;
    std::string name = key.substr(kGitPrefix.size(), dot - kGitPrefix.size());
    std::string opt = key.substr(dot + 1);
    auto& r = by_name[name];
    r.config.name = name;
    r.in_local = true;
    if (opt == "url")
      r.config.url = value;
    else
      r.config.options[opt] = value;
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
  validate_remote_option("url", url);
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
    git_config(root, {kGitPrefix + name + ".url", url});
    if (make_default) git_config(root, {kGitDefault, name});
  }
}

void modify_remote(const fs::path& root, ConfigScope scope, const std::string& name, const std::string& key,
                   const std::optional<std::string>& value) {
  validate_remote_name(name);
  if (value)
    validate_remote_option(key, *value);
  else
    validate_remote_key(key);
  if (!value && key == "url")
    fail(ErrorKind::usage, "the url of remote '{}' cannot be unset (remove the remote instead)", name);
  auto existing = load_remotes(root);
  const auto* r = existing.find(name);
  if (!r || (scope == ConfigScope::project && !r->in_project))
    fail(ErrorKind::usage, "no remote named '{}' in {}{}", name,
         scope == ConfigScope::project ? kDvxConfigFile : "the configuration",
         r ? " (it is in git config: use --local)" : " (add it with 'git dvx remote add')");
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
      git_config(root, {kGitPrefix + name + "." + key, *value});
    else
      git_config(root, {"--unset", kGitPrefix + name + "." + key}, true);
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
  git_config(root, {"--remove-section", kGitPrefix.substr(0, kGitPrefix.size() - 1) + "." + name}, true);
  auto git_values = read_git_config(root);
  if (auto it = git_values.find(kGitDefault); it != git_values.end() && it->second == name)
    git_config(root, {"--unset", kGitDefault}, true);
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
    git_config(root, {kGitDefault, name});
  }
}

}  // namespace dvx::remote
