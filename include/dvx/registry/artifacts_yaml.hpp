#pragma once
// GTO's artifacts.yaml (gto/index.py): at the repository root, a mapping
// from artifact name to its annotations, all optional:
//   churn:
//     type: model
//     path: models/churn.pkl
//     virtual: false          # GTO `annotate --must_exist`: the path must be committed
//     labels: [tabular, xgb]
//     description: churn classifier
//     custom: ...             # anything; kept, not read
// Parsed with yaml-cpp; the same file GTO reads and writes.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::registry {

inline constexpr const char* kArtifactsFile = "artifacts.yaml";

struct ArtifactInfo {
  std::string type;
  std::string path;
  bool is_virtual = true;  // GTO's default
  std::vector<std::string> labels;
  std::string description;
};

using ArtifactIndex = std::map<std::string, ArtifactInfo>;

// Parses the text of an artifacts.yaml; `where` names it in errors
// ("artifacts.yaml at 1a2b3c4"). Throws Error(corrupt) for YAML that does
// not parse or does not have GTO's shape, naming the artifact and key.
ArtifactIndex parse_artifacts_yaml(const std::string& text, const std::string& where);

// artifacts.yaml at commit `rev` ("" = the working tree); empty when the
// file is absent.
ArtifactIndex read_artifacts(const git::Repo& repo, const std::string& rev);

}  // namespace dvx::registry
