#include "dvx/pipeline/record.hpp"

#include "dvx/util/error.hpp"
#include "pipeline/stage_io.hpp"

namespace dvx::pipeline {

void record_stage(Workspace& ws, std::size_t stage, Hasher& hasher, cache::ObjectStore& store) {
  const Stage& st = ws.stage(stage);
  auto eval = evaluate_stage(ws, stage, hasher);
  if (eval.deps_missing)
    fail(ErrorKind::usage, "stage '{}': a dependency is missing, cannot record it", st.name);
  LockStage entry = eval.current;
  detail::save_outputs(ws.root(), st, store, hasher, entry);
  ws.update_lock(st.name, std::move(entry));
}

}  // namespace dvx::pipeline
