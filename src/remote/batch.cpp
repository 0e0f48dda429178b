#include "dvx/remote/batch.hpp"

#include "dvx/util/thread_pool.hpp"

namespace dvx::remote {

std::vector<std::optional<std::uint64_t>> stat_many(Remote& remote, const std::vector<std::string>& keys,
                                                    int jobs) {
  std::vector<std::optional<std::uint64_t>> out(keys.size());
  util::parallel_for(keys.size(), static_cast<std::size_t>(std::max(jobs, 1)),
                     [&](std::size_t i) { out[i] = remote.stat(keys[i]); });
  return out;
}

std::vector<std::string> missing_keys(Remote& remote, const std::vector<std::string>& keys, int jobs) {
  auto sizes = stat_many(remote, keys, jobs);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!sizes[i]) out.push_back(keys[i]);
  return out;
}

}  // namespace dvx::remote
