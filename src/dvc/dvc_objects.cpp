#include "dvx/dvc/dvc_objects.hpp"

#include <fmt/core.h>

#include "dvx/util/error.hpp"

namespace dvx::dvc {

namespace {

// "ab/cdef…" and "files/md5/ab/cdef…" for md5 "abcdef…" (".dir" kept).
std::vector<std::string> object_keys(const std::string& md5) {
  std::string rel = md5.substr(0, 2) + "/" + md5.substr(2);
  return {"files/md5/" + rel, rel};
}

}  // namespace

remote::RemoteConfig to_remote_config(const DvcRemote& dvc_remote, std::vector<std::string>* skipped) {
  remote::RemoteConfig config;
  config.name = dvc_remote.name;
  for (const auto& [key, value] : dvc_remote.options) {
    if (key == "url") {
      config.url = value;
      bool local = remote::url_scheme(value) == "file" && !value.starts_with("file://");
      if (local && !value.empty() && value[0] != '/' && value[0] != '~')
        config.url = (fs::path(".dvc") / value).lexically_normal().generic_string();
    } else if (key == "region" || key == "profile") {
      config.options[key] = value;
    } else if (key == "endpointurl") {
      config.options["endpoint"] = value;
    } else if (skipped) {
      skipped->push_back(fmt::format("remote '{}': {}", dvc_remote.name, key));
    }
  }
  if (config.url.empty()) fail(ErrorKind::usage, ".dvc/config: remote '{}' has no url", dvc_remote.name);
  return config;
}

ObjectSource::ObjectSource(fs::path root, fs::path scratch)
    : ObjectSource(root, std::move(scratch), load_dvc_config(root / ".dvc")) {}

ObjectSource::ObjectSource(fs::path root, fs::path scratch, DvcConfig config)
    : root_(std::move(root)), scratch_(std::move(scratch)), config_(std::move(config)) {
  cache_dir_ =
      config_.cache_dir ? (root_ / ".dvc" / *config_.cache_dir).lexically_normal() : root_ / ".dvc" / "cache";
}

ObjectSource::~ObjectSource() = default;

bool ObjectSource::verified(const fs::path& file, const std::string& md5, bool legacy) const {
  std::string want = md5.ends_with(".dir") ? md5.substr(0, md5.size() - 4) : md5;
  if (md5_file(file) == want) return true;
  return legacy && legacy_md5_file(file) == want;
}

std::optional<FoundObject> ObjectSource::find(const std::string& md5, bool legacy) {
  std::error_code ec;
  for (const auto& key : object_keys(md5)) {
    fs::path p = cache_dir_ / key;
    if (fs::is_regular_file(p, ec) && verified(p, md5, legacy)) return FoundObject{p, "DVC cache"};
  }
  if (!remote_opened_) {
    remote_opened_ = true;
    const DvcRemote* r = config_.find(config_.default_remote);
    if (!r && config_.remotes.size() == 1) r = &config_.remotes.front();
    if (r) {
      auto rc = to_remote_config(*r);
      if (remote::url_scheme(rc.url) == "file" && !rc.url.starts_with("file://") && rc.url[0] != '/')
        rc.url = (root_ / rc.url).lexically_normal().string();
      remote_ = remote::open_remote(rc);
      remote_label_ = fmt::format("DVC remote '{}' ({})", rc.name, remote_->describe());
    }
  }
  if (!remote_) return std::nullopt;
  fs::create_directories(scratch_);
  for (const auto& key : object_keys(md5)) {
    fs::path dest = scratch_ / md5;
    try {
      remote_->get(key, dest);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::not_found) continue;
      throw;
    }
    if (verified(dest, md5, legacy)) return FoundObject{dest, remote_label_};
    fs::remove(dest);
    fail(ErrorKind::corrupt, "{}: object {} ({}) does not match its md5", remote_label_, md5, key);
  }
  return std::nullopt;
}

std::string ObjectSource::places() const {
  std::string s = cache_dir_.string();
  if (remote_) s += " and " + remote_label_;
  return s;
}

}  // namespace dvx::dvc
