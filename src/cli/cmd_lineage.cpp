// git dvx lineage PATH [--rev REV] [--downstream] [--depth N]
//                      [--format tree|json|dot|mermaid|openlineage]
#include <fmt/core.h>

#include <filesystem>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/lineage/graph.hpp"
#include "dvx/lineage/render.hpp"
#include "dvx/lineage/versions.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

// OpenLineage namespaces are URIs: a remote given as a path (`../origin.git`)
// becomes file:// of its absolute path, an scp-like one (`git@host:org/repo`)
// ssh://; a URL stays as it is.
std::string uri_of_remote(const std::string& url, const std::filesystem::path& base) {
  if (url.find("://") != std::string::npos) return url;
  auto colon = url.find(':'), slash = url.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash) && colon > 1)
    return "ssh://" + url.substr(0, colon) + "/" + url.substr(colon + 1);
  return "file://" + std::filesystem::weakly_canonical(base / url).generic_string();
}

std::string default_namespace(const git::Repo& repo) {
  auto here = repo.is_bare() ? repo.common_dir() : repo.workdir();
  if (auto ns = repo.config_string("dvx.lineage.namespace"); ns && !ns->empty()) return *ns;
  if (auto url = repo.config_string("remote.origin.url"); url && !url->empty())
    return uri_of_remote(*url, here);
  return "file://" + std::filesystem::weakly_canonical(here).generic_string();
}

int run_lineage(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("rev", po::value<std::string>()->default_value("HEAD"),
                        "revision whose dvx.lock to read")(
      "downstream", "everything derived from PATH instead of what produced it")(
      "depth", po::value<int>()->default_value(-1), "stage levels to follow (-1: all)")(
      "format", po::value<std::string>()->default_value("tree"), "tree, json, dot, mermaid or openlineage")(
      "namespace", po::value<std::string>(),
      "OpenLineage namespace (default: git config dvx.lineage.namespace, else remote.origin.url)")(
      "path", po::value<std::string>(), "file");
  po::positional_options_description positional;
  positional.add("path", 1);
  auto parsed = parse_args(args,
                           "lineage PATH [--rev REV] [--downstream] [--depth N] "
                           "[--format tree|json|dot|mermaid|openlineage]",
                           options, positional);
  if (parsed.help) return 0;
  if (!parsed.vars.count("path"))
    throw Error(ErrorKind::usage,
                "lineage needs a PATH (usage: git dvx lineage PATH [--rev REV] [--downstream])");
  std::string format = parsed.vars["format"].as<std::string>();
  if (format != "tree" && format != "json" && format != "dot" && format != "mermaid" &&
      format != "openlineage")
    fail(ErrorKind::usage, "unknown format '{}': use tree, json, dot, mermaid or openlineage", format);
  int depth = parsed.vars["depth"].as<int>();
  if (depth < -1)
    fail(ErrorKind::usage, "--depth must be -1 (all) or a count of stage levels, not {}", depth);

  auto repo = git::Repo::discover();
  lineage::LineageOptions opts;
  opts.rev = parsed.vars["rev"].as<std::string>();
  opts.downstream = parsed.vars.count("downstream") > 0;
  opts.depth = depth;
  auto graph =
      lineage::build_lineage(repo, lineage::repo_path(repo, parsed.vars["path"].as<std::string>()), opts);

  if (format == "tree") {
    fmt::print("{}", lineage::render_tree(graph));
  } else if (format == "json") {
    fmt::print("{}\n", lineage::to_json(graph).dump(2));
  } else if (format == "dot") {
    fmt::print("{}", lineage::to_dot(graph));
  } else if (format == "mermaid") {
    fmt::print("{}", lineage::to_mermaid(graph));
  } else {
    lineage::OpenLineageOptions ol;
    ol.job_namespace =
        parsed.vars.count("namespace") ? parsed.vars["namespace"].as<std::string>() : default_namespace(repo);
    ol.dataset_namespace = ol.job_namespace;
    ol.producer = fmt::format("https://github.com/git-dvx/git-dvx/tree/v{}", DVX_VERSION);
    fmt::print("{}", lineage::to_openlineage(graph, ol));
  }
  return 0;
}

DVX_COMMAND("lineage", "what produced a file (or what it feeds), from dvx.lock at a revision", run_lineage);

}  // namespace
}  // namespace dvx::cli
