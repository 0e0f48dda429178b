#include "dvx/transfer/remote_select.hpp"

#include "dvx/remote/options.hpp"
#include "dvx/remote/remote_config.hpp"
#include "dvx/remote/request_slots.hpp"
#include "dvx/remote/wrap.hpp"
#include "dvx/util/error.hpp"

namespace dvx::transfer {

std::optional<remote::RemoteConfig> find_remote(const git::Repo& repo, const std::string& name) {
  if (repo.is_bare()) {
    if (name.empty()) return std::nullopt;
    fail(ErrorKind::usage, "remote '{}': git-dvx remotes need a working tree", name);
  }
  auto set = remote::load_remotes(repo.workdir());
  if (set.remotes.empty() && name.empty()) return std::nullopt;
  return remote::select_remote(set, name);
}

bool is_remote_name(const git::Repo& repo, const std::string& name) {
  if (repo.is_bare()) return false;
  return remote::load_remotes(repo.workdir()).find(name) != nullptr;
}

OpenRemote open_transfer_remote(const remote::RemoteConfig& config) {
  OpenRemote out;
  out.config = config;
  // One decision on `jobs`: the request slots bound the remote's requests
  // and size the transfer queue's threads.
  remote::WrapOptions wrap;
  wrap.slots = remote::request_slots(config);
  out.jobs = wrap.slots->capacity();
  out.remote = remote::open_remote_wrapped(config, std::move(wrap));
  return out;
}

std::string no_remote_hint() {
  return "no git-dvx remote is configured (add one with 'git dvx remote add --default NAME "
         "s3://bucket/prefix' "
         "or a directory path)";
}

}  // namespace dvx::transfer
