// git dvx dag [--dot|--mermaid|--json]: the stage graph of dvx.toml.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/workspace.hpp"

namespace dvx::cli {
namespace {

int run_dag(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("dot", "Graphviz DOT")("mermaid", "Mermaid flowchart")("json", "JSON: stages and edges");
  auto parsed = parse_args(args, "dag [--dot|--mermaid|--json]", opts);
  if (parsed.help) return 0;
  auto repo = git::Repo::discover();
  pipeline::Workspace ws(repo.workdir());
  const auto& dag = ws.dag();
  if (parsed.vars.count("dot")) {
    fmt::print("{}", pipeline::dag_dot(dag));
  } else if (parsed.vars.count("mermaid")) {
    fmt::print("{}", pipeline::dag_mermaid(dag));
  } else if (parsed.vars.count("json")) {
    nlohmann::json j;
    j["stages"] = nlohmann::json::array();
    j["edges"] = nlohmann::json::array();
    for (std::size_t i : dag.order) {
      j["stages"].push_back(ws.stage(i).name);
      for (std::size_t k : dag.order)
        if (dag.downstream[i].count(k))
          j["edges"].push_back({{"from", ws.stage(i).name}, {"to", ws.stage(k).name}});
    }
    print_json(j);
  } else {
    fmt::print("{}", pipeline::dag_text(dag));
  }
  return 0;
}

DVX_COMMAND("dag", "show the stage graph of dvx.toml (text, --dot, --mermaid)", run_dag);

}  // namespace
}  // namespace dvx::cli
