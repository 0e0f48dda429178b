#pragma once
// Tags through libgit2: every tag with what an annotated one records (its
// tagger, time and message, and the commit it peels to), and creating an
// annotated tag the way `git tag -a` does. The model registry keeps its
// whole state in such tags (GTO's format).
#include <cstdint>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::git {

struct TagInfo {
  std::string name;        // without refs/tags/
  bool annotated = false;  // false: a lightweight tag (only name and commit are set)
  std::string commit;      // full id of the commit the tag peels to; "" when it peels to no commit
  std::string tagger_name;
  std::string tagger_email;
  std::int64_t time = 0;   // tagger time, seconds since the epoch
  int offset_minutes = 0;  // the tagger's time zone
  std::string message;
};

// Every tag of the repository, sorted by name.
std::vector<TagInfo> list_tags(const Repo& repo);

// Creates the annotated tag refs/tags/<name> on `commit` (a full id) with
// `message`; the tagger is GIT_COMMITTER_NAME/GIT_COMMITTER_EMAIL when set,
// else user.name/user.email, as git's. Throws Error(usage) when the tag
// exists or the name is not a valid ref name, Error(permanent) when no
// identity is configured.
void create_annotated_tag(const Repo& repo, const std::string& name, const std::string& commit,
                          const std::string& message);

}  // namespace dvx::git
