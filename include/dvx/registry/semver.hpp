#pragma once
// Model versions as GTO writes them: "v" + a Semantic Versioning 2.0.0
// version (v1.2.3, v1.0.0-rc.1+build.5), with SemVer's precedence and
// GTO's bumps.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dvx::registry {

struct SemVer {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::string prerelease;    // "" = none
  std::string build;         // "" = none (ignored by precedence)
  std::string text() const;  // "v1.2.3[-pre][+build]"
};

enum class Bump { major, minor, patch };

// nullopt unless `text` is "v" + a valid SemVer 2.0.0 version.
std::optional<SemVer> parse_semver(std::string_view text);
// Throws Error(usage) naming `text` and showing a valid example.
SemVer require_semver(std::string_view text);
// SemVer precedence: <0, 0, >0 (build metadata ignored).
int compare(const SemVer& a, const SemVer& b);
// As python-semver (GTO): major -> (M+1).0.0, minor -> M.(m+1).0, patch ->
// M.m.(p+1); prerelease and build dropped.
SemVer bump(const SemVer& v, Bump how);
// "major" | "minor" | "patch"; throws Error(usage) otherwise.
Bump parse_bump(std::string_view text);

}  // namespace dvx::registry
