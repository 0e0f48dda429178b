#!/usr/bin/env bash
# Configures and builds git-dvx (library, binary, tests) into a build folder.
#   install/build.sh [BUILD_DIR] [extra cmake args...] [--target T...]
# BUILD_DIR defaults to build/. Re-running only rebuilds what changed.
# Arguments after --target name the targets to build (default: all).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shift || true
cmake_args=()
targets=()
while [ $# -gt 0 ]; do
  if [ "$1" = --target ]; then shift; targets=("$@"); break; fi
  cmake_args+=("$1"); shift
done
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Paths relative to the checkout, and no build-folder hash: a second clone
# or worktree (CI's among them) reuses what the first compiled.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$here} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$build" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${cmake_args[@]}" >/dev/null
else
  cmake "$build" "${cmake_args[@]}" >/dev/null
fi
cmake --build "$build" -j"$(nproc)" ${targets[@]:+--target "${targets[@]}"}
