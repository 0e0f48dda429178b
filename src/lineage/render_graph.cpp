// Graph exports of a lineage graph: Graphviz DOT, Mermaid, OpenLineage.
#include <fmt/format.h>

#include <set>

#include "dvx/lineage/format.hpp"
#include "dvx/lineage/render.hpp"
#include "dvx/util/human_size.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::lineage {

namespace {

struct Edge {
  std::string from, to;  // node ids: "d:<path>" or "s:<stage>"
  bool operator<(const Edge& o) const { return std::tie(from, to) < std::tie(o.from, o.to); }
};

// Every edge of the nested view, as dataset -> stage -> dataset.
void collect_edges(const LineageGraph& g, const TreeNode& node, std::set<Edge>& edges) {
  for (const auto& edge : node.stages) {
    std::string stage = "s:" + edge.stage;
    if (g.downstream)
      edges.insert({"d:" + node.dataset, stage});
    else
      edges.insert({stage, "d:" + node.dataset});
    for (const auto& child : edge.children) {
      if (g.downstream)
        edges.insert({stage, "d:" + child.dataset});
      else
        edges.insert({"d:" + child.dataset, stage});
      collect_edges(g, child, edges);
    }
  }
}

std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string dataset_label(const Dataset& d) {
  std::string label = d.path + (d.is_dir ? "/" : "");
  if (d.content) label += "\n" + d.content->oid.substr(0, 10) + "  " + util::human_size(d.content->size);
  return label;
}

std::string stage_label(const StageRun& run) {
  std::string label = run.name + "\n" + command_text(run.lock.cmd);
  std::string params = params_text(run.lock.params);
  if (!params.empty()) label += "\n" + params;
  return label;
}

std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"')
      out += "#quot;";
    else if (c == '\n')
      out += "<br/>";
    else if (c == '<')
      out += "#lt;";
    else if (c == '>')
      out += "#gt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string to_dot(const LineageGraph& g) {
  std::set<Edge> edges;
  collect_edges(g, g.root, edges);
  std::string out = "digraph lineage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
  for (const auto& [path, d] : g.datasets) {
    std::string style = path == g.path ? ", style=\"filled,bold\", fillcolor=\"#fff3c4\"" : "";
    out += fmt::format("  {} [shape=box, label={}{}];\n", dot_quote("d:" + path), dot_quote(dataset_label(d)),
                       style);
  }
  for (const auto& [name, run] : g.stages)
    out += fmt::format("  {} [shape=ellipse, style=filled, fillcolor=\"#e3ecfa\", label={}];\n",
                       dot_quote("s:" + name), dot_quote(stage_label(run)));
  for (const auto& e : edges) out += fmt::format("  {} -> {};\n", dot_quote(e.from), dot_quote(e.to));
  return out + "}\n";
}

std::string to_mermaid(const LineageGraph& g) {
  std::set<Edge> edges;
  collect_edges(g, g.root, edges);
  std::map<std::string, std::string> ids;  // node key -> mermaid id
  std::string out = "flowchart LR\n";
  int n = 0;
  for (const auto& [path, d] : g.datasets) {
    std::string id = fmt::format("d{}", n++);
    ids["d:" + path] = id;
    out += fmt::format("  {}[\"{}\"]\n", id, mermaid_text(dataset_label(d)));
  }
  n = 0;
  for (const auto& [name, run] : g.stages) {
    std::string id = fmt::format("s{}", n++);
    ids["s:" + name] = id;
    out += fmt::format("  {}([\"{}\"])\n", id, mermaid_text(stage_label(run)));
  }
  for (const auto& e : edges) out += fmt::format("  {} --> {}\n", ids.at(e.from), ids.at(e.to));
  if (auto it = ids.find("d:" + g.path); it != ids.end())
    out += fmt::format("  style {} stroke-width:3px\n", it->second);
  return out;
}

