#pragma once
// From a registry reference to the model's bytes: which version a
// reference names (`churn@v1.2.0`, `churn#prod` or `churn@prod`,
// `churn@latest` or `churn:latest`, `churn`), and the model's file (or
// folder) at that version's commit written out of the cache, fetched from
// the store when missing; every object is verified against its SHA-256.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/registry/registry.hpp"

namespace dvx::registry {

namespace fs = std::filesystem;

struct Resolved {
  const Artifact* artifact = nullptr;
  const Version* version = nullptr;
  std::string selector;  // "v1.2.0", "stage prod", "latest"
};

// Throws Error(not_found) for an unknown model, version or empty stage, and
// Error(usage) for an invalid version or a deregistered one, each naming
// the model and what it has.
Resolved resolve_reference(const Registry& registry, const std::string& reference);

struct WrittenFile {
  std::string path;      // in the repository
  fs::path destination;  // where it was written
  std::string oid;       // SHA-256 of the bytes
  std::uint64_t size = 0;
  bool from_pointer = false;  // false: a plain git blob
};

// Writes `path` at `commit` (a file, or every file under a folder) to `out`
// (a file, or a folder for a folder). An existing `out` is refused unless
// `force`. Nothing is written under a final name before it is verified.
std::vector<WrittenFile> write_model(const git::Repo& repo, const std::string& commit,
                                     const std::string& path, const fs::path& out, bool force);

}  // namespace dvx::registry
