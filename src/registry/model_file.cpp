#include "dvx/registry/model_file.hpp"

#include <cctype>

#include "dvx/cache/object_store.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/registry/actions.hpp"
#include "dvx/registry/semver.hpp"
#include "dvx/transfer/content.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::registry {

namespace {

const Version& in_stage(const Artifact& artifact, const std::string& stage) {
  require_stage_name(stage);
  if (const Version* v = artifact.in_stage(stage)) return *v;
  std::vector<std::string> held;
  for (const auto& entry : artifact.stages()) held.push_back(entry.first);
  fail(ErrorKind::not_found, "no version of model '{}' is in stage '{}' (stages: {})", artifact.name, stage,
       held.empty() ? "none" : util::join(held, ", "));
}

const Version& latest(const Artifact& artifact) {
  if (const Version* v = artifact.latest()) return *v;
  fail(ErrorKind::not_found, "model '{}' has no active registered version", artifact.name);
}

WrittenFile write_one(const git::Repo& repo, const cache::ObjectStore& store, const git::TreeEntry& entry,
                      const std::string& commit, const fs::path& dest) {
  WrittenFile out{entry.path, dest, "", entry.size, false};
  std::string blob = repo.read_blob_id(entry.blob_id);
  std::error_code ec;
  fs::create_directories(dest.parent_path().empty() ? fs::path(".") : dest.parent_path(), ec);
  unsigned mode = entry.mode == 0100755 ? 0755 : 0644;
  if (auto pointer = core::parse_pointer(blob)) {
    std::string what = fmt::format("{} at {}", entry.path, commit.substr(0, 7));
    transfer::ensure_cached(repo, *pointer, what);
    store.materialize(*pointer, dest, mode, cache::ObjectStore::Check::verify);  // hashed on the way
    out.oid = pointer->oid;
    out.size = pointer->size;
    out.from_pointer = true;
  } else {
    util::write_file_atomic(dest, blob, mode);
    out.oid = util::sha256_hex(blob);
    out.size = blob.size();
  }
  return out;
}

}  // namespace

Resolved resolve_reference(const Registry& registry, const std::string& reference) {
  std::string name = reference, version, stage;
  bool want_latest = false;
  if (auto hash = reference.rfind('#'); hash != std::string::npos) {
    name = reference.substr(0, hash);
    stage = reference.substr(hash + 1);
  } else if (reference.size() > 7 && reference.ends_with(":latest")) {
    name = reference.substr(0, reference.size() - 7);
    want_latest = true;
  } else if (auto at = reference.rfind('@'); at != std::string::npos) {
    name = reference.substr(0, at);
    std::string what = reference.substr(at + 1);
    if (what == "latest" || what == "greatest")
      want_latest = true;
    else if (parse_semver(what) ||
             (what.size() > 1 && what[0] == 'v' && std::isdigit(static_cast<unsigned char>(what[1]))))
      version = what;  // invalid ones are reported as versions, below
    else
      stage = what;
  } else {
    want_latest = true;
  }
  if (name.empty())
    fail(ErrorKind::usage, "'{}' names no model (expected NAME@VERSION, NAME@STAGE or NAME:latest)",
         reference);
  const Artifact& artifact = registry.require(name);
  Resolved out{&artifact, nullptr, ""};
  if (!version.empty()) {
    const Version& v = require_version(artifact, version);
    if (!v.active) fail(ErrorKind::usage, "version {} of model '{}' was deregistered", v.version, name);
    out.version = &v;
    out.selector = v.version;
  } else if (!stage.empty()) {
    out.version = &in_stage(artifact, stage);
    out.selector = "stage " + stage;
  } else if (want_latest) {
    out.version = &latest(artifact);
    out.selector = "latest";
  }
  return out;
}

std::vector<WrittenFile> write_model(const git::Repo& repo, const std::string& commit,
                                     const std::string& path, const fs::path& out, bool force) {
  std::vector<git::TreeEntry> files;
  bool folder = false;
  for (auto& entry : repo.list_tree(commit)) {
    if (entry.path == path) {
      files.push_back(std::move(entry));
    } else if (entry.path.rfind(path + "/", 0) == 0) {
      folder = true;
      files.push_back(std::move(entry));
    }
  }
  if (files.empty()) fail(ErrorKind::not_found, "{} does not exist at commit {}", path, commit.substr(0, 7));
  std::error_code ec;
  if (!force && fs::exists(fs::symlink_status(out, ec)))
    fail(ErrorKind::usage, "{} exists already (--force replaces it)", out.string());
  cache::ObjectStore store(git::cache_dir(repo));
  std::vector<WrittenFile> written;
  for (const auto& entry : files) {
    fs::path dest = folder ? out / fs::path(entry.path.substr(path.size() + 1)) : out;
    written.push_back(write_one(repo, store, entry, commit, dest));
  }
  return written;
}

}  // namespace dvx::registry
