#pragma once
// Output formats of `git dvx lineage`: a text tree, JSON, Graphviz DOT,
// Mermaid, and OpenLineage run events.
#include <nlohmann/json.hpp>
#include <string>

#include "dvx/lineage/graph.hpp"

namespace dvx::lineage {

// The text tree (see docs/lineage.md).
std::string render_tree(const LineageGraph& graph);

// {rev, commit, path, direction, root (nested), stages, datasets}.
nlohmann::ordered_json to_json(const LineageGraph& graph);

// A `digraph` (datasets as boxes, stages as ellipses) that Graphviz parses.
std::string to_dot(const LineageGraph& graph);

// A Mermaid `flowchart LR`.
std::string to_mermaid(const LineageGraph& graph);

struct OpenLineageOptions {
  std::string job_namespace;      // e.g. the repository's URL
  std::string dataset_namespace;  // same by default
  std::string producer;           // URI of this tool
};

// One START and one COMPLETE RunEvent per stage (job = stage, inputs = its
// deps, outputs = its outs, each dataset named by path with its oid as a
// `version` facet and a `dvx` facet), one JSON object per line. The runId is
// a UUID derived from the commit and the stage's lock entry, so exporting
// twice gives the same ids; eventTime is the time of the commit that
// introduced the stage's outputs (else of the revision).
std::string to_openlineage(const LineageGraph& graph, const OpenLineageOptions& options);

// "train.epochs=20, train.lr=0.05" (keys of files other than params.toml
// are prefixed with "<file>:").
std::string params_text(const pipeline::ParamValues& params);
// The commands of a stage joined with " && ".
std::string command_text(const std::vector<std::string>& cmd);

}  // namespace dvx::lineage
