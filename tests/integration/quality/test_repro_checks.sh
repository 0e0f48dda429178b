#!/usr/bin/env bash
# repro validates a stage's outs that have checks before recording them in
# dvx.lock: a failed check fails the stage (its lock entry not written,
# downstream stages not run); once the data passes, the stage is recorded.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git commit -q --allow-empty -m init
cat >dvx.toml <<'TOML'
[checks."out/*.csv"]
range = { v = [0, 10] }

[stages.make]
cmd = "mkdir -p out && printf 'v\n1\n99\n' >out/a.csv"
outs = ["out/a.csv"]

[stages.use]
cmd = "wc -l out/a.csv >count.txt"
deps = ["out/a.csv"]
outs = ["count.txt"]
TOML
run_capture git dvx repro
[ "$RC" -ne 0 ] && pass || fail "repro fails when an out breaks its checks"
assert_contains "$OUT" "out/a.csv: 1 violation" "violation reported"
assert_contains "$OUT" "1 value outside [0, 10]; rows 1 (99)" "violation detail"
assert_contains "$OUT" "outs fail their checks" "the stage is said to fail for its checks"
assert_contains "$OUT" "upstream stage 'make' failed" "downstream not run"
[ ! -e count.txt ] && pass || fail "the downstream stage did not run"
if [ -e dvx.lock ]; then
  assert_not_contains "$(cat dvx.lock)" "stages.make" "no lock entry for the failed stage"
else
  pass
fi

sed -i 's/99/5/' dvx.toml
run_capture git dvx repro
assert_eq 0 "$RC" "repro passes once the out is valid: $OUT"
assert_contains "$(cat dvx.lock)" "out/a.csv" "the out is recorded"
assert_eq "3 out/a.csv" "$(cat count.txt)" "downstream ran"

# Bad checks stop repro before anything runs (exit 2, naming the line).
sed -i 's/^range = .*/range = 3/' dvx.toml
run_capture git dvx repro -f
assert_eq 2 "$RC" "invalid checks: exit 2"
assert_contains "$OUT" "dvx.toml:2: checks \"out/*.csv\"" "invalid checks named"
finish
