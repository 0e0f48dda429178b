#pragma once
// Outs become trackable: a filter=dvx pattern in .gitattributes for every
// cached out (PATH, or PATH/** for a folder) that no pattern covers yet.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/pipeline/pipeline_file.hpp"

namespace dvx::pipeline::detail {

class OutTracking {
 public:
  OutTracking(const git::Repo& repo, std::filesystem::path root) : repo_(repo), root_(std::move(root)) {}
  // Called once the outs exist (so that folders are known to be folders);
  // returns the patterns added. Not thread-safe.
  std::vector<std::string> track(const Stage& stage);

 private:
  bool covered(const std::string& probe);
  std::optional<bool> covered_by_root_file(const std::string& probe);

  const git::Repo& repo_;
  std::filesystem::path root_;
  bool loaded_ = false;
  std::optional<std::vector<std::string>>
      patterns_;                             // filter=dvx patterns of the root file; nullopt: ask git
  std::unordered_set<std::string> literal_;  // those of patterns_ naming one path (or PATH/**)
  std::map<std::string, bool> nested_;       // folder -> has its own .gitattributes
};

}  // namespace dvx::pipeline::detail
