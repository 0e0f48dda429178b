#pragma once
// `git dvx model list` and `model show`: the registry read from the tags,
// as a table or JSON (docs/json/model-list.schema.json,
// model-show.schema.json), with what the repository knows of each version:
// its path (artifacts.yaml at that commit), metrics and lineage.
#include <string>

#include "dvx/git/repo.hpp"

namespace dvx::cli {

int model_list(const git::Repo& repo, bool json);
int model_show(const git::Repo& repo, const std::string& name, bool json);

}  // namespace dvx::cli
