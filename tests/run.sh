#!/usr/bin/env bash
# The whole test suite, as CI runs it: dependencies, one build reused by
# every tier (unit, integration with real git and a real S3 server), then
# all of it again in an AddressSanitizer + UBSan build.
#   tests/run.sh [--no-sanitize]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/install/deps.sh"
"$here/install/build.sh" "$here/build" -DDVX_WERROR=ON -DDVX_SANITIZE=OFF
ctest --test-dir "$here/build" -j2 --output-on-failure --timeout 900

# A packager's build: plain Release (-O3), here with -Werror so that a
# warning GCC raises only at -O3 is caught (the default build never fails
# on a warning: DVX_WERROR is OFF unless asked for).
"$here/install/build.sh" "$here/build-release" -DCMAKE_BUILD_TYPE=Release -DDVX_WERROR=ON -DDVX_TESTS=OFF

if [ "${1:-}" != "--no-sanitize" ]; then
  # The sanitizer tier: the unit tests (every layer, the Parquet reader's
  # corpus and mutation tests among them) and the integration scripts, where
  # real git runs the sanitized git-dvx as filter and hooks.
  targets=(git-dvx man)
  for dir in "$here"/tests/unit/*/; do
    layer=$(basename "$dir")
    [ "$layer" = support ] || targets+=("dvx_${layer}_tests")  # support/: helpers, no binary
  done
  "$here/install/build.sh" "$here/build-asan" -DDVX_WERROR=ON -DDVX_SANITIZE=ON --target "${targets[@]}"
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$here/build-asan" -j2 --output-on-failure --timeout 900
fi

if [[ " $* " != *" --no-fuzz "* ]]; then
  # The fuzz tier (skipped with --no-fuzz): every libFuzzer target of
  # tests/fuzz/ (clang, ASan + UBSan, own build folder build-fuzz) runs
  # FUZZ_SECONDS (default 25; 7 targets, under 4 minutes) from its seed corpus. A crash, leak, hang (> 10 s per input) or allocation
  # above 2 GiB fails the run; the reproducer stays in
  # build-fuzz/fuzz-artifacts/<target>/. Longer runs: tests/fuzz/run_fuzzers.sh 600.
  "$here/tests/fuzz/run_fuzzers.sh" "${FUZZ_SECONDS:-25}"
fi
