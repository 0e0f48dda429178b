#pragma once
// The stage graph implied by outs -> deps paths, its checks (cycles, two
// stages with the same out, an out that is a dep of its own stage, deps that
// nothing produces) and its drawings (text, DOT, Mermaid).
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dvx/pipeline/pipeline_file.hpp"

namespace dvx::pipeline {

struct Dag {
  const PipelineFile* pipeline = nullptr;
  std::vector<std::set<std::size_t>> upstream;    // stage index -> stages producing its deps
  std::vector<std::set<std::size_t>> downstream;  // stage index -> stages using its outs
  std::vector<std::size_t> order;                 // topological (file order among independents)

  std::optional<std::size_t> index_of(std::string_view name) const;
  // The stage (index) whose out or metric is `path` or contains it.
  std::optional<std::size_t> producer_of(const std::string& path) const;
  // `roots` and everything upstream (or downstream), in topological order.
  std::vector<std::size_t> closure(const std::vector<std::size_t>& roots, bool downstream) const;
};

// `path` is `folder` or lies inside it (repository-relative, '/' separated).
bool within(const std::string& path, const std::string& folder);

// Throws Error(usage) "<file>:<line>: stage '<name>': ..." for a cycle, an
// out declared by two stages, an out (or metric) that is also a dep of its
// own stage, or an out nested inside another stage's out.
Dag build_dag(const PipelineFile& pipeline);

// Throws Error(usage) naming file, line and stage for the first dep of
// `stages` that does not exist under `root` and that no stage produces.
void check_deps_exist(const Dag& dag, const std::filesystem::path& root,
                      const std::vector<std::size_t>& stages);

std::string dag_text(const Dag& dag);
std::string dag_dot(const Dag& dag);
std::string dag_mermaid(const Dag& dag);

}  // namespace dvx::pipeline
