#!/usr/bin/env bash
# One `git dvx repro` at a time per repository (.git/dvx/repro.lock): a
# second one waits, saying for which pid, and then finds the work done;
# --no-wait fails at once with a clear message; a lock left by a killed
# repro (or naming a pid that does not exist) is taken over, saying so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

new_repo "$TEST_ROOT/repo"
LOCKFILE=$TEST_ROOT/repo/.git/dvx/repro.lock
seq 1 50 >raw.txt
# The stage says it started, then waits for the test to let it finish.
cat >dvx.toml <<'T'
[stages.slow]
cmd = "echo slow >> \"$COUNT\"; echo $$ > \"$TEST_ROOT/stage.pid\"; touch \"$TEST_ROOT/started\"; while [ ! -e \"$TEST_ROOT/go\" ]; do sleep 0.1; done; awk '{s += $1} END {print s}' raw.txt > sum.txt"
deps = ["raw.txt"]
outs = ["sum.txt"]

[stages.double]
cmd = "echo double >> \"$COUNT\"; awk '{print $1 * 2}' sum.txt > double.txt"
deps = ["sum.txt"]
outs = ["double.txt"]
T
export TEST_ROOT
wait_for() { for _ in $(seq 300); do [ -e "$1" ] && return 0; sleep 0.1; done; fail "timed out waiting for $1"; }

# Two repros at once: the second waits for the first, then finds everything up to date.
git-dvx repro >"$TEST_ROOT/r1.out" 2>"$TEST_ROOT/r1.err" &
first=$!
wait_for "$TEST_ROOT/started"
assert_eq "$first" "$(tr -d '\n' <"$LOCKFILE")" "the lock file names the running repro"
git dvx repro >"$TEST_ROOT/r2.out" 2>"$TEST_ROOT/r2.err" &
second=$!
for _ in $(seq 100); do grep -q waiting "$TEST_ROOT/r2.err" && break; sleep 0.1; done
assert_eq "git-dvx: waiting for repro pid $first to finish… ($LOCKFILE is locked; --no-wait fails instead)" \
  "$(cat "$TEST_ROOT/r2.err")" "the second repro's message"

# Meanwhile --no-wait gives up at once, naming the holder; nothing changes.
run_capture git dvx repro --no-wait
assert_eq 1 "$RC" "exit code of repro --no-wait"
assert_eq "git-dvx: another git dvx repro (pid $first) is running in this repository ($LOCKFILE is locked); wait for it to finish, or run without --no-wait to wait" \
  "$OUT" "repro --no-wait message"
run_capture git dvx repro --dry-run
assert_eq 0 "$RC" "a dry run does not wait: $OUT"
assert_contains "$OUT" "slow    would run  (new stage)" "dry run output"

touch "$TEST_ROOT/go"
wait "$first" && pass || fail "first repro failed: $(cat "$TEST_ROOT/r1.out" "$TEST_ROOT/r1.err")"
wait "$second" && pass || fail "second repro failed: $(cat "$TEST_ROOT/r2.out" "$TEST_ROOT/r2.err")"
assert_contains "$(cat "$TEST_ROOT/r1.out")" "2 stages ran" "first repro"
assert_contains "$(cat "$TEST_ROOT/r2.out")" "0 stages ran, 0 restored from run cache, 2 up to date" "second repro"
expect_count slow 1
expect_count double 1
assert_eq 1275 "$(cat sum.txt)" "sum.txt"
assert_eq 2550 "$(cat double.txt)" "double.txt"
assert_eq "$(sha_of sum.txt)" "$(lock_field slow outs sum.txt oid)" "dvx.lock records sum.txt"
assert_eq "$(sha_of double.txt)" "$(lock_field double outs double.txt oid)" "dvx.lock records double.txt"
assert_eq "$(sha_of sum.txt)" "$(lock_field double deps sum.txt oid)" "dvx.lock: double's dep"
assert_eq "" "$(cat "$LOCKFILE")" "the lock file is emptied on exit"
ok "a second repro waits for the first, then finds the work done"

# A repro killed with SIGKILL leaves its pid in the file; the next one takes over.
rm -f "$TEST_ROOT/started" "$TEST_ROOT/go"
seq 1 60 >raw.txt
git-dvx repro >/dev/null 2>&1 &
killed=$!
wait_for "$TEST_ROOT/started"
kill -9 "$killed"
wait "$killed" 2>/dev/null || true
kill -9 "$(cat "$TEST_ROOT/stage.pid")" 2>/dev/null || true
assert_eq "$killed" "$(tr -d '\n' <"$LOCKFILE")" "the killed repro's pid stays in the file"
touch "$TEST_ROOT/go"
run_capture git dvx repro
assert_eq 0 "$RC" "repro after a killed one: $OUT"
assert_contains "$OUT" "git-dvx: taking over the repro lock $LOCKFILE from pid $killed, which is gone (killed or crashed)" "take-over message"
assert_not_contains "$OUT" "waiting" "no wait for a dead process"
assert_eq 1830 "$(cat sum.txt)" "sum.txt"
assert_eq "$(sha_of sum.txt)" "$(lock_field slow outs sum.txt oid)" "dvx.lock records sum.txt"
ok "a lock left by a killed repro is taken over"

# A pid that does not exist, written by hand.
echo 2147483000 >"$LOCKFILE"
seq 1 70 >raw.txt
run_capture git dvx repro
assert_eq 0 "$RC" "repro over a stale lock: $OUT"
assert_contains "$OUT" "taking over the repro lock $LOCKFILE from pid 2147483000, which is gone (killed or crashed)" "take-over message"
assert_eq 2485 "$(cat sum.txt)" "sum.txt"
assert_eq "" "$(cat "$LOCKFILE")" "the lock file is emptied on exit"
run_capture git dvx repro --no-wait
assert_eq 0 "$RC" "--no-wait with no other repro: $OUT"
assert_not_contains "$OUT" "taking over" "a cleanly released lock is not stale"
ok "a stale pid is taken over"
finish