namespace {

constexpr const char* kSchemaUrl = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
constexpr const char* kVersionFacetUrl =
    "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/"
    "DatasetVersionDatasetFacet";
constexpr const char* kDvxFacetUrl =
    "https://github.com/git-dvx/git-dvx/blob/main/docs/lineage.md#openlineage";

// A UUID (RFC 9562 version 8: custom, here from SHA-256) so that exporting
// the same revision twice yields the same run ids.
std::string uuid_from(const std::string& seed) {
  std::string h = util::sha256_hex(seed).substr(0, 32);
  h[12] = '8';
  static const char variant[] = "89ab";
  h[16] = variant[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20);
}

nlohmann::ordered_json dataset_json(const OpenLineageOptions& o, const pipeline::LockEntry& e,
                                    const std::optional<Introduced>& intro) {
  nlohmann::ordered_json dvx{
      {"_producer", o.producer}, {"_schemaURL", kDvxFacetUrl}, {"oid", e.oid}, {"size", e.size}};
  if (e.nfiles) dvx["nfiles"] = *e.nfiles;
  if (intro) dvx["commit"] = intro->commit;
  return {
      {"namespace", o.dataset_namespace},
      {"name", e.path},
      {"facets",
       {{"version", {{"_producer", o.producer}, {"_schemaURL", kVersionFacetUrl}, {"datasetVersion", e.oid}}},
        {"dvx", std::move(dvx)}}}};
}

}  // namespace

std::string to_openlineage(const LineageGraph& g, const OpenLineageOptions& o) {
  std::string out;
  for (const auto& [name, run] : g.stages) {
    auto intro_of = [&](const pipeline::LockEntry& e) -> std::optional<Introduced> {
      auto it = g.datasets.find(e.path);
      if (it == g.datasets.end() || !it->second.content || it->second.content->oid != e.oid)
        return std::nullopt;
      return it->second.introduced;
    };
    // When the run's result entered history: the newest introduction of its outs.
    std::int64_t time = g.commit.author_time;
    std::string run_commit = g.commit.id;
    std::int64_t newest = -1;
    for (const auto& e : run.lock.outs)
      if (auto intro = intro_of(e); intro && intro->time > newest) {
        newest = intro->time;
        time = intro->time;
        run_commit = intro->commit;
      }
    std::string seed = g.commit.id + "\n" + name + "\n" + command_text(run.lock.cmd);
    for (const auto& e : run.lock.deps) seed += "\n" + e.path + " " + e.oid;
    for (const auto& e : run.lock.outs) seed += "\n" + e.path + " " + e.oid;
    std::string run_id = uuid_from(seed);

    nlohmann::ordered_json inputs = nlohmann::ordered_json::array(),
                           outputs = nlohmann::ordered_json::array();
    for (const auto& e : run.lock.deps) inputs.push_back(dataset_json(o, e, intro_of(e)));
    for (const auto* list : {&run.lock.outs, &run.lock.metrics})
      for (const auto& e : *list) outputs.push_back(dataset_json(o, e, intro_of(e)));
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [file, values] : run.lock.params)
      for (const auto& [key, value] : values) params[file][key] = nlohmann::ordered_json::parse(value.dump());

    for (const char* type : {"START", "COMPLETE"}) {
      nlohmann::ordered_json ev;
      ev["eventType"] = type;
      ev["eventTime"] = iso_utc(time);
      ev["run"] = {{"runId", run_id},
                   {"facets",
                    {{"dvx",
                      {{"_producer", o.producer},
                       {"_schemaURL", kDvxFacetUrl},
                       {"commit", run_commit},
                       {"rev", g.rev}}}}}};
      ev["job"] = {{"namespace", o.job_namespace},
                   {"name", name},
                   {"facets",
                    {{"dvx",
                      {{"_producer", o.producer},
                       {"_schemaURL", kDvxFacetUrl},
                       {"cmd", run.lock.cmd},
                       {"params", params}}}}}};
      ev["inputs"] = inputs;
      ev["outputs"] = outputs;
      ev["producer"] = o.producer;
      ev["schemaURL"] = kSchemaUrl;
      out += ev.dump() + "\n";
    }
  }
  return out;
}

}  // namespace dvx::lineage
