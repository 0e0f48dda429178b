#pragma once
// What `git dvx model register|assign|unassign|deregister|deprecate` do:
// check the request against the registry read from the tags, then write one
// annotated tag in GTO's format with GTO's message, so that GTO (and a GTO
// team) reads the same registry. Every refusal is Error(usage) or
// Error(not_found) naming the model, version or stage.
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/registry/registry.hpp"
#include "dvx/registry/semver.hpp"

namespace dvx::registry {

struct CreatedTag {
  std::string tag;
  std::string commit;
  std::string version;
  std::string describe;  // "registers version v0.0.1", "assigns stage prod to version v0.0.1", ...
};

struct RegisterRequest {
  std::string name;
  std::string rev = "HEAD";
  std::string version;       // "" = bump the greatest registered version (v0.0.1 for the first)
  std::optional<Bump> bump;  // default patch (GTO)
  std::string message;       // "" = GTO's message
};
CreatedTag register_version(const git::Repo& repo, const RegisterRequest& request);

struct AssignRequest {
  std::string name;
  std::string stage;
  std::string version;       // an existing version; or "" to use `rev`
  std::string rev = "HEAD";  // when `version` is "": the version at this commit, registered first if needed
  std::string new_version;   // the version to register at `rev` when it has none ("" = bump)
  std::string message;
  bool force = false;  // assign again a stage the version already holds
};
// The tags created: a registration first when `rev` had no version, then the assignment.
std::vector<CreatedTag> assign_stage(const git::Repo& repo, const AssignRequest& request);

// Unassigns `stage` from `version` ("" = the version holding the stage).
CreatedTag unassign_stage(const git::Repo& repo, const std::string& name, const std::string& stage,
                          const std::string& version, const std::string& message);
// Deregisters a version (GTO `deprecate NAME VERSION`): tag NAME@VERSION!.
CreatedTag deregister_version(const git::Repo& repo, const std::string& name, const std::string& version,
                              const std::string& message);
// Deprecates the whole model (GTO `deprecate NAME`): tag NAME@deprecated.
CreatedTag deprecate_model(const git::Repo& repo, const std::string& name, const std::string& message);

// A version named by the user: Error(usage) for an invalid version,
// Error(not_found) naming the model and listing its versions when absent.
const Version& require_version(const Artifact& artifact, const std::string& version);

}  // namespace dvx::registry
