#pragma once
// Remote configuration, DVC-style, from two places:
//   .dvxconfig at the worktree root (TOML, committed, so clones find the store):
//       [core]
//       remote = "storage"              # the default remote
//       [remote.storage]
//       url = "s3://bucket/prefix"
//       region = "eu-west-1"
//   git config (private settings, `--local` = .git/config; any scope is read):
//       dvx.remote.<name>.<key> = value, dvx.defaultremote = <name>
// git config overrides .dvxconfig key by key. Both are strict: every key is
// checked against the options of its remote's backend (option_specs.hpp),
// with its type and value; a credential-looking key is refused (credentials
// come from the environment or ~/.aws) and its value is never printed.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dvx/remote/remote.hpp"

namespace dvx::remote {

enum class ConfigScope { project, local };  // .dvxconfig | .git/config

struct ConfiguredRemote {
  RemoteConfig config;      // merged; a relative directory URL is made absolute from the worktree root
  std::string raw_url;      // as written
  bool in_project = false;  // has a [remote.<name>] table in .dvxconfig
  bool in_local = false;    // has dvx.remote.<name>.* keys in git config
};

struct RemoteSet {
  std::vector<ConfiguredRemote> remotes;  // sorted by name
  std::optional<std::string> default_name;
  const ConfiguredRemote* find(const std::string& name) const;
};

// git config entries: "dvx.remote.<name>.<key>" -> value, "dvx.defaultremote" -> name.
struct GitConfigValue {
  std::string value;
  std::string origin;  // the file that sets it (git config --show-origin), for messages
};
using GitConfigValues = std::map<std::string, GitConfigValue>;

inline constexpr const char* kDvxConfigFile = ".dvxconfig";

void validate_remote_name(const std::string& name);

// Reads .dvxconfig (if present) and the git values. Throws Error(usage) with
// "<file>:<line>:<column>: ..." for broken TOML, an unknown table or key, a
// wrongly typed or invalid value or a credential key in .dvxconfig, and with
// "git config dvx.remote.<name>.<key> (in <file>): ..." for the same in git
// config.
RemoteSet load_remotes(const std::filesystem::path& worktree_root, const GitConfigValues& git_values);
// Same, reading git config with `git config -z --get-regexp` in the worktree.
RemoteSet load_remotes(const std::filesystem::path& worktree_root);
GitConfigValues read_git_config(const std::filesystem::path& worktree_root);

// `name` empty: the default remote (dvx.defaultremote, else [core] remote,
// else the only remote). Throws Error(usage) with a hint when nothing is
// configured or the name is unknown.
RemoteConfig select_remote(const RemoteSet& set, const std::string& name = "");

// Editing. Project scope rewrites .dvxconfig (other tables are kept; TOML
// comments are not); local scope runs `git config --local`.
void add_remote(const std::filesystem::path& worktree_root, ConfigScope scope, const std::string& name,
                const std::string& url, bool make_default);
// Sets KEY (validated); `value` nullopt unsets it. The remote must already
// exist (in the project file for project scope; anywhere for local scope).
void modify_remote(const std::filesystem::path& worktree_root, ConfigScope scope, const std::string& name,
                   const std::string& key, const std::optional<std::string>& value);
// Removes the remote from both scopes (and the default if it named it).
void remove_remote(const std::filesystem::path& worktree_root, const std::string& name);
void set_default_remote(const std::filesystem::path& worktree_root, ConfigScope scope,
                        const std::string& name);

}  // namespace dvx::remote
