#pragma once
// `git dvx exp show --to-mlflow DIR`: the rows of exp show written as runs
// of MLflow's file store (the layout mlflow/store/tracking/file_store.py
// reads; docs/experiments.md):
//
//   DIR/.trash/
//   DIR/<experiment_id>/meta.yaml        experiment: id, name, artifact_location, ...
//   DIR/<experiment_id>/<run_id>/meta.yaml   run info (status 3 FINISHED, 4 FAILED)
//   DIR/<experiment_id>/<run_id>/params/<key>    the value's text, no newline
//   DIR/<experiment_id>/<run_id>/metrics/<key>   "<timestamp ms> <value> <step>\n"
//   DIR/<experiment_id>/<run_id>/tags/<key>      mlflow.runName, mlflow.source.git.commit,
//                                               dvx.* (kind, baseline, status, data oids)
//
// One MLflow experiment per repository (named `experiment_name`); one run
// per row, its id the first 32 hex digits of the row's commit, so that a
// second export rewrites the same runs instead of adding copies.
#include <filesystem>
#include <string>
#include <vector>

#include "dvx/exp/rows.hpp"

namespace dvx::exp {

struct MlflowExport {
  std::string experiment_id;
  std::size_t runs = 0;
};

MlflowExport write_mlflow(const std::filesystem::path& dir, const std::string& experiment_name,
                          const std::vector<Row>& rows);

}  // namespace dvx::exp
