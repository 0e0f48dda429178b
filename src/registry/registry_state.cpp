#include <algorithm>
#include <tuple>

#include "dvx/registry/registry.hpp"
#include "dvx/registry/semver.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::registry {

namespace {

bool precedes(const Version& a, const Version& b) {
  auto va = parse_semver(a.version), vb = parse_semver(b.version);
  if (va && vb) {
    int c = compare(*va, *vb);
    return c != 0 ? c < 0 : a.version < b.version;
  }
  if (va || vb) return va.has_value();  // discovered (commit-named) versions last
  return a.version < b.version;
}

// The version an assign/unassign tag on `commit` refers to (GTO finds it by
// commit): the greatest active registered version there, else any version
// there, else a "discovered" one named by the commit.
Version& version_for_commit(std::map<std::string, Version>& versions, const std::string& commit) {
  Version* best = nullptr;
  for (auto& entry : versions) {
    Version& v = entry.second;
    if (v.commit != commit) continue;
    if (!best || (v.active && !best->active) || (v.active == best->active && precedes(*best, v))) best = &v;
  }
  if (best) return *best;
  Version& v = versions[commit];
  v.version = commit;
  v.commit = commit;
  v.active = true;  // GTO: a version known only through stages is active
  return v;
}

// Tags carry whole seconds. Within one second (GTO leaves the order to the
// tag listing), an event comes after those it needs: a registration first,
// then stage tags in counter order, then deregistration, then deprecation.
int same_second_rank(Action action) {
  switch (action) {
    case Action::register_version: return 0;
    case Action::assign:
    case Action::unassign: return 1;
    case Action::deregister: return 2;
    default: return 3;
  }
}

}  // namespace

std::vector<std::string> Version::active_stages() const {
  std::vector<std::string> out;
  for (const auto& [name, state] : stages)
    if (state.active) out.push_back(name);
  return out;
}

const Version* Artifact::find_version(const std::string& version) const {
  for (const auto& v : versions)
    if (v.version == version) return &v;
  return nullptr;
}

const Version* Artifact::version_at(const std::string& commit) const {
  const Version* found = nullptr;
  for (const auto& v : versions)
    if (v.commit == commit && v.registered && v.active) found = &v;  // ascending: the greatest wins
  return found;
}

const Version* Artifact::latest() const {
  const Version* found = nullptr;
  for (const auto& v : versions)
    if (v.registered && v.active && parse_semver(v.version)) found = &v;
  return found;
}

const Version* Artifact::in_stage(const std::string& stage) const {
  const Version* found = nullptr;
  std::size_t when = 0;
  for (const auto& v : versions) {
    if (!v.active) continue;
    auto it = v.stages.find(stage);
    if (it == v.stages.end() || !it->second.active) continue;
    if (!found || it->second.last->order > when) {
      found = &v;
      when = it->second.last->order;
    }
  }
  return found;
}

std::map<std::string, const Version*> Artifact::stages() const {
  std::map<std::string, const Version*> out;
  for (const auto& v : versions)
    for (const auto& entry : v.stages)
      if (!out.count(entry.first))
        if (const Version* holder = in_stage(entry.first)) out[entry.first] = holder;
  return out;
}

Registry Registry::load(const git::Repo& repo) {
  return from_tags(git::list_tags(repo));
}

Registry Registry::from_tags(const std::vector<git::TagInfo>& tags) {
  Registry r;
  for (const auto& tag : tags) {
    auto parsed = parse_tag_name(tag.name);
    if (!parsed) continue;
    if (parsed->counter) {
      auto& c = r.counters_[parsed->artifact];
      c = std::max(c, *parsed->counter);
    }
    if (!tag.annotated || tag.commit.empty() || parsed->action == Action::create) continue;
    auto e = std::make_unique<Event>();
    e->what = std::move(*parsed);
    e->tag = tag.name;
    e->commit = tag.commit;
    e->author = tag.tagger_name;
    e->author_email = tag.tagger_email;
    e->message = tag.message;
    while (!e->message.empty() && (e->message.back() == '\n' || e->message.back() == ' '))
      e->message.pop_back();
    e->time = tag.time;
    r.events_.push_back(std::move(e));
  }
  std::stable_sort(r.events_.begin(), r.events_.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a->time, same_second_rank(a->what.action), a->what.counter.value_or(0), a->tag) <
           std::make_tuple(b->time, same_second_rank(b->what.action), b->what.counter.value_or(0), b->tag);
  });

  std::map<std::string, std::map<std::string, Version>> versions;  // artifact -> version name -> version
  for (std::size_t i = 0; i < r.events_.size(); ++i) {
    Event* e = r.events_[i].get();
    e->order = i;
    Artifact& a = r.artifacts_[e->what.artifact];
    a.name = e->what.artifact;
    a.events.push_back(e);
    auto& vs = versions[a.name];
    switch (e->what.action) {
      case Action::register_version:
      case Action::deregister: {
        Version& v = vs[e->what.version];
        v.version = e->what.version;
        v.commit = e->commit;
        v.events.push_back(e);
        if (e->what.action == Action::register_version) {
          v.registered = true;
          v.active = true;
          v.registration = e;
        } else {
          v.active = false;
        }
        break;
      }
      case Action::assign:
      case Action::unassign: {
        Version& v = version_for_commit(vs, e->commit);
        v.events.push_back(e);
        StageState& s = v.stages[e->what.stage];
        s.stage = e->what.stage;
        s.active = e->what.action == Action::assign;
        s.last = e;
        break;
      }
      default: break;
    }
  }
  for (auto& [name, artifact] : r.artifacts_) {
    for (auto& entry : versions[name]) artifact.versions.push_back(std::move(entry.second));
    std::sort(artifact.versions.begin(), artifact.versions.end(), precedes);
    artifact.deprecated =
        !artifact.events.empty() && artifact.events.back()->what.action == Action::deprecate;
  }
  return r;
}

const Artifact* Registry::find(const std::string& name) const {
  auto it = artifacts_.find(name);
  return it == artifacts_.end() ? nullptr : &it->second;
}

const Artifact& Registry::require(const std::string& name) const {
  if (const Artifact* a = find(name)) return *a;
  std::vector<std::string> names;
  for (const auto& entry : artifacts_) names.push_back(entry.first);
  if (names.empty())
    fail(ErrorKind::not_found, "unknown model '{}': the registry is empty (no GTO tags in this repository)",
         name);
  fail(ErrorKind::not_found, "unknown model '{}' (registered: {})", name, util::join(names, ", "));
}

long long Registry::next_counter(const std::string& name) const {
  auto it = counters_.find(name);
  return (it == counters_.end() ? 0 : it->second) + 1;
}

}  // namespace dvx::registry
