#include "dvx/registry/actions.hpp"

#include "dvx/git/tags.hpp"
#include "dvx/registry/artifacts_yaml.hpp"
#include "dvx/registry/gto_tag.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::registry {

namespace {

std::string short_id(const std::string& commit) {
  return commit.substr(0, 7);
}

std::vector<std::string> version_names(const Artifact& artifact) {
  std::vector<std::string> out;
  for (const auto& v : artifact.versions)
    if (v.registered) out.push_back(v.version);
  return out;
}

CreatedTag make_tag(const git::Repo& repo, const TagName& name, const std::string& commit,
                    const std::string& version, const std::string& message, std::string describe) {
  CreatedTag out{format_tag_name(name), commit, version, std::move(describe)};
  git::create_annotated_tag(repo, out.tag, commit, message);
  return out;
}

// GTO's `virtual: false` (annotate --must_exist): the path must be committed
// at the version's commit.
void check_path_committed(const git::Repo& repo, const std::string& name, const std::string& commit) {
  auto index = read_artifacts(repo, commit);
  auto it = index.find(name);
  if (it == index.end() || it->second.is_virtual || it->second.path.empty()) return;
  const std::string& path = it->second.path;
  for (const auto& entry : repo.list_tree(commit))
    if (entry.path == path || entry.path.rfind(path + "/", 0) == 0) return;
  fail(ErrorKind::usage, "model '{}': {} says its path is {} (virtual: false), but commit {} has no {}", name,
       kArtifactsFile, path, short_id(commit), path);
}

}  // namespace

const Version& require_version(const Artifact& artifact, const std::string& version) {
  require_semver(version);
  const Version* v = artifact.find_version(version);
  if (!v || !v->registered) {
    auto names = version_names(artifact);
    fail(ErrorKind::not_found, "model '{}' has no version {} (versions: {})", artifact.name, version,
         names.empty() ? "none" : util::join(names, ", "));
  }
  return *v;
}

CreatedTag register_version(const git::Repo& repo, const RegisterRequest& request) {
  require_artifact_name(request.name);
  if (!request.version.empty() && request.bump)
    fail(ErrorKind::usage, "give either --version or --bump, not both");
  std::string commit = repo.resolve_commit(request.rev);
  auto registry = Registry::load(repo);
  const Artifact* artifact = registry.find(request.name);
  if (artifact)
    if (const Version* there = artifact->version_at(commit))
      fail(ErrorKind::usage, "model '{}' already has version {} registered at commit {}", request.name,
           there->version, short_id(commit));
  std::string version;
  if (!request.version.empty()) {
    version = require_semver(request.version).text();
    if (artifact)
      if (const Version* v = artifact->find_version(version); v && v->registered)
        fail(ErrorKind::usage, "version {} of model '{}' is already registered (at commit {}{})", version,
             request.name, short_id(v->commit), v->active ? "" : ", deregistered since");
  } else {
    // Bump the greatest version ever registered, deregistered ones included,
    // so that a version name is never registered twice.
    std::optional<SemVer> greatest;
    if (artifact)
      for (const auto& v : artifact->versions)
        if (auto sv = parse_semver(v.version);
            sv && v.registered && (!greatest || compare(*greatest, *sv) < 0))
          greatest = sv;
    if (greatest) {
      version = bump(*greatest, request.bump.value_or(Bump::patch)).text();
    } else if (request.bump) {
      fail(ErrorKind::usage,
           "cannot bump: model '{}' has no version yet (the first one is v0.0.1, or give --version)",
           request.name);
    } else {
      version = "v0.0.1";
    }
  }
  check_path_committed(repo, request.name, commit);
  TagName tag{Action::register_version, request.name, version, "", std::nullopt};
  std::string message = !request.message.empty()
                            ? request.message
                            : fmt::format("Registering artifact {} version {}", request.name, version);
  return make_tag(repo, tag, commit, version, message, "registers version " + version);
}

