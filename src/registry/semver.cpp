#include "dvx/registry/semver.hpp"

#include <charconv>
#include <regex>

#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::registry {

namespace {

// semver.org's regular expression, with GTO's leading "v".
const std::regex& semver_re() {
  static const std::regex re(
      R"(^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*))"
      R"((?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?)"
      R"((?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)");
  return re;
}

std::optional<std::uint64_t> number(const std::string& s) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool is_numeric(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// One dot-separated prerelease identifier against another (SemVer 11.4).
int compare_identifier(const std::string& a, const std::string& b) {
  bool na = is_numeric(a), nb = is_numeric(b);
  if (na && nb) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;  // no leading zeros: longer is larger
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  }
  if (na != nb) return na ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

}  // namespace

std::string SemVer::text() const {
  std::string out = fmt::format("v{}.{}.{}", major, minor, patch);
  if (!prerelease.empty()) out += "-" + prerelease;
  if (!build.empty()) out += "+" + build;
  return out;
}

std::optional<SemVer> parse_semver(std::string_view text) {
  std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, semver_re())) return std::nullopt;
  SemVer v;
  auto major = number(m[1].str()), minor = number(m[2].str()), patch = number(m[3].str());
  if (!major || !minor || !patch) return std::nullopt;  // beyond 64 bits
  v.major = *major;
  v.minor = *minor;
  v.patch = *patch;
  v.prerelease = m[4].str();
  v.build = m[5].str();
  return v;
}

SemVer require_semver(std::string_view text) {
  auto v = parse_semver(text);
  if (!v)
    fail(ErrorKind::usage,
         "version '{}' is not valid: a version is 'v' and a semantic version, e.g. 'v1.0.0'", text);
  return *v;
}

int compare(const SemVer& a, const SemVer& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.prerelease.empty() || b.prerelease.empty()) {
    if (a.prerelease.empty() && b.prerelease.empty()) return 0;
    return a.prerelease.empty() ? 1 : -1;  // a prerelease comes before its release
  }
  auto pa = util::split_nonempty(a.prerelease, '.'), pb = util::split_nonempty(b.prerelease, '.');
  for (std::size_t i = 0; i < pa.size() && i < pb.size(); ++i)
    if (int c = compare_identifier(pa[i], pb[i])) return c;
  if (pa.size() == pb.size()) return 0;
  return pa.size() < pb.size() ? -1 : 1;
}

SemVer bump(const SemVer& v, Bump how) {
  SemVer out;
  out.major = v.major;
  out.minor = v.minor;
  out.patch = v.patch;
  switch (how) {
    case Bump::major:
      out.major = v.major + 1;
      out.minor = out.patch = 0;
      break;
    case Bump::minor:
      out.minor = v.minor + 1;
      out.patch = 0;
      break;
    case Bump::patch: out.patch = v.patch + 1; break;
  }
  return out;
}

Bump parse_bump(std::string_view text) {
  if (text == "major") return Bump::major;
  if (text == "minor") return Bump::minor;
  if (text == "patch") return Bump::patch;
  fail(ErrorKind::usage, "--bump takes major, minor or patch, not '{}'", text);
}

}  // namespace dvx::registry
