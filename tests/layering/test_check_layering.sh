#!/usr/bin/env bash
# The include checker itself (cmake/check_layering.py, CTest `layering`):
# it passes the real tree, and fails a copy with one planted upward include
# (or libgit2, a `git` subprocess, another layer's private header) with a
# message naming the file, the line and both layers.
. "$(dirname "$0")/../integration/lib.sh"

checker=$DVX_SOURCE_DIR/cmake/check_layering.py
layers=${DVX_BUILD_DIR:?run through ctest}/layers.txt

run_checker() {  # root [layers file]: output in $OUT, exit code in $RC
  RC=0
  OUT=$($PY "$checker" --layers "${2:-$layers}" --root "$1" 2>&1) || RC=$?
}
fresh_copy() {
  rm -rf "$TEST_ROOT/tree"
  mkdir -p "$TEST_ROOT/tree"
  cp -r "$DVX_SOURCE_DIR/src" "$DVX_SOURCE_DIR/include" "$TEST_ROOT/tree/"
}
plant() {  # file line text: inserts `text` as line `line` of tree/file
  sed -i "$(($2 - 1))a\\$3" "$TEST_ROOT/tree/$1"
  assert_eq "$3" "$(sed -n "$2p" "$TEST_ROOT/tree/$1")" "planted at $1:$2"
}

# The layer list is CMake's: every dvx_layer() call has its line.
assert_contains "$(cat "$layers")" "gc: transfer pipeline" "layers.txt comes from the dvx_layer() calls"

fresh_copy
run_checker "$TEST_ROOT/tree"
assert_eq 0 "$RC" "an untouched copy of the tree passes: $OUT"

# An upward include in a source file: core may not see filter.
plant src/core/pointer.cpp 3 '#include "dvx/filter/dvx_filter.hpp"'
run_checker "$TEST_ROOT/tree"
assert_eq 1 "$RC" "a planted upward include fails the check"
assert_contains "$OUT" "src/core/pointer.cpp:3: layer 'core' includes dvx/filter/dvx_filter.hpp from layer 'filter', which is not below it" "the message names file, line and both layers"
assert_eq 1 "$(grep -c '^src/' <<<"$OUT")" "only the planted line is reported"

# In a public header: cache may not see pipeline.
fresh_copy
plant include/dvx/cache/object_store.hpp 5 '#include "dvx/pipeline/lock.hpp"'
run_checker "$TEST_ROOT/tree"
assert_eq 1 "$RC" "an upward include in a public header fails"
assert_contains "$OUT" "include/dvx/cache/object_store.hpp:5: layer 'cache' includes dvx/pipeline/lock.hpp from layer 'pipeline'" "public header named"

# Sideways (neither below the other): git may not see remote.
fresh_copy
plant src/git/repo.cpp 2 '#include "dvx/remote/remote.hpp"'
run_checker "$TEST_ROOT/tree"
assert_eq 1 "$RC" "a sideways include fails"
assert_contains "$OUT" "src/git/repo.cpp:2: layer 'git' includes dvx/remote/remote.hpp from layer 'remote'" "sideways include named"

# Another layer's private header.
fresh_copy
plant src/transfer/queue.cpp 2 '#include "remote/s3/s3_remote.hpp"'
run_checker "$TEST_ROOT/tree"
assert_eq 1 "$RC" "another layer's private header fails"
assert_contains "$OUT" "src/transfer/queue.cpp:2: layer 'transfer' includes remote/s3/s3_remote.hpp, a private header of layer 'remote'" "private header named"

# libgit2 and `git` subprocesses belong to git/ only.
fresh_copy
plant src/hooks/pre_push.cpp 2 '#include <git2.h>'
plant src/filter/dvx_filter.cpp 2 'static const char* kArgv[] = {"git", "status"};'
run_checker "$TEST_ROOT/tree"
assert_eq 1 "$RC" "libgit2 or git outside git/ fails"
assert_contains "$OUT" "src/hooks/pre_push.cpp:2: layer 'hooks' includes <git2.h> but does not declare LIBGIT2" "libgit2 outside git/ named"
assert_contains "$OUT" "src/filter/dvx_filter.cpp:2: layer 'filter' starts \`git\`" "a git subprocess outside git/ named"

# A folder that is no layer.
fresh_copy
mkdir -p "$TEST_ROOT/tree/src/azure"
echo '#include "dvx/util/error.hpp"' >"$TEST_ROOT/tree/src/azure/blob.cpp"
run_checker "$TEST_ROOT/tree"
assert_eq 1 "$RC" "a source folder missing from the layer list fails"
assert_contains "$OUT" "src/azure/blob.cpp: not in any layer of the layer list" "the unlisted file named"

# The list, not the code, decides: dropping gc's dependency on pipeline
# from a copy of the list makes the real tree fail.
fresh_copy
sed 's/^gc: transfer pipeline /gc: transfer /' "$layers" >"$TEST_ROOT/layers.txt"
run_checker "$TEST_ROOT/tree" "$TEST_ROOT/layers.txt"
assert_eq 1 "$RC" "a narrower list fails the same tree"
assert_contains "$OUT" "layer 'gc' includes dvx/pipeline/" "gc's pipeline includes reported"

# A declared dependency the code does not use is a false line on the map
# (the old list had git and remote depending on core, core linking toml++).
sed -e 's/^git: util /git: core util /' -e 's/^core: util | /core: util | PkgConfig::TOMLPP /' "$layers" >"$TEST_ROOT/layers.txt"
run_checker "$TEST_ROOT/tree" "$TEST_ROOT/layers.txt"
assert_eq 1 "$RC" "an unused declared dependency fails"
assert_contains "$OUT" "layer 'git' declares a dependency on layer 'core' but includes nothing from it" "unused dependency named"
assert_contains "$OUT" "layer 'core' declares PkgConfig::TOMLPP but includes none of its headers" "unused library named"

# A broken list is a usage error, not a pass.
echo "gc: nowhere | |" >"$TEST_ROOT/bad.txt"
run_checker "$TEST_ROOT/tree" "$TEST_ROOT/bad.txt"
assert_eq 1 "$RC" "a list naming an unknown layer is refused"
assert_contains "$OUT" "layer 'gc' depends on 'nowhere', which is not a layer" "unknown dependency named"
run_checker "$TEST_ROOT/tree" "$TEST_ROOT/missing.txt"
assert_eq 2 "$RC" "a missing list is refused"

finish
