// Lineage graph from dvx.lock at a revision.
#include "dvx/lineage/graph.hpp"

#include <fmt/format.h>

#include <set>

#include "dvx/pipeline/pipeline_file.hpp"
#include "dvx/util/error.hpp"

namespace dvx::lineage {

namespace {

bool covers(const pipeline::LockEntry& e, const std::string& path) {
  if (e.path == path) return true;
  return e.is_dir() && path.size() > e.path.size() && path.starts_with(e.path) && path[e.path.size()] == '/';
}

Content content_of(const pipeline::LockEntry& e) {
  return {e.oid, e.size, false};
}

class Builder {
 public:
  Builder(const git::Repo& repo, const LineageOptions& options, LineageGraph& graph)
      : repo_(repo), options_(options), g_(graph), reader_(repo) {}

  void run(const std::string& path) {
    std::string commit_id = repo_.resolve_commit(options_.rev);
    commit_ = commit_id;
    g_.rev = options_.rev;
    g_.commit = git::commit_info(repo_, commit_id);
    g_.path = path;
    g_.downstream = options_.downstream;
    if (auto text = repo_.read_blob(commit_id, std::string(pipeline::kLockFile)))
      lock_ = pipeline::parse_lock(*text, fmt::format("{}:{}", options_.rev, pipeline::kLockFile));

    auto in_tree = reader_.at(commit_id, path);
    if (!in_tree && !in_lock(path))
      fail(ErrorKind::not_found, "'{}' is neither in the tree of {} nor in its {}", path, options_.rev,
           pipeline::kLockFile);

    g_.root.dataset = path;
    g_.root.version = add_dataset(path).content;
    std::set<std::string> visiting;
    if (options_.downstream)
      expand_down(g_.root, options_.depth, visiting);
    else
      expand_up(g_.root, options_.depth, visiting);
    introduce();
  }

 private:
  bool in_lock(const std::string& path) const {
    for (const auto& [name, st] : lock_.stages)
      for (const auto* list : {&st.outs, &st.metrics, &st.deps})
        for (const auto& e : *list)
          if (covers(e, path)) return true;
    return false;
  }

  // The stage whose outs (or metrics) hold `path`, with that entry.
  std::optional<std::pair<std::string, pipeline::LockEntry>> producer(const std::string& path) const {
    for (const auto& [name, st] : lock_.stages)
      for (const auto* list : {&st.outs, &st.metrics})
        for (const auto& e : *list)
          if (covers(e, path)) return std::make_pair(name, e);
    return std::nullopt;
  }

  std::vector<std::string> consumers(const std::string& path) const {
    std::vector<std::string> out;
    for (const auto& [name, st] : lock_.stages)
      for (const auto& e : st.deps)
        if (covers(e, path) || (!e.is_dir() && e.path.starts_with(path + "/"))) {
          out.push_back(name);
          break;
        }
    return out;
  }

  Dataset& add_dataset(const std::string& path) {
    if (auto it = g_.datasets.find(path); it != g_.datasets.end()) return it->second;
    Dataset d;
    d.path = path;
    auto tree = reader_.at(commit_, path);
    if (auto prod = producer(path)) {
      d.producer = prod->first;
      d.is_dir = prod->second.is_dir() && prod->second.path == path;
      if (prod->second.path == path) d.content = content_of(prod->second);
      if (d.content && tree && tree->oid != d.content->oid) d.in_tree = tree;
    } else {
      d.content = tree;
      if (!tree) {  // a dep only the lock knows (a folder, or removed since)
        for (const auto& [name, st] : lock_.stages)
          for (const auto& e : st.deps)
            if (e.path == path) {
              d.is_dir = e.is_dir();
              d.content = content_of(e);
            }
      }
    }
    return g_.datasets.emplace(path, std::move(d)).first->second;
  }

  void add_stage(const std::string& name) {
    if (!g_.stages.count(name)) g_.stages[name] = StageRun{name, lock_.stages.at(name)};
  }

  void expand_up(TreeNode& node, int depth, std::set<std::string>& visiting) {
    auto prod = producer(node.dataset);
    if (!prod) return;
    if (depth == 0) {
      node.truncated = true;
      return;
    }
    if (!visiting.insert(node.dataset).second) return;  // a cycle in a hand-edited lock
    const std::string& stage = prod->first;
    add_stage(stage);
    TreeNode::StageEdge edge{stage, {}};
    for (const auto& dep : lock_.stages.at(stage).deps) {
      add_dataset(dep.path);
      TreeNode child;
      child.dataset = dep.path;
      child.version = content_of(dep);
      expand_up(child, depth < 0 ? depth : depth - 1, visiting);
      edge.children.push_back(std::move(child));
    }
    node.stages.push_back(std::move(edge));
    visiting.erase(node.dataset);
  }

  void expand_down(TreeNode& node, int depth, std::set<std::string>& visiting) {
    auto users = consumers(node.dataset);
    if (users.empty()) return;
    if (depth == 0) {
      node.truncated = true;
      return;
    }
    if (!visiting.insert(node.dataset).second) return;
    for (const auto& stage : users) {
      add_stage(stage);
      TreeNode::StageEdge edge{stage, {}};
      const auto& st = lock_.stages.at(stage);
      for (const auto* list : {&st.outs, &st.metrics})
        for (const auto& out : *list) {
          add_dataset(out.path);
          TreeNode child;
          child.dataset = out.path;
          child.version = content_of(out);
          expand_down(child, depth < 0 ? depth : depth - 1, visiting);
          edge.children.push_back(std::move(child));
        }
      node.stages.push_back(std::move(edge));
    }
    visiting.erase(node.dataset);
  }

  void collect(const TreeNode& node, std::vector<std::pair<std::string, std::string>>& keys) const {
    const Dataset& d = g_.datasets.at(node.dataset);
    if (node.version && !d.is_dir) keys.emplace_back(node.dataset, node.version->oid);
    for (const auto& edge : node.stages)
      for (const auto& child : edge.children) collect(child, keys);
  }

  void assign(TreeNode& node, const std::map<std::pair<std::string, std::string>, Introduced>& found) {
    if (node.version)
      if (auto it = found.find({node.dataset, node.version->oid}); it != found.end())
        node.introduced = it->second;
    for (auto& edge : node.stages)
      for (auto& child : edge.children) assign(child, found);
  }

  void introduce() {
    std::vector<std::pair<std::string, std::string>> keys;
    collect(g_.root, keys);
    for (const auto& [path, d] : g_.datasets)
      if (d.content && !d.is_dir) keys.emplace_back(path, d.content->oid);
    auto found = find_introductions(repo_, commit_, keys);
    assign(g_.root, found);
    for (auto& [path, d] : g_.datasets)
      if (d.content)
        if (auto it = found.find({path, d.content->oid}); it != found.end()) d.introduced = it->second;
  }

  const git::Repo& repo_;
  const LineageOptions& options_;
  LineageGraph& g_;
  ContentReader reader_;
  std::string commit_;
  pipeline::LockFile lock_;
};

}  // namespace

LineageGraph build_lineage(const git::Repo& repo, const std::string& path, const LineageOptions& options) {
  LineageGraph graph;
  Builder(repo, options, graph).run(path);
  return graph;
}

}  // namespace dvx::lineage