std::vector<CreatedTag> assign_stage(const git::Repo& repo, const AssignRequest& request) {
  require_artifact_name(request.name);
  require_stage_name(request.stage);
  std::vector<CreatedTag> created;
  std::string version, commit;
  if (!request.version.empty()) {
    if (!request.new_version.empty())
      fail(ErrorKind::usage,
           "--version names an existing version; a revision to register is given without it");
    auto registry = Registry::load(repo);
    const Version& v = require_version(registry.require(request.name), request.version);
    if (!v.active)
      fail(ErrorKind::usage, "version {} of model '{}' is deregistered: register a new version to assign it",
           v.version, request.name);
    version = v.version;
    commit = v.commit;
  } else {
    commit = repo.resolve_commit(request.rev);
    auto registry = Registry::load(repo);
    const Artifact* artifact = registry.find(request.name);
    const Version* there = artifact ? artifact->version_at(commit) : nullptr;
    if (there && !request.new_version.empty() && there->version != request.new_version)
      fail(ErrorKind::usage, "cannot register {}: commit {} already has version {} of model '{}'",
           request.new_version, short_id(commit), there->version, request.name);
    if (there) {
      version = there->version;
    } else {
      RegisterRequest reg{request.name, commit, request.new_version, std::nullopt, ""};
      created.push_back(register_version(repo, reg));
      version = created.back().version;
    }
  }
  auto registry = Registry::load(repo);
  const Artifact& artifact = registry.require(request.name);
  const Version* v = artifact.find_version(version);
  if (!request.force && v) {
    auto it = v->stages.find(request.stage);
    if (it != v->stages.end() && it->second.active)
      fail(ErrorKind::usage, "version {} of model '{}' is already in stage '{}' (--force assigns it again)",
           version, request.name, request.stage);
  }
  TagName tag{Action::assign, request.name, "", request.stage, registry.next_counter(request.name)};
  std::string message = !request.message.empty() ? request.message
                                                 : fmt::format("Assigning stage {} to artifact {} version {}",
                                                               request.stage, request.name, version);
  created.push_back(make_tag(repo, tag, commit, version, message,
                             fmt::format("assigns stage {} to version {}", request.stage, version)));
  return created;
}

CreatedTag unassign_stage(const git::Repo& repo, const std::string& name, const std::string& stage,
                          const std::string& version, const std::string& message) {
  require_artifact_name(name);
  require_stage_name(stage);
  auto registry = Registry::load(repo);
  const Artifact& artifact = registry.require(name);
  const Version* v = nullptr;
  if (version.empty()) {
    v = artifact.in_stage(stage);
    if (!v) fail(ErrorKind::not_found, "no version of model '{}' is in stage '{}'", name, stage);
  } else {
    v = &require_version(artifact, version);
    auto it = v->stages.find(stage);
    if (it == v->stages.end() || !it->second.active)
      fail(ErrorKind::usage, "stage '{}' is not assigned to version {} of model '{}'", stage, v->version,
           name);
  }
  TagName tag{Action::unassign, name, "", stage, registry.next_counter(name)};
  std::string text = !message.empty() ? message
                                      : fmt::format("Unassigning stage '{}' to artifact '{}' version '{}'",
                                                    stage, name, v->version);
  return make_tag(repo, tag, v->commit, v->version, text,
                  fmt::format("unassigns stage {} from version {}", stage, v->version));
}

CreatedTag deregister_version(const git::Repo& repo, const std::string& name, const std::string& version,
                              const std::string& message) {
  require_artifact_name(name);
  auto registry = Registry::load(repo);
  const Version& v = require_version(registry.require(name), version);
  if (!v.active) fail(ErrorKind::usage, "version {} of model '{}' was deregistered already", v.version, name);
  TagName tag{Action::deregister, name, v.version, "", std::nullopt};
  std::string text =
      !message.empty() ? message : fmt::format("Deregistering artifact {} version {}", name, v.version);
  return make_tag(repo, tag, v.commit, v.version, text, "deregisters version " + v.version);
}

CreatedTag deprecate_model(const git::Repo& repo, const std::string& name, const std::string& message) {
  require_artifact_name(name);
  auto registry = Registry::load(repo);
  const Artifact& artifact = registry.require(name);
  if (artifact.deprecated) fail(ErrorKind::usage, "model '{}' was deprecated already", name);
  TagName tag{Action::deprecate, name, "", "", std::nullopt};
  // A model deprecated before (and revived by a new version since) has its
  // "@deprecated" tag already: number the new one, as GTO's non-simple form.
  for (const Event* e : artifact.events)
    if (e->what.action == Action::deprecate) tag.counter = registry.next_counter(name);
  std::string text = !message.empty() ? message : fmt::format("Deprecating artifact '{}'", name);
  return make_tag(repo, tag, artifact.events.back()->commit, "", text, "deprecates the model");
}

}  // namespace dvx::registry
