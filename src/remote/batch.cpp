#include "dvx/remote/batch.hpp"

#include <unordered_map>

#include "dvx/util/error.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::remote {

namespace {

// Below this many keys, one existence check per key is cheap enough.
constexpr std::size_t kListingMinKeys = 64;
// Object keys are spread evenly over 65,536 "aa/bb/" folders by their hash
// (object_key()), so one folder's count estimates the remote's size. The
// folder is a fixed one: the folder of a key being asked about would hold
// that key whenever it had been pushed before, biasing the estimate.
constexpr double kFolders = 65536;
constexpr const char* kSampleFolder = "00/00/";
// A listing answers up to this many keys per request...
constexpr double kKeysPerPage = 1000;
// ...and costs the server about as much as this many existence checks.
constexpr double kPageCostInStats = 10;

// The sizes of every key under the remote, when listing them all is cheaper
// than checking `keys` one by one (as DVC does). A fresh or small store is
// listed in two requests instead of thousands of HEADs.
std::optional<std::unordered_map<std::string, std::uint64_t>> list_if_cheaper(
    Remote& remote, const std::vector<std::string>& keys) {
  if (keys.size() < kListingMinKeys) return std::nullopt;
  try {
    double estimated_keys = static_cast<double>(remote.list(kSampleFolder).size()) * kFolders;
    if ((estimated_keys / kKeysPerPage + 1) * kPageCostInStats > static_cast<double>(keys.size()))
      return std::nullopt;
    std::unordered_map<std::string, std::uint64_t> sizes;
    for (auto& info : remote.list("")) sizes.emplace(std::move(info.key), info.size);
    return sizes;
  } catch (const Error&) {
    return std::nullopt;  // e.g. credentials allowed to read and write objects but not to list them
  }
}

}  // namespace

std::vector<std::optional<std::uint64_t>> stat_many(Remote& remote, const std::vector<std::string>& keys,
                                                    int jobs) {
  std::vector<std::optional<std::uint64_t>> out(keys.size());
  if (auto listed = list_if_cheaper(remote, keys)) {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (auto it = listed->find(keys[i]); it != listed->end()) out[i] = it->second;
    return out;
  }
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
