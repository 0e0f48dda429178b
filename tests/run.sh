#!/usr/bin/env bash
# The whole test suite, as CI runs it: dependencies, one build reused by
# every tier (unit, integration with real git and a real S3 server), then
# the same tests again in an AddressSanitizer + UBSan build.
#   tests/run.sh [--no-sanitize]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/install/deps.sh"
"$here/install/build.sh" "$here/build" -DDVX_WERROR=ON -DDVX_SANITIZE=OFF
ctest --test-dir "$here/build" -j2 --output-on-failure --timeout 900

if [ "${1:-}" != "--no-sanitize" ]; then
  "$here/install/build.sh" "$here/build-asan" -DDVX_WERROR=ON -DDVX_SANITIZE=ON
  # Leak checks run for the unit tests; the integration tier's short-lived
  # processes exit through libgit2/libcurl globals that are not freed.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$here/build-asan" -j2 --output-on-failure -L unit
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$here/build-asan" -j2 --output-on-failure --timeout 1800 -L "core|stats|drift"
fi
