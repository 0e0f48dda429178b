#pragma once
// Where DVC keeps the bytes an md5 names: its cache (`.dvc/cache`, or
// `[cache] dir`; DVC 2.x `<cache>/ab/cdef…`, 3.x `<cache>/files/md5/ab/cdef…`)
// and its remote (a directory or S3, the same two layouts under the URL).
// Every object is verified by md5 before it is handed out.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dvx/dvc/dvc_files.hpp"
#include "dvx/remote/remote.hpp"

namespace dvx::dvc {

// A DVC remote as a git-dvx remote: url (a relative local path, which DVC
// reads from .dvc/, becomes relative to the project root), region,
// endpointurl -> endpoint, profile. Options git-dvx has no equivalent for
// are appended to `skipped` as "remote 'x': key" (credentials among them:
// they stay in the environment or ~/.aws).
remote::RemoteConfig to_remote_config(const DvcRemote& dvc_remote,
                                      std::vector<std::string>* skipped = nullptr);

struct FoundObject {
  fs::path path;      // a verified copy (in the DVC cache, or downloaded into the scratch folder)
  std::string where;  // "DVC cache" or "DVC remote 'name' (url)", for messages
};

class ObjectSource {
 public:
  // `root`: the DVC project (holding .dvc/); `scratch`: where downloads go
  // (created on first use). The remote is the default one of .dvc/config,
  // opened on first use; none when there is no remote.
  ObjectSource(fs::path root, fs::path scratch);
  // With a configuration read elsewhere (e.g. `.dvc/config` of an old commit).
  ObjectSource(fs::path root, fs::path scratch, DvcConfig config);
  ~ObjectSource();
  ObjectSource(const ObjectSource&) = delete;
  ObjectSource& operator=(const ObjectSource&) = delete;

  const DvcConfig& config() const { return config_; }
  // The object `md5` ("<32 hex>" or "<32 hex>.dir"), verified; nullopt when
  // neither the cache nor the remote has a sound copy. `legacy`: DVC 2.x
  // md5 (CRLF-normalised text) is accepted too.
  std::optional<FoundObject> find(const std::string& md5, bool legacy);
  // Where find() looked, for "not found" messages.
  std::string places() const;

 private:
  bool verified(const fs::path& file, const std::string& md5, bool legacy) const;
  fs::path root_;
  fs::path scratch_;
  DvcConfig config_;
  fs::path cache_dir_;
  std::unique_ptr<remote::Remote> remote_;
  std::string remote_label_;
  bool remote_opened_ = false;
};

}  // namespace dvx::dvc
