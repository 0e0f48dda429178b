#pragma once
// The model registry as GTO reads it from the repository's annotated tags:
// artifacts, their versions (registered, deregistered), the stages assigned
// to each version, and deprecation. Lightweight tags and tags not in GTO's
// format are not registry events (GTO ignores them too).
//
// Order of events: tagger time; within one second, registrations, then
// stage tags by GTO's counter (so they keep the order they were made in),
// then deregistrations, then deprecations; then the tag name.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/git/tags.hpp"
#include "dvx/registry/gto_tag.hpp"

namespace dvx::registry {

struct Event {
  TagName what;
  std::string tag;     // the git tag's name
  std::string commit;  // full id it points to
  std::string author, author_email, message;
  std::int64_t time = 0;  // tagger time
  std::size_t order = 0;  // position in the registry's event order
};

struct StageState {
  std::string stage;
  bool active = false;          // the last event of this stage on this version is an assignment
  const Event* last = nullptr;  // that last event
};

struct Version {
  std::string
      version;  // "v1.2.3"; a commit id for a stage assigned to an unregistered commit (GTO's "discovered")
  std::string commit;
  bool registered = false;  // a registration tag exists
  bool active = false;      // registered and not deregistered since (or discovered through a stage)
  const Event* registration = nullptr;  // the latest registration
  std::map<std::string, StageState> stages;
  std::vector<const Event*> events;  // in order
  std::vector<std::string> active_stages() const;
};

struct Artifact {
  std::string name;
  bool deprecated = false;           // its latest event is a deprecation
  std::vector<Version> versions;     // by SemVer precedence, ascending; discovered ones last
  std::vector<const Event*> events;  // in order

  const Version* find_version(const std::string& version) const;
  // The active registered version at `commit`, if any.
  const Version* version_at(const std::string& commit) const;
  // The greatest active registered version (GTO's "latest").
  const Version* latest() const;
  // The version holding `stage`: of the active versions with the stage
  // active, the one assigned most recently.
  const Version* in_stage(const std::string& stage) const;
  // Stage -> version holding it, for every stage some version holds.
  std::map<std::string, const Version*> stages() const;
};

class Registry {
 public:
  // Reads every tag of the repository.
  static Registry load(const git::Repo& repo);
  // From a tag list (tests; `load` calls it).
  static Registry from_tags(const std::vector<git::TagInfo>& tags);

  const std::map<std::string, Artifact>& artifacts() const { return artifacts_; }
  const Artifact* find(const std::string& name) const;
  // Throws Error(not_found) naming the model and listing the known ones.
  const Artifact& require(const std::string& name) const;
  // The counter the next assign/unassign tag of `name` takes: one more than
  // the highest counter among its tags (GTO's name_tag), lightweight ones
  // included.
  long long next_counter(const std::string& name) const;

  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  Registry(Registry&&) = default;
  Registry& operator=(Registry&&) = default;

 private:
  std::vector<std::unique_ptr<Event>> events_;  // stable addresses
  std::map<std::string, Artifact> artifacts_;
  std::map<std::string, long long> counters_;
};

}  // namespace dvx::registry
