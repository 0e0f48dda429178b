// git dvx model register NAME [REV] [--version V | --bump major|minor|patch] [-m MSG]
// git dvx model assign NAME [REV] --stage STAGE [--version V] [-m MSG] [--force]
// git dvx model unassign NAME --stage STAGE [--version V] [-m MSG]
// git dvx model deprecate NAME [VERSION [STAGE]] [--version V] [-m MSG]
// git dvx model list [--json] | show NAME [--json]
// git dvx model get NAME@VERSION|NAME@STAGE|NAME#STAGE|NAME:latest [-o OUT] [--file PATH] [--force]
// A model registry in GTO's tag format (docs/registry.md).
#include <fmt/core.h>

#include <filesystem>

#include "cli/command.hpp"
#include "cli/model_report.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/registry/actions.hpp"
#include "dvx/registry/artifacts_yaml.hpp"
#include "dvx/registry/model_file.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {
namespace {

namespace fs = std::filesystem;

const char* kUsage =
    "model register NAME [REV] [--version V | --bump major|minor|patch] [-m MSG]\n"
    "       git dvx model assign NAME [REV] --stage STAGE [--version V] [-m MSG] [--force]\n"
    "       git dvx model unassign NAME --stage STAGE [--version V] [-m MSG]\n"
    "       git dvx model deprecate NAME [VERSION [STAGE]] [-m MSG]\n"
    "       git dvx model list [--json]\n"
    "       git dvx model show NAME [--json]\n"
    "       git dvx model get NAME@VERSION|NAME@STAGE|NAME:latest [-o OUT] [--file PATH] [--force]";

std::string opt(const po::variables_map& vars, const char* name) {
  return vars.count(name) ? vars[name].as<std::string>() : "";
}

void report(const registry::CreatedTag& tag) {
  fmt::print("Created git tag '{}' that {} (commit {})\n", tag.tag, tag.describe, tag.commit.substr(0, 7));
}

void push_hint(const std::vector<std::string>& tags) {
  std::string list;
  for (const auto& t : tags) list += " '" + t + "'";
  fmt::print("To publish: git push origin{}\n", list);
}

int run_model(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("args", po::value<std::vector<std::string>>()->composing(),
                        "subcommand and arguments")(
      "version", po::value<std::string>(), "register: the new version; assign/unassign/deprecate: a version")(
      "bump", po::value<std::string>(),
      "register: major, minor or patch (default patch; the first is v0.0.1)")(
      "stage", po::value<std::string>(), "assign/unassign: the stage")("message,m", po::value<std::string>(),
                                                                       "the tag's message (default: GTO's)")(
      "force", "assign: assign a stage the version holds already; get: replace OUT")(
      "json", "list/show: JSON output")("output,o", po::value<std::string>(),
                                        "get: where to write the model")(
      "file", po::value<std::string>(),
      "get: the model's path in the repository (default: from artifacts.yaml)");
  po::positional_options_description pos;
  pos.add("args", -1);
  auto parsed = parse_args(args, kUsage, options, pos);
  if (parsed.help) return 0;
  const auto& vars = parsed.vars;
  std::vector<std::string> rest;
  if (vars.count("args")) rest = vars["args"].as<std::vector<std::string>>();
  if (rest.empty()) fail(ErrorKind::usage, "usage: git dvx {}", kUsage);
  const std::string sub = rest[0];
  auto positional = [&](std::size_t min, std::size_t max) {
    if (rest.size() < min + 1 || rest.size() > max + 1) fail(ErrorKind::usage, "usage: git dvx {}", kUsage);
  };
  auto repo = git::Repo::discover();
  bool json = vars.count("json") > 0;
  std::string message = opt(vars, "message");

  if (sub == "list") {
    positional(0, 0);
    return model_list(repo, json);
  }
  if (sub == "show") {
    positional(1, 1);
    return model_show(repo, rest[1], json);
  }
  if (sub == "register") {
    positional(1, 2);
    registry::RegisterRequest request;
    request.name = rest[1];
    if (rest.size() > 2) request.rev = rest[2];
    request.version = opt(vars, "version");
    if (vars.count("bump")) request.bump = registry::parse_bump(opt(vars, "bump"));
    request.message = message;
    auto tag = registry::register_version(repo, request);
    report(tag);
    push_hint({tag.tag});
    return 0;
  }
  if (sub == "assign") {
    positional(1, 2);
    if (!vars.count("stage")) fail(ErrorKind::usage, "model assign needs --stage STAGE");
    registry::AssignRequest request;
    request.name = rest[1];
    request.stage = opt(vars, "stage");
    // As GTO: with a revision, --version names the version to register there.
    if (rest.size() > 2) {
      request.rev = rest[2];
      request.new_version = opt(vars, "version");
    } else {
      request.version = opt(vars, "version");
    }
    request.message = message;
    request.force = vars.count("force") > 0;
    std::vector<std::string> names;
    for (const auto& tag : registry::assign_stage(repo, request)) {
      report(tag);
      names.push_back(tag.tag);
    }
    push_hint(names);
    return 0;
  }
  if (sub == "unassign") {
    positional(1, 1);
    if (!vars.count("stage")) fail(ErrorKind::usage, "model unassign needs --stage STAGE");
    auto tag = registry::unassign_stage(repo, rest[1], opt(vars, "stage"), opt(vars, "version"), message);
    report(tag);
    push_hint({tag.tag});
    return 0;
  }
  if (sub == "deprecate") {
    // GTO's form: deprecate NAME (the model), NAME VERSION (deregister),
    // NAME VERSION STAGE (unassign).
    positional(1, 3);
    std::string version = rest.size() > 2 ? rest[2] : opt(vars, "version");
    registry::CreatedTag tag;
    if (rest.size() > 3)
      tag = registry::unassign_stage(repo, rest[1], rest[3], version, message);
    else if (!version.empty())
      tag = registry::deregister_version(repo, rest[1], version, message);
    else
      tag = registry::deprecate_model(repo, rest[1], message);
    report(tag);
    push_hint({tag.tag});
    return 0;
  }
  if (sub == "get") {
    positional(1, 1);
    auto reg = registry::Registry::load(repo);
    auto resolved = registry::resolve_reference(reg, rest[1]);
    const auto& version = *resolved.version;
    std::string path = opt(vars, "file");
    if (path.empty()) {
      auto index = registry::read_artifacts(repo, version.commit);
      auto it = index.find(resolved.artifact->name);
      if (it == index.end() || it->second.path.empty())
        fail(ErrorKind::not_found,
             "model '{}' has no path: {} at commit {} does not give one (add it, or pass --file)",
             resolved.artifact->name, registry::kArtifactsFile, version.commit.substr(0, 7));
      path = it->second.path;
    }
    std::string out = opt(vars, "output");
    if (out.empty()) out = fs::path(path).filename().string();
    auto written = registry::write_model(repo, version.commit, path, out, vars.count("force") > 0);
    std::uint64_t bytes = 0;
    for (const auto& w : written) bytes += w.size;
    fmt::print(stderr, "git-dvx: {} {} ({}, commit {}): {} written to {} ({})\n", resolved.artifact->name,
               version.version, resolved.selector, version.commit.substr(0, 7), path, out,
               util::human_size(bytes));
    return 0;
  }
  fail(ErrorKind::usage, "unknown model subcommand '{}'; usage: git dvx {}", sub, kUsage);
}

DVX_COMMAND("model", "a model registry on git tags, in GTO's format: register, assign, list, show, get",
            run_model);

}  // namespace
}  // namespace dvx::cli
