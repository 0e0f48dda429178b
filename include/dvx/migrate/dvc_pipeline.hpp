#pragma once
// dvc.yaml -> dvx.toml for `git dvx migrate dvc`. Templating stays templating:
// `vars`, `foreach`/`do`, `matrix` and `${...}` are written in dvx.toml's
// syntax (docs/pipelines.md), not expanded.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::migrate {

struct ConvertedPipeline {
  std::string toml;                         // the dvx.toml text
  std::vector<std::string> stages;          // stage names as in dvc.yaml (before expansion)
  std::map<std::string, std::string> wdir;  // stage name -> wdir, for those that set one
  std::vector<std::string> unsupported;     // "dvc.yaml: stage 'x': plots" (not converted)
  std::vector<std::string> notes;           // converted with a change of meaning worth saying
};

// Throws Error(corrupt) naming the file and line for YAML that is not a
// dvc.yaml (no `stages` map, a stage that is not a map).
ConvertedPipeline convert_dvc_yaml(std::string_view text, const std::string& filename);

// DVC's default params file, which a stage's plain `params` keys refer to.
inline constexpr std::string_view kDvcParamsFile = "params.yaml";

}  // namespace dvx::migrate
