#pragma once
// GTO's tag names (iterative/gto, gto/constants.py `tag_re`, gto/tag.py):
//   churn@v1.2.3        registers version v1.2.3 of artifact churn
//   churn@v1.2.3!       deregisters it
//   churn#prod#5        assigns stage prod (5: one more than the highest
//                       counter among churn's tags)
//   churn#prod!#6       unassigns stage prod
//   churn@deprecated    deprecates the artifact (optionally #N too)
// An artifact name is GTO's `name` ([a-zA-Z0-9], then [a-zA-Z0-9-/_]*
// ending in [a-zA-Z0-9]), optionally prefixed by a folder "dir:" written
// "dir=" in the tag. Stage names follow the same rule.
#include <optional>
#include <string>
#include <string_view>

namespace dvx::registry {

enum class Action { register_version, deregister, assign, unassign, deprecate, create };

std::string_view to_string(Action action);  // "register", "deregister", "assign", ...

struct TagName {
  Action action = Action::register_version;
  std::string artifact;              // with ':' between folder and name, as users write it
  std::string version;               // register/deregister: "v1.2.3"
  std::string stage;                 // assign/unassign
  std::optional<long long> counter;  // the "#N" suffix
};

// nullopt for a tag that is not in GTO's format (any other tag of the repository).
std::optional<TagName> parse_tag_name(std::string_view tag);
std::string format_tag_name(const TagName& tag);

bool is_valid_name(std::string_view name);      // GTO's name_re (stages, artifact names)
bool is_valid_fullname(std::string_view name);  // GTO's fullname_re ("dir:name" allowed)
// Throw Error(usage) saying which characters are allowed.
void require_artifact_name(std::string_view name);
void require_stage_name(std::string_view stage);

}  // namespace dvx::registry
