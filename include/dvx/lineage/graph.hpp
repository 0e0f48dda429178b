#pragma once
// The lineage of a file at a revision, from that revision's dvx.lock: the
// stage that produced it, its command and param values, every dep with its
// oid and the commit that introduced that version, recursively up to the
// raw inputs (upstream) or down to everything derived from it (downstream).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/history.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/lineage/versions.hpp"
#include "dvx/pipeline/lock.hpp"

namespace dvx::lineage {

// Where a version of a file first appeared in the history of the revision.
struct Introduced {
  std::string commit;  // full id
  std::vector<std::string> tags;
  std::int64_t time = 0;  // author time of that commit
};

// One file in the graph, at the version the graph refers to.
struct Dataset {
  std::string path;
  std::optional<Content> content;        // the version (from dvx.lock, or the tree for a source)
  std::string producer;                  // stage that produced it; "" = a source
  std::optional<Introduced> introduced;  // nullopt: that version is not in the history (or a folder)
  bool is_dir = false;
  // The tree at the revision holds other content than the lock records
  // (the lock is stale for this file).
  std::optional<Content> in_tree;
};

struct StageRun {
  std::string name;
  pipeline::LockStage lock;
};

// A node of the nested view: a dataset and the stages expanded below it
// (its producer upstream, its consumers downstream).
struct TreeNode {
  std::string dataset;                   // key into LineageGraph::datasets
  std::optional<Content> version;        // the version on this edge (a dep's oid as its consumer used it)
  std::optional<Introduced> introduced;  // the commit that introduced `version`
  struct StageEdge {
    std::string stage;               // key into LineageGraph::stages
    std::vector<TreeNode> children;  // deps (upstream) or outs (downstream)
  };
  std::vector<StageEdge> stages;
  bool truncated = false;  // --depth stopped here (more lineage exists)
};

struct LineageGraph {
  std::string rev;  // as given
  git::CommitInfo commit;
  std::string path;  // the file asked about
  bool downstream = false;
  std::map<std::string, Dataset> datasets;  // by path
  std::map<std::string, StageRun> stages;   // by name, only the stages reached
  TreeNode root;
};

struct LineageOptions {
  std::string rev = "HEAD";
  bool downstream = false;
  int depth = -1;  // stage levels to follow; -1 = all
};

// Throws Error(not_found) for an unknown revision or a path that is neither
// in the tree of the revision nor in its dvx.lock, and Error(corrupt)
// "<rev>:dvx.lock:<line>: ..." for a malformed lock.
LineageGraph build_lineage(const git::Repo& repo, const std::string& path, const LineageOptions& options);

// "The commit that introduced that version": for each (path, oid), the
// oldest commit in the history of `commit_id` in which the path has that
// content. One walk answers every path; answers are cached on disk under
// the repository's state folder (history below a commit never changes).
std::map<std::pair<std::string, std::string>, Introduced> find_introductions(
    const git::Repo& repo, const std::string& commit_id,
    const std::vector<std::pair<std::string, std::string>>& path_oids);

}  // namespace dvx::lineage
