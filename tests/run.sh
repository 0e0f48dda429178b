#!/usr/bin/env bash
# The whole test suite, as CI runs it: dependencies, one build reused by
# every tier (unit, integration with real git and a real S3 server), then
# all of it again in an AddressSanitizer + UBSan build, which then also runs
# the libFuzzer targets.
#   tests/run.sh [--no-sanitize] [--no-fuzz]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/install/deps.sh"
# The build every tier but the sanitizers' uses is the packager's: plain
# Release (-O3, no debug info: also the fastest to compile), here with
# -Werror so that a warning GCC raises only at -O3 is caught (the default
# build never fails on a warning: DVX_WERROR is OFF unless asked for).
"$here/install/build.sh" "$here/build" -DCMAKE_BUILD_TYPE=Release -DDVX_WERROR=ON -DDVX_SANITIZE=OFF
ctest --test-dir "$here/build" -j2 --output-on-failure --timeout 900

sanitize_build=""
if [ "${1:-}" != "--no-sanitize" ]; then
  # The sanitizer tier: the unit tests (every layer, the Parquet reader's
  # corpus and mutation tests among them) and the integration scripts, where
  # real git runs the sanitized git-dvx as filter and hooks. One clang build
  # serves this tier and the fuzz tier (libFuzzer's coverage instrumentation
  # is inert outside the fuzz targets). -O1 -g1: line tables are all a
  # sanitizer report needs, and compile in half the time of -O2 -g.
  sanitize_build=$here/build-sanitize
  targets=(git-dvx man fuzz)
  for dir in "$here"/tests/unit/*/; do
    layer=$(basename "$dir")
    [ "$layer" = support ] || targets+=("dvx_${layer}_tests")  # support/: helpers, no binary
  done
  CC=clang CXX=clang++ "$here/install/build.sh" "$sanitize_build" -DDVX_SANITIZE=ON -DDVX_FUZZ=ON \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" --target "${targets[@]}"
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$sanitize_build" -j2 --output-on-failure --timeout 900
fi

if [[ " $* " != *" --no-fuzz "* ]]; then
  # The fuzz tier (skipped with --no-fuzz): every libFuzzer target of
  # tests/fuzz/ (clang, ASan + UBSan: the sanitizer tier's build, or its own
  # build-fuzz/ when that tier is skipped) runs FUZZ_SECONDS (default 25; 8
  # targets, under 4 minutes) from its seed corpus. A crash, leak, hang
  # (> 10 s per input) or allocation above 2 GiB fails the run; the
  # reproducer stays in <build>/fuzz-artifacts/<target>/. Longer runs:
  # tests/fuzz/run_fuzzers.sh 600.
  if [ -n "$sanitize_build" ]; then
    BUILD_DIR=$sanitize_build FUZZ_NO_BUILD=1 "$here/tests/fuzz/run_fuzzers.sh" "${FUZZ_SECONDS:-25}"
  else
    "$here/tests/fuzz/run_fuzzers.sh" "${FUZZ_SECONDS:-25}"
  fi
fi
