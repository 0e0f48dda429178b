#pragma once
// Recording a stage as up to date without running it (what `dvc commit`
// does): for `git dvx migrate dvc`, whose stages DVC already ran.
#include <cstddef>

#include "dvx/cache/object_store.hpp"
#include "dvx/pipeline/hashing.hpp"
#include "dvx/pipeline/workspace.hpp"

namespace dvx::pipeline {

// Hashes the stage's deps, params, outs and metrics as they are now, stores
// the cached outs in `store` and writes the stage's dvx.lock entry. Throws
// Error(usage) naming the stage and path when a dep or out is missing.
void record_stage(Workspace& ws, std::size_t stage, Hasher& hasher, cache::ObjectStore& store);

}  // namespace dvx::pipeline
