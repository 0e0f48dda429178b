#include "dvx/pipeline/dag.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "dvx/util/error.hpp"

namespace dvx::pipeline {

bool within(const std::string& path, const std::string& folder) {
  return path == folder ||
         (path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/');
}

namespace {

[[noreturn]] void stage_error(const PipelineFile& pf, const Stage& st, int line, const std::string& what) {
  fail(ErrorKind::usage, "{}:{}: stage '{}': {}", pf.filename, line, st.name, what);
}

struct Produced {
  std::size_t stage;
  const PathDecl* decl;
};

std::vector<Produced> all_outputs(const PipelineFile& pf) {
  std::vector<Produced> out;
  for (std::size_t i = 0; i < pf.stages.size(); ++i) {
    for (const auto& o : pf.stages[i].outs) out.push_back({i, &o});
    for (const auto& m : pf.stages[i].metrics) out.push_back({i, &m});
  }
  return out;
}

}  // namespace

std::optional<std::size_t> Dag::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < pipeline->stages.size(); ++i)
    if (pipeline->stages[i].name == name) return i;
  return std::nullopt;
}

std::optional<std::size_t> Dag::producer_of(const std::string& path) const {
  for (const auto& p : all_outputs(*pipeline))
    if (within(path, p.decl->path)) return p.stage;
  return std::nullopt;
}

std::vector<std::size_t> Dag::closure(const std::vector<std::size_t>& roots, bool down) const {
  std::vector<bool> seen(pipeline->stages.size(), false);
  std::vector<std::size_t> todo(roots.begin(), roots.end());
  while (!todo.empty()) {
    std::size_t i = todo.back();
    todo.pop_back();
    if (seen[i]) continue;
    seen[i] = true;
    for (std::size_t j : down ? downstream[i] : upstream[i]) todo.push_back(j);
  }
  std::vector<std::size_t> out;
  for (std::size_t i : order)
    if (seen[i]) out.push_back(i);
  return out;
}

