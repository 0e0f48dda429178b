#include "cli/model_report.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/pipeline_table.hpp"
#include "dvx/lineage/format.hpp"
#include "dvx/lineage/graph.hpp"
#include "dvx/pipeline/metrics.hpp"
#include "dvx/registry/artifacts_yaml.hpp"
#include "dvx/registry/registry.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::cli {
namespace {

using nlohmann::json;
using registry::Artifact;
using registry::Version;

json or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}
json or_null(const Version* v) {
  return v ? json(v->version) : json(nullptr);
}

json stages_json(const Artifact& a) {
  json j = json::object();
  for (const auto& [stage, v] : a.stages()) j[stage] = v->version;
  return j;
}

json version_json(const Version& v) {
  json j;
  j["version"] = v.version;
  j["commit"] = v.commit;
  j["registered"] = v.registered;
  j["active"] = v.active;
  j["tag"] = v.registration ? json(v.registration->tag) : json(nullptr);
  j["created_at"] = v.registration ? json(lineage::iso_utc(v.registration->time)) : json(nullptr);
  j["author"] = v.registration ? json(v.registration->author) : json(nullptr);
  j["stages"] = v.active ? v.active_stages() : std::vector<std::string>{};
  return j;
}

json model_json(const Artifact& a) {
  json j;
  j["name"] = a.name;
  j["deprecated"] = a.deprecated;
  j["latest"] = or_null(a.latest());
  j["stages"] = stages_json(a);
  j["versions"] = json::array();
  for (const auto& v : a.versions) j["versions"].push_back(version_json(v));
  return j;
}

// The artifacts.yaml entry of `name` at `rev`; a broken file is a warning
// here (the registry itself is the tags).
std::optional<registry::ArtifactInfo> annotation(const git::Repo& repo, const std::string& rev,
                                                 const std::string& name) {
  try {
    auto index = registry::read_artifacts(repo, rev);
    if (auto it = index.find(name); it != index.end()) return it->second;
  } catch (const Error& e) {
    print_warning(e.what());
  }
  return std::nullopt;
}

// Which stage produced the model file at `commit`, from its dvx.lock, with
// its direct inputs: a summary of `git dvx lineage PATH --rev COMMIT`.
json lineage_json(const git::Repo& repo, const std::string& commit, const std::string& path) {
  if (path.empty()) return nullptr;
  try {
    lineage::LineageOptions options;
    options.rev = commit;
    options.depth = 1;
    auto graph = lineage::build_lineage(repo, path, options);
    auto found = graph.datasets.find(path);
    if (found == graph.datasets.end()) return nullptr;
    const auto& dataset = found->second;
    json j;
    j["stage"] = or_null(dataset.producer);
    j["cmd"] = nullptr;
    j["params"] = json::object();
    j["deps"] = json::array();
    if (auto it = graph.stages.find(dataset.producer); it != graph.stages.end()) {
      j["cmd"] = util::join(it->second.lock.cmd, " && ");
      for (const auto& [file, keys] : it->second.lock.params)
        for (const auto& [k, v] : keys) j["params"][file][k] = v;
    }
    for (const auto& edge : graph.root.stages)
      for (const auto& child : edge.children) {
        json d;
        d["path"] = child.dataset;
        d["oid"] = child.version ? json(child.version->oid) : json(nullptr);
        d["introduced"] = child.introduced ? json(child.introduced->commit) : json(nullptr);
        j["deps"].push_back(d);
      }
    return j;
  } catch (const Error& e) {
    print_warning(fmt::format("lineage of {} at {}: {}", path, commit.substr(0, 7), e.what()));
    return nullptr;
  }
}

json metrics_json(const git::Repo& repo, const std::string& commit) {
  auto snap = pipeline::metrics_at(repo, commit);
  print_errors(snap, commit.substr(0, 7));
  json j = json::object();
  for (const auto& [file, keys] : snap.values)
    for (const auto& [k, v] : keys) j[file][k] = v;
  return j;
}

json event_json(const registry::Event& e) {
  json j;
  j["tag"] = e.tag;
  j["action"] = std::string(registry::to_string(e.what.action));
  j["version"] = or_null(e.what.version);
  j["stage"] = or_null(e.what.stage);
  j["commit"] = e.commit;
  j["time"] = lineage::iso_utc(e.time);
  j["author"] = e.author;
  j["message"] = e.message;
  return j;
}

