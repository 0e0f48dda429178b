#!/usr/bin/env bash
# -j 2 runs two independent stages at the same time: each stage waits (up
# to 20 s) for the other to have started, so run one after the other they
# would both fail; a downstream stage waits for both.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

cd "$TEST_ROOT" && git init -q repo && cd repo
cat >dvx.toml <<'T'
[stages.left]
cmd = "touch left.started; for i in $(seq 200); do [ -e right.started ] && break; sleep 0.1; done; test -e right.started && echo L > left.txt"
outs = ["left.txt"]

[stages.right]
cmd = "touch right.started; for i in $(seq 200); do [ -e left.started ] && break; sleep 0.1; done; test -e left.started && echo R > right.txt"
outs = ["right.txt"]

[stages.join]
cmd = "cat left.txt right.txt > both.txt"
deps = ["left.txt", "right.txt"]
outs = ["both.txt"]
T
out=$(git dvx repro -j 2)
assert_contains "$out" "3 stages ran" "output"
[ "$(cat both.txt | tr '\n' ' ')" = "L R " ] && pass || fail "join output: $(cat both.txt)"
ok "-j 2 runs independent stages concurrently, downstream after both"

# Sequentially (-j 1) the same pipeline cannot succeed: proves the test's premise.
rm -f left.started right.started
sed -i 's/seq 200/seq 5/' dvx.toml
run_capture git dvx repro -j 1
[ $RC -ne 0 ] && pass || fail "-j 1 should not run the stages concurrently"
assert_contains "$OUT" "failed with exit code 1" "output"
assert_contains "$OUT" "not run" "output"
ok "-j 1 runs one stage at a time"
finish
