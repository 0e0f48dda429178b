// Text tree and JSON views of a lineage graph.
#include <fmt/format.h>

#include "dvx/lineage/format.hpp"
#include "dvx/lineage/render.hpp"
#include "dvx/pipeline/pipeline_file.hpp"

namespace dvx::lineage {

std::string params_text(const pipeline::ParamValues& params) {
  std::string out;
  for (const auto& [file, values] : params)
    for (const auto& [key, value] : values) {
      std::string v = value.is_string() ? value.get<std::string>() : value.dump();
      bool default_file = file == pipeline::kDefaultParamsFile || file == pipeline::kYamlParamsFile;
      std::string name = default_file ? key : file + ":" + key;
      out += (out.empty() ? "" : ", ") + name + "=" + v;
    }
  return out;
}

std::string command_text(const std::vector<std::string>& cmd) {
  std::string out;
  for (const auto& c : cmd) out += (out.empty() ? "" : " && ") + c;
  return out;
}

namespace {

std::string short_oid(const std::optional<Content>& c) {
  return c ? c->oid.substr(0, 10) : "-";
}

std::string dataset_line(const LineageGraph& g, const TreeNode& node) {
  const Dataset& d = g.datasets.at(node.dataset);
  std::string what = d.producer.empty() ? "source" : "stage " + d.producer;
  std::string where;
  if (node.introduced) {
    where = ", commit " + node.introduced->commit.substr(0, 7);
    if (!node.introduced->tags.empty()) {
      where += node.introduced->tags.size() == 1 ? ", tag " : ", tags ";
      for (std::size_t i = 0; i < node.introduced->tags.size(); ++i)
        where += (i ? "," : "") + node.introduced->tags[i];
    }
  } else if (!d.is_dir) {
    where = ", not in history";
  }
  std::string line = fmt::format("{}{}  {}  ({}{})", node.dataset, d.is_dir ? "/" : "",
                                 short_oid(node.version), what, where);
  // The tree at the revision holds other content than the version used.
  if (!d.is_dir && node.version) {
    if (d.in_tree && d.in_tree->oid != node.version->oid)
      line += fmt::format("  [now {}]", d.in_tree->oid.substr(0, 10));
    else if (d.producer.empty() && d.content && d.content->oid != node.version->oid)
      line += fmt::format("  [now {}]", d.content->oid.substr(0, 10));
  }
  if (node.truncated) line += "  ...";
  return line;
}

std::string stage_line(const LineageGraph& g, const std::string& name) {
  const auto& st = g.stages.at(name).lock;
  std::string line = name + ": " + command_text(st.cmd);
  std::string params = params_text(st.params);
  if (!params.empty()) line += "   params: " + params;
  return line;
}

void render_node(const LineageGraph& g, const TreeNode& node, const std::string& prefix, std::string& out);

void render_children(const LineageGraph& g, const TreeNode& node, const std::string& prefix,
                     std::string& out) {
  for (std::size_t i = 0; i < node.stages.size(); ++i) {
    const auto& edge = node.stages[i];
    bool last = i + 1 == node.stages.size();
    out += prefix + (last ? "└─ " : "├─ ") + stage_line(g, edge.stage) + "\n";
    std::string stage_prefix = prefix + (last ? "   " : "│  ");
    for (std::size_t j = 0; j < edge.children.size(); ++j) {
      bool last_child = j + 1 == edge.children.size();
      out += stage_prefix + (last_child ? "└─ " : "├─ ") + dataset_line(g, edge.children[j]) + "\n";
      render_children(g, edge.children[j], stage_prefix + (last_child ? "   " : "│  "), out);
    }
  }
}

void render_node(const LineageGraph& g, const TreeNode& node, const std::string& prefix, std::string& out) {
  out += prefix + dataset_line(g, node) + "\n";
  render_children(g, node, prefix, out);
}

nlohmann::ordered_json content_json(const std::optional<Content>& c) {
  if (!c) return {{"oid", nullptr}, {"size", nullptr}};
  return {{"oid", c->oid}, {"size", c->size}};
}

nlohmann::ordered_json introduced_json(const std::optional<Introduced>& intro) {
  if (!intro) return nullptr;
  return {{"commit", intro->commit}, {"tags", intro->tags}};
}

nlohmann::ordered_json node_json(const LineageGraph& g, const TreeNode& node) {
  const Dataset& d = g.datasets.at(node.dataset);
  nlohmann::ordered_json j;
  j["path"] = node.dataset;
  auto c = content_json(node.version);
  j["oid"] = c["oid"];
  j["size"] = c["size"];
  j["source"] = d.producer.empty();
  j["produced_by"] =
      d.producer.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.producer);
  j["introduced"] = introduced_json(node.introduced);
  if (node.truncated) j["truncated"] = true;
  auto& stages = j[g.downstream ? "consumers" : "stages"];
  stages = nlohmann::ordered_json::array();
  for (const auto& edge : node.stages) {
    nlohmann::ordered_json s;
    s["stage"] = edge.stage;
    auto& children = s[g.downstream ? "outs" : "deps"];
    children = nlohmann::ordered_json::array();
    for (const auto& child : edge.children) children.push_back(node_json(g, child));
    stages.push_back(std::move(s));
  }
  return j;
}

nlohmann::ordered_json entries_json(const std::vector<pipeline::LockEntry>& entries) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& e : entries) {
    nlohmann::ordered_json j{{"path", e.path}, {"oid", e.oid}, {"size", e.size}};
    if (e.nfiles) j["nfiles"] = *e.nfiles;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

std::string render_tree(const LineageGraph& graph) {
  std::string out;
  render_node(graph, graph.root, "", out);
  return out;
}

nlohmann::ordered_json to_json(const LineageGraph& g) {
  nlohmann::ordered_json j;
  j["rev"] = g.rev;
  j["commit"] = g.commit.id;
  j["path"] = g.path;
  j["direction"] = g.downstream ? "downstream" : "upstream";
  j["root"] = node_json(g, g.root);
  auto& stages = j["stages"];
  stages = nlohmann::ordered_json::object();
  for (const auto& [name, run] : g.stages) {
    nlohmann::ordered_json s;
    s["cmd"] = command_text(run.lock.cmd);
    s["commands"] = run.lock.cmd;
    if (!run.lock.wdir.empty()) s["wdir"] = run.lock.wdir;
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [file, values] : run.lock.params)
      for (const auto& [key, value] : values) params[file][key] = nlohmann::ordered_json::parse(value.dump());
    s["params"] = std::move(params);
    s["deps"] = entries_json(run.lock.deps);
    s["outs"] = entries_json(run.lock.outs);
    if (!run.lock.metrics.empty()) s["metrics"] = entries_json(run.lock.metrics);
    stages[name] = std::move(s);
  }
  auto& datasets = j["datasets"];
  datasets = nlohmann::ordered_json::object();
  for (const auto& [path, d] : g.datasets) {
    nlohmann::ordered_json o;
    auto c = content_json(d.content);
    o["oid"] = c["oid"];
    o["size"] = c["size"];
    o["folder"] = d.is_dir;
    o["produced_by"] =
        d.producer.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.producer);
    o["introduced"] = introduced_json(d.introduced);
    o["oid_in_tree"] = d.in_tree ? nlohmann::ordered_json(d.in_tree->oid) : nlohmann::ordered_json(nullptr);
    datasets[path] = std::move(o);
  }
  return j;
}

}  // namespace dvx::lineage
