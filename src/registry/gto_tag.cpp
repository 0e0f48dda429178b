#include "dvx/registry/gto_tag.hpp"

#include <regex>

#include "dvx/util/error.hpp"

namespace dvx::registry {

namespace {

// GTO's building blocks (gto/constants.py), with only the groups read here
// capturing. GTO's dirname class "[a-zA-Z0-9-_./]" is, in Python, letters,
// digits and "-_./": spelled unambiguously below.
#define DVX_GTO_NAME "[a-zA-Z0-9](?:[a-zA-Z0-9/_-]*[a-zA-Z0-9])?"
#define DVX_GTO_DIRNAME "[a-zA-Z0-9_./-]+"
#define DVX_GTO_SEMVER                                  \
  "(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)" \
  "(?:-(?:(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"   \
  "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+(?:[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?"

// tag_re: groups 1 artifact (folder '=' name), 2 stage, 3 version, 4 the
// cancelling "!", 5 "deprecated" | "created", 6 counter.
const std::regex& tag_re() {
  static const std::regex re("^((?:" DVX_GTO_DIRNAME "=)?" DVX_GTO_NAME
                             ")"
                             "(?:(?:#(" DVX_GTO_NAME ")|@(v" DVX_GTO_SEMVER
                             "))(!?)|@(deprecated|created))"
                             "(?:#([0-9]+))?$");
  return re;
}
const std::regex& name_re() {
  static const std::regex re("^" DVX_GTO_NAME "$");
  return re;
}
const std::regex& fullname_re() {
  static const std::regex re("^(?:" DVX_GTO_DIRNAME ":)?" DVX_GTO_NAME "$");
  return re;
}

std::string replace_all(std::string s, char from, char to) {
  for (char& c : s)
    if (c == from) c = to;
  return s;
}

}  // namespace

std::string_view to_string(Action action) {
  switch (action) {
    case Action::register_version: return "register";
    case Action::deregister: return "deregister";
    case Action::assign: return "assign";
    case Action::unassign: return "unassign";
    case Action::deprecate: return "deprecate";
    case Action::create: return "create";
  }
  return "?";
}

std::optional<TagName> parse_tag_name(std::string_view tag) {
  std::string s(tag);
  std::smatch m;
  if (!std::regex_match(s, m, tag_re())) return std::nullopt;
  TagName out;
  out.artifact = replace_all(m[1].str(), '=', ':');
  bool cancel = m[4].matched && m[4].length() == 1;
  if (m[2].matched) {
    out.stage = m[2].str();
    out.action = cancel ? Action::unassign : Action::assign;
  } else if (m[3].matched) {
    out.version = m[3].str();
    out.action = cancel ? Action::deregister : Action::register_version;
  } else {
    out.action = m[5].str() == "deprecated" ? Action::deprecate : Action::create;
  }
  if (m[6].matched) {
    try {
      out.counter = std::stoll(m[6].str());
    } catch (const std::out_of_range&) {
      return std::nullopt;
    }
  }
  return out;
}

std::string format_tag_name(const TagName& tag) {
  std::string out = replace_all(tag.artifact, ':', '=');
  switch (tag.action) {
    case Action::register_version: out += "@" + tag.version; break;
    case Action::deregister: out += "@" + tag.version + "!"; break;
    case Action::assign: out += "#" + tag.stage; break;
    case Action::unassign: out += "#" + tag.stage + "!"; break;
    case Action::deprecate: out += "@deprecated"; break;
    case Action::create: out += "@created"; break;
  }
  if (tag.counter) out += "#" + std::to_string(*tag.counter);
  return out;
}

bool is_valid_name(std::string_view name) {
  return std::regex_match(std::string(name), name_re());
}
bool is_valid_fullname(std::string_view name) {
  return std::regex_match(std::string(name), fullname_re());
}

namespace {
void require(bool valid, const char* what, std::string_view value) {
  if (!valid)
    fail(ErrorKind::usage,
         "invalid {} name '{}': use letters, digits, '-', '_' and '/', starting and ending with a letter or "
         "digit "
         "(as GTO)",
         what, value);
}
}  // namespace

void require_artifact_name(std::string_view name) {
  require(is_valid_fullname(name), "model", name);
}
void require_stage_name(std::string_view stage) {
  require(is_valid_name(stage), "stage", stage);
}

}  // namespace dvx::registry
