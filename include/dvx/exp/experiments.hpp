#pragma once
// Experiments as git refs: a variant's result is a commit whose parent is
// its baseline commit, on refs/dvx/exps/<name> when repro succeeded and on
// refs/dvx/exps-failed/<name> when it failed (docs/experiments.md).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::exp {

inline constexpr std::string_view kExpsRefs = "refs/dvx/exps/";
inline constexpr std::string_view kFailedRefs = "refs/dvx/exps-failed/";

struct Experiment {
  std::string name;
  std::string ref;     // full ref name
  std::string commit;  // the result commit
  bool failed = false;
};

// Throws Error(usage) unless `name` is a usable experiment name: letters,
// digits, '-', '_', '.', not starting with '-' or '.', no "..", at most 100.
void check_name(const std::string& name);

// Every experiment (succeeded, then failed), sorted by name within each.
std::vector<Experiment> list_experiments(const git::Repo& repo);

// The experiment called `name` (succeeded first, else failed); nullopt when none.
std::optional<Experiment> find_experiment(const git::Repo& repo, const std::string& name);
// As find_experiment, Error(not_found) "no experiment 'NAME' (git dvx exp show lists them)" otherwise.
Experiment require_experiment(const git::Repo& repo, const std::string& name);

// A name nobody uses yet (no ref, not in `taken`), DVC style "adjective-noun",
// chosen from `seed` (e.g. the variant's baseline and params).
std::string auto_name(const git::Repo& repo, const std::string& seed, const std::vector<std::string>& taken);

}  // namespace dvx::exp
