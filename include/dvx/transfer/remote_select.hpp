#pragma once
// Choosing and opening the remote a transfer talks to.
#include <memory>
#include <optional>
#include <string>

#include "dvx/git/repo.hpp"
#include "dvx/remote/options.hpp"
#include "dvx/remote/remote.hpp"

namespace dvx::transfer {

struct OpenRemote {
  remote::RemoteConfig config;
  std::unique_ptr<remote::Remote> remote;  // retry(limit(log(backend)))
  int jobs = remote::kDefaultJobs;         // its request slots (the `jobs` option)
};

// The remote named `name`, or the default one when `name` is empty.
// nullopt when `name` is empty and no remote is configured at all; throws
// Error(usage) for an unknown name (listing the configured ones).
std::optional<remote::RemoteConfig> find_remote(const git::Repo& repo, const std::string& name = "");
// True when `name` is a configured remote (used to tell `fetch REMOTE` from `fetch REV`).
bool is_remote_name(const git::Repo& repo, const std::string& name);

OpenRemote open_transfer_remote(const remote::RemoteConfig& config);

// The message for "no remote": how to add one.
std::string no_remote_hint();

}  // namespace dvx::transfer
