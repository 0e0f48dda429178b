#include "dvx/git/tags.hpp"

#include <git2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>

#include "dvx/util/error.hpp"

namespace dvx::git {

namespace {

struct ObjectFree {
  void operator()(git_object* o) const { git_object_free(o); }
};
using ObjectPtr = std::unique_ptr<git_object, ObjectFree>;

std::string hex(const git_oid* id) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, id);
  return buf;
}

TagInfo describe(git_repository* repo, const char* refname, const git_oid* id) {
  TagInfo tag;
  tag.name = refname;
  if (tag.name.rfind("refs/tags/", 0) == 0) tag.name.erase(0, 10);
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo, id, GIT_OBJECT_ANY) < 0) return tag;  // a dangling ref
  ObjectPtr object(raw);
  if (git_object_type(object.get()) == GIT_OBJECT_TAG) {
    auto* annotated = reinterpret_cast<git_tag*>(object.get());
    tag.annotated = true;
    if (const git_signature* who = git_tag_tagger(annotated)) {
      tag.tagger_name = who->name ? who->name : "";
      tag.tagger_email = who->email ? who->email : "";
      tag.time = who->when.time;
      tag.offset_minutes = who->when.offset;
    }
    if (const char* message = git_tag_message(annotated)) tag.message = message;
  }
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) == 0) {
    tag.commit = hex(git_object_id(peeled));
    git_object_free(peeled);
  }
  return tag;
}

std::string env_or(const char* name, const std::optional<std::string>& fallback) {
  const char* value = std::getenv(name);
  if (value && *value) return value;
  return fallback.value_or("");
}

}  // namespace

std::vector<TagInfo> list_tags(const Repo& repo) {
  struct Walk {
    git_repository* repo;
    std::vector<TagInfo> tags;
  } walk{repo.raw(), {}};
  check(git_tag_foreach(
            repo.raw(),
            [](const char* name, git_oid* id, void* payload) {
              auto* w = static_cast<Walk*>(payload);
              w->tags.push_back(describe(w->repo, name, id));
              return 0;
            },
            &walk),
        "cannot list the tags");
  std::sort(walk.tags.begin(), walk.tags.end(),
            [](const TagInfo& a, const TagInfo& b) { return a.name < b.name; });
  return std::move(walk.tags);
}

void create_annotated_tag(const Repo& repo, const std::string& name, const std::string& commit,
                          const std::string& message) {
  int valid = 0;
  std::string ref = "refs/tags/" + name;
  if (git_reference_name_is_valid(&valid, ref.c_str()) < 0 || !valid)
    fail(ErrorKind::usage, "'{}' is not a valid git tag name", name);
  git_oid id;
  check(git_oid_fromstr(&id, commit.c_str()), fmt::format("bad commit id {}", commit));
  git_object* raw = nullptr;
  check(git_object_lookup(&raw, repo.raw(), &id, GIT_OBJECT_COMMIT),
        fmt::format("cannot read commit {}", commit));
  ObjectPtr target(raw);

  std::string who = env_or("GIT_COMMITTER_NAME", repo.config_string("user.name"));
  std::string email = env_or("GIT_COMMITTER_EMAIL", repo.config_string("user.email"));
  if (who.empty() || email.empty())
    fail(ErrorKind::permanent,
         "cannot create tag '{}': no identity (set user.name and user.email with git config)", name);
  git_signature* tagger = nullptr;
  check(git_signature_now(&tagger, who.c_str(), email.c_str()), "cannot make the tagger signature");
  git_oid tag_id;
  // As `git tag -m` stores it: the message ends with a newline.
  std::string text = message.empty() || message.back() == '\n' ? message : message + "\n";
  int rc = git_tag_create(&tag_id, repo.raw(), name.c_str(), target.get(), tagger, text.c_str(), 0);
  git_signature_free(tagger);
  if (rc == GIT_EEXISTS) fail(ErrorKind::usage, "tag '{}' already exists", name);
  check(rc, fmt::format("cannot create tag '{}'", name));
}

}  // namespace dvx::git
