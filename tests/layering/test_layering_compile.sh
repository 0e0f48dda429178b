#!/usr/bin/env bash
# The include views make an upward include a compile error, not only a
# failed check: a file compiled as layer core cannot find filter's headers,
# while core's own and util's headers compile. Builds two probe objects of
# the build folder (excluded from `all`).
set -uo pipefail
build=${DVX_BUILD_DIR:?run through ctest}
failures=0
check() { if [ "$1" = ok ]; then echo "ok: $2"; else echo "FAIL: $2" >&2; failures=$((failures + 1)); fi; }

out=$(cmake --build "$build" --target dvx_layering_probe_allowed 2>&1)
rc=$?
[ $rc -eq 0 ] && check ok "core's own and util's headers compile" || check fail "the allowed probe failed: $out"

out=$(cmake --build "$build" --target dvx_layering_probe_upward 2>&1)
rc=$?
[ $rc -ne 0 ] && check ok "an upward include does not compile" || check fail "the upward probe compiled"
if [[ "$out" == *"dvx/filter/dvx_filter.hpp"* && ( "$out" == *"No such file"* || "$out" == *"not found"* ) ]]; then
  check ok "the compiler names the unreachable header"
else
  check fail "expected 'dvx/filter/dvx_filter.hpp: No such file' in: $out"
fi
[ "$failures" -eq 0 ]
