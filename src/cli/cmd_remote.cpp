// git dvx remote add|modify|list|remove|default — DVC-style remote
// configuration in .dvxconfig (committed) or git config (--local).
#include <fmt/core.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/remote/option_specs.hpp"
#include "dvx/remote/remote_config.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

using remote::ConfigScope;

const char* kUsage =
    "remote add [--default] [--local] NAME URL\n"
    "       git dvx remote modify [--local] [--unset] NAME KEY [VALUE]\n"
    "       git dvx remote list [--verbose] [--json]\n"
    "       git dvx remote remove NAME\n"
    "       git dvx remote default [--local] [NAME]";

std::filesystem::path worktree_root() {
  return git::Repo::discover().workdir();
}

std::vector<std::string> positionals(const ParsedArgs& parsed) {
  if (!parsed.vars.count("args")) return {};
  return parsed.vars["args"].as<std::vector<std::string>>();
}

ParsedArgs parse(const std::vector<std::string>& args, const std::string& usage,
                 po::options_description opts) {
  opts.add_options()("args", po::value<std::vector<std::string>>(), "positional arguments");
  po::positional_options_description pos;
  pos.add("args", -1);
  return parse_args(args, usage, opts, pos);
}

void expect_count(const std::vector<std::string>& pos, std::size_t lo, std::size_t hi,
                  const std::string& usage) {
  if (pos.size() < lo || pos.size() > hi)
    fail(ErrorKind::usage, "wrong number of arguments (usage: git dvx {})", usage);
}

int cmd_add(const std::vector<std::string>& args) {
  const std::string usage = "remote add [--default] [--local] NAME URL";
  po::options_description opts("options");
  opts.add_options()("default,d", "make it the default remote")(
      "local", "write to .git/config instead of the committed .dvxconfig");
  auto parsed = parse(args, usage, opts);
  if (parsed.help) return 0;
  auto pos = positionals(parsed);
  expect_count(pos, 2, 2, usage);
  auto scope = parsed.vars.count("local") ? ConfigScope::local : ConfigScope::project;
  remote::add_remote(worktree_root(), scope, pos[0], pos[1], parsed.vars.count("default") > 0);
  return 0;
}

int cmd_modify(const std::vector<std::string>& args) {
  const std::string usage = "remote modify [--local] [--unset] NAME KEY [VALUE]";
  po::options_description opts("options");
  opts.add_options()("local", "write to .git/config instead of the committed .dvxconfig")("unset,u",
                                                                                          "remove KEY");
  auto parsed = parse(args, usage, opts);
  if (parsed.help) {
    for (const auto& scheme : remote::registered_schemes()) {
      std::cout << fmt::format("\nkeys of {} remotes:\n", remote::backend_label(scheme));
      for (const auto& spec : remote::option_specs(scheme))
        std::cout << fmt::format("  {:<20} {}\n", spec.key, spec.description);
    }
    return 0;
  }
  auto pos = positionals(parsed);
  bool unset = parsed.vars.count("unset") > 0;
  expect_count(pos, unset ? 2 : 3, unset ? 2 : 3, usage);
  auto scope = parsed.vars.count("local") ? ConfigScope::local : ConfigScope::project;
  std::optional<std::string> value;
  if (!unset) value = pos[2];
  remote::modify_remote(worktree_root(), scope, pos[0], pos[1], value);
  return 0;
}

// Where a remote is configured, for `list --verbose` and `list --json`.
std::vector<std::string> sources(const remote::ConfiguredRemote& r) {
  std::vector<std::string> out;
  if (r.in_project) out.push_back(".dvxconfig");
  if (r.in_local || !r.in_project) out.push_back("git config");
  return out;
}

// Loading refused credential keys already; checked again here so that no
// code path can ever print a secret.
std::string shown_value(const std::string& key, const std::string& value) {
  return remote::is_credential_key(key) ? "(hidden)" : value;
}

nlohmann::json remotes_json(const remote::RemoteSet& set) {
  auto list = nlohmann::json::array();
  for (const auto& r : set.remotes) {
    nlohmann::json options = nlohmann::json::object();
    for (const auto& [k, v] : r.config.options) options[k] = shown_value(k, v);
    list.push_back(
        {{"name", r.config.name},
         {"url", r.raw_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(remote::redact_url(r.raw_url))},
         {"default", set.default_name && *set.default_name == r.config.name},
         {"from", sources(r)},
         {"options", std::move(options)}});
  }
  return {{"remotes", std::move(list)},
          {"default", set.default_name ? nlohmann::json(*set.default_name) : nlohmann::json(nullptr)}};
}

int cmd_list(const std::vector<std::string>& args) {
  const std::string usage = "remote list [--verbose] [--json]";
  po::options_description opts("options");
  opts.add_options()("verbose,v", "also print each remote's options and where it is configured")(
      "json", "print the remotes as JSON on stdout");
  auto parsed = parse(args, usage, opts);
  if (parsed.help) return 0;
  expect_count(positionals(parsed), 0, 0, usage);
  auto set = remote::load_remotes(worktree_root());
  if (parsed.vars.count("json")) {
    print_json(remotes_json(set));
    return 0;
  }
  for (const auto& r : set.remotes) {
    bool is_default = set.default_name && *set.default_name == r.config.name;
    fmt::print("{}\t{}{}\n", r.config.name, r.raw_url.empty() ? "(no url)" : remote::redact_url(r.raw_url),
               is_default ? "\t(default)" : "");
    if (parsed.vars.count("verbose")) {
      auto from = sources(r);
      fmt::print("  from: {}\n", from.size() == 2 ? from[0] + " + " + from[1] : from[0]);
      for (const auto& [k, v] : r.config.options) fmt::print("  {} = {}\n", k, shown_value(k, v));
    }
  }
  return 0;
}

int cmd_remove(const std::vector<std::string>& args) {
  const std::string usage = "remote remove NAME";
  auto parsed = parse(args, usage, po::options_description("options"));
  if (parsed.help) return 0;
  auto pos = positionals(parsed);
  expect_count(pos, 1, 1, usage);
  remote::remove_remote(worktree_root(), pos[0]);
  return 0;
}

int cmd_default(const std::vector<std::string>& args) {
  const std::string usage = "remote default [--local] [NAME]";
  po::options_description opts("options");
  opts.add_options()("local", "write to .git/config instead of the committed .dvxconfig");
  auto parsed = parse(args, usage, opts);
  if (parsed.help) return 0;
  auto pos = positionals(parsed);
  expect_count(pos, 0, 1, usage);
  auto root = worktree_root();
  if (pos.empty()) {
    auto set = remote::load_remotes(root);
    if (!set.default_name) fail(ErrorKind::not_found, "no default remote is set");
    fmt::print("{}\n", *set.default_name);
    return 0;
  }
  remote::set_default_remote(root, parsed.vars.count("local") ? ConfigScope::local : ConfigScope::project,
                             pos[0]);
  return 0;
}

int run_remote(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << "usage: git dvx " << kUsage << "\n";
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const auto& verb = args[0];
  if (verb == "add") return cmd_add(rest);
  if (verb == "modify") return cmd_modify(rest);
  if (verb == "list" || verb == "ls") return cmd_list(rest);
  if (verb == "remove" || verb == "rm") return cmd_remove(rest);
  if (verb == "default") return cmd_default(rest);
  fail(ErrorKind::usage, "unknown 'remote' subcommand '{}' (usage: git dvx {})", verb, kUsage);
}

DVX_COMMAND("remote", "configure data remotes (add, modify, list, remove, default)", run_remote);

}  // namespace
}  // namespace dvx::cli