Dag build_dag(const PipelineFile& pf) {
  Dag dag;
  dag.pipeline = &pf;
  std::size_t n = pf.stages.size();
  dag.upstream.assign(n, {});
  dag.downstream.assign(n, {});
  auto outputs = all_outputs(pf);
  // Two stages with the same (or nested) out.
  for (std::size_t a = 0; a < outputs.size(); ++a) {
    for (std::size_t b = 0; b < a; ++b) {
      const auto& x = outputs[a];
      const auto& y = outputs[b];
      if (x.stage == y.stage) continue;
      if (within(x.decl->path, y.decl->path) || within(y.decl->path, x.decl->path)) {
        const Stage& st = pf.stages[x.stage];
        const Stage& other = pf.stages[y.stage];
        stage_error(pf, st, x.decl->line,
                    x.decl->path == y.decl->path
                        ? fmt::format("out '{}' is also an out of stage '{}' ({}:{})", x.decl->path,
                                      other.name, pf.filename, y.decl->line)
                        : fmt::format("out '{}' overlaps out '{}' of stage '{}' ({}:{})", x.decl->path,
                                      y.decl->path, other.name, pf.filename, y.decl->line));
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Stage& st = pf.stages[i];
    for (const auto& d : st.deps) {
      for (const auto& o : outputs) {
        if (!(within(d.path, o.decl->path) || within(o.decl->path, d.path))) continue;
        if (o.stage == i)
          stage_error(
              pf, st, d.line,
              fmt::format("dep '{}' is also an out of the same stage (line {}); a stage cannot depend on "
                          "its own output",
                          d.path, o.decl->line));
        dag.upstream[i].insert(o.stage);
        dag.downstream[o.stage].insert(i);
      }
    }
  }
  // Kahn's algorithm; among ready stages, file order.
  std::vector<std::size_t> indegree(n);
  for (std::size_t i = 0; i < n; ++i) indegree[i] = dag.upstream[i].size();
  std::vector<bool> done(n, false);
  for (std::size_t round = 0; round < n; ++round) {
    std::optional<std::size_t> next;
    for (std::size_t i = 0; i < n && !next; ++i)
      if (!done[i] && indegree[i] == 0) next = i;
    if (!next) break;
    done[*next] = true;
    dag.order.push_back(*next);
    for (std::size_t j : dag.downstream[*next]) --indegree[j];
  }
  if (dag.order.size() != n) {
    // Report one cycle: walk upstream from a stage left over until a stage repeats.
    std::size_t start = 0;
    while (done[start]) ++start;
    std::vector<std::size_t> path{start};
    std::vector<int> pos(n, -1);
    pos[start] = 0;
    std::size_t cur = start;
    while (true) {
      std::size_t up = 0;
      for (std::size_t u : dag.upstream[cur])
        if (!done[u]) {
          up = u;
          break;
        }
      if (pos[up] >= 0) {
        std::vector<std::size_t> cycle(path.begin() + pos[up], path.end());
        std::reverse(cycle.begin(), cycle.end());  // in data-flow order
        std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
        std::string names;
        for (std::size_t c : cycle) names += pf.stages[c].name + " -> ";
        names += pf.stages[cycle.front()].name;
        const Stage& st = pf.stages[cycle.front()];
        stage_error(pf, st, st.line, fmt::format("the pipeline has a cycle: {}", names));
      }
      pos[up] = static_cast<int>(path.size());
      path.push_back(up);
      cur = up;
    }
  }
  return dag;
}

void check_deps_exist(const Dag& dag, const std::filesystem::path& root,
                      const std::vector<std::size_t>& stages) {
  const PipelineFile& pf = *dag.pipeline;
  for (std::size_t i : stages) {
    const Stage& st = pf.stages[i];
    for (const auto& d : st.deps) {
      std::error_code ec;
      if (std::filesystem::exists(root / d.path, ec)) continue;
      if (dag.producer_of(d.path)) continue;
      bool produces_inside = false;
      for (const auto& s : pf.stages)
        for (const auto& o : s.outs)
          if (within(o.path, d.path)) produces_inside = true;
      if (produces_inside) continue;
      stage_error(pf, st, d.line, fmt::format("dep '{}' does not exist and no stage produces it", d.path));
    }
  }
}

std::string dag_text(const Dag& dag) {
  const PipelineFile& pf = *dag.pipeline;
  std::string out;
  for (std::size_t i : dag.order) {
    const Stage& st = pf.stages[i];
    out += st.name;
    if (!dag.upstream[i].empty()) {
      out += "  <- ";
      bool first = true;
      for (std::size_t j : dag.order)
        if (dag.upstream[i].count(j)) {
          out += (first ? "" : ", ") + pf.stages[j].name;
          first = false;
        }
    }
    out += "\n";
  }
  return out;
}

namespace {
std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string dag_dot(const Dag& dag) {
  const PipelineFile& pf = *dag.pipeline;
  std::string out = "strict digraph {\n";
  for (std::size_t i : dag.order) out += fmt::format("  {};\n", dot_quote(pf.stages[i].name));
  for (std::size_t i : dag.order)
    for (std::size_t j : dag.order)
      if (dag.downstream[i].count(j))
        out += fmt::format("  {} -> {};\n", dot_quote(pf.stages[i].name), dot_quote(pf.stages[j].name));
  return out + "}\n";
}

std::string dag_mermaid(const Dag& dag) {
  const PipelineFile& pf = *dag.pipeline;
  std::string out = "flowchart TD\n";
  for (std::size_t i : dag.order) out += fmt::format("  node{}[\"{}\"]\n", i, pf.stages[i].name);
  for (std::size_t i : dag.order)
    for (std::size_t j : dag.order)
      if (dag.downstream[i].count(j)) out += fmt::format("  node{} --> node{}\n", i, j);
  return out;
}

}  // namespace dvx::pipeline