std::string version_state(const Version& v) {
  if (!v.registered) return "unregistered";
  return v.active ? "active" : "deregistered";
}

}  // namespace

int model_list(const git::Repo& repo, bool json_out) {
  auto reg = registry::Registry::load(repo);
  if (json_out) {
    json j;
    j["models"] = json::array();
    for (const auto& entry : reg.artifacts()) j["models"].push_back(model_json(entry.second));
    print_json(j);
    return 0;
  }
  std::vector<std::vector<std::string>> rows{{"Model", "Latest", "Stages", "Versions"}};
  for (const auto& [name, a] : reg.artifacts()) {
    std::vector<std::string> stages;
    for (const auto& [stage, v] : a.stages()) stages.push_back(stage + "=" + v->version);
    std::size_t active = 0;
    for (const auto& v : a.versions) active += v.registered && v.active;
    rows.push_back({a.deprecated ? name + " (deprecated)" : name, a.latest() ? a.latest()->version : "-",
                    stages.empty() ? "-" : util::join(stages, " "), std::to_string(active)});
  }
  if (rows.size() == 1) {
    fmt::print(stderr, "git-dvx: no models registered (no GTO tags); see git dvx model register\n");
    return 0;
  }
  print_columns(rows);
  return 0;
}

int model_show(const git::Repo& repo, const std::string& name, bool json_out) {
  auto reg = registry::Registry::load(repo);
  const Artifact& a = reg.require(name);
  json j = model_json(a);
  auto head_info = repo.has_head() ? annotation(repo, "HEAD", name) : std::nullopt;
  j["type"] = head_info ? or_null(head_info->type) : json(nullptr);
  j["description"] = head_info ? or_null(head_info->description) : json(nullptr);
  j["labels"] = head_info ? json(head_info->labels) : json::array();
  for (std::size_t i = 0; i < a.versions.size(); ++i) {
    const Version& v = a.versions[i];
    auto info = annotation(repo, v.commit, name);
    std::string path = info ? info->path : "";
    j["versions"][i]["path"] = or_null(path);
    j["versions"][i]["metrics"] = metrics_json(repo, v.commit);
    j["versions"][i]["lineage"] = lineage_json(repo, v.commit, path);
  }
  j["events"] = json::array();
  for (const auto* e : a.events) j["events"].push_back(event_json(*e));
  if (json_out) {
    print_json(j);
    return 0;
  }
  fmt::print("Model {}{}\n", name, a.deprecated ? " (deprecated)" : "");
  if (!j["type"].is_null()) fmt::print("  type: {}\n", j["type"].get<std::string>());
  if (!j["description"].is_null()) fmt::print("  description: {}\n", j["description"].get<std::string>());
  fmt::print("  latest: {}\n", a.latest() ? a.latest()->version : "-");
  for (const auto& [stage, v] : a.stages()) fmt::print("  stage {}: {}\n", stage, v->version);
  std::vector<std::vector<std::string>> rows{
      {"Version", "State", "Commit", "Stages", "Path", "Metrics", "Produced by"}};
  for (const auto& vj : j["versions"]) {
    std::vector<std::string> metrics;
    for (const auto& [file, keys] : vj["metrics"].items())
      for (const auto& [k, v] : keys.items()) metrics.push_back(k + "=" + pipeline::value_text(v));
    const json& lin = vj["lineage"];
    std::string produced = lin.is_null() || lin["stage"].is_null() ? "-" : lin["stage"].get<std::string>();
    if (!lin.is_null())
      for (const auto& d : lin["deps"]) produced += " " + d["path"].get<std::string>();
    const Version* v = a.find_version(vj["version"].get<std::string>());
    rows.push_back(
        {vj["version"].get<std::string>(), version_state(*v), vj["commit"].get<std::string>().substr(0, 7),
         vj["stages"].empty() ? "-" : util::join(vj["stages"].get<std::vector<std::string>>(), ","),
         vj["path"].is_null() ? "-" : vj["path"].get<std::string>(),
         metrics.empty() ? "-" : util::join(metrics, " "), produced});
  }
  print_columns(rows);
  return 0;
}

}  // namespace dvx::cli
