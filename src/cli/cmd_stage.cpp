// git dvx stage list [--json]: the stages of dvx.toml.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/workspace.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

int run_stage(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("action", po::value<std::string>(), "list")("json", "JSON output");
  po::positional_options_description pos;
  pos.add("action", 1);
  auto parsed = parse_args(args, "stage list [--json]", opts, pos);
  if (parsed.help) return 0;
  if (!parsed.vars.count("action") || parsed.vars["action"].as<std::string>() != "list")
    fail(ErrorKind::usage, "usage: git dvx stage list [--json]");
  auto repo = git::Repo::discover();
  pipeline::Workspace ws(repo.workdir());
  nlohmann::json out = nlohmann::json::array();
  std::size_t width = 0;
  for (const auto& st : ws.pipeline().stages) width = std::max(width, st.name.size());
  for (const auto& st : ws.pipeline().stages) {
    std::vector<std::string> outs;
    for (const auto& o : st.outs) outs.push_back(o.path);
    for (const auto& m : st.metrics) outs.push_back(m.path);
    if (parsed.vars.count("json")) {
      nlohmann::json j;
      j["name"] = st.name;
      j["cmd"] = st.cmd;
      j["desc"] = st.desc;
      j["line"] = st.line;
      j["outs"] = outs;
      nlohmann::json deps = nlohmann::json::array();
      for (const auto& d : st.deps) deps.push_back(d.path);
      j["deps"] = deps;
      j["frozen"] = st.frozen;
      out.push_back(j);
      continue;
    }
    std::string what = st.desc;
    if (what.empty()) {
      std::string list;
      for (const auto& o : outs) list += (list.empty() ? "" : ", ") + o;
      what = list.empty() ? "(no outputs)" : "Outputs " + list;
    }
    fmt::print("{:<{}}  {}{}\n", st.name, width, what, st.frozen ? " [frozen]" : "");
  }
  if (parsed.vars.count("json")) print_json(out);
  return 0;
}

DVX_COMMAND("stage", "list the stages of dvx.toml (stage list)", run_stage);

}  // namespace
}  // namespace dvx::cli
