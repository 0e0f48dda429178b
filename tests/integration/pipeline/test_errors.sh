#!/usr/bin/env bash
# Every dvx.toml error of issue 4 item 7 is reported with file, line and
# stage, exits non-zero, and nothing runs.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

cd "$TEST_ROOT" && git init -q repo && cd repo
echo raw >raw.txt
printf '[train]\nepochs = 3\n' >params.toml

# check NAME EXPECTED-MESSAGE: dvx.toml (stdin) must make `repro` fail with EXPECTED-MESSAGE
check() {
  local name=$1 expected=$2
  cat >dvx.toml
  : >"$COUNT"
  run_capture git dvx repro
  [ $RC -ne 0 ] && pass || fail "$name: exit code 0"
  assert_contains "$OUT" "$expected" "$name: repro message"
  [ ! -s "$COUNT" ] && pass || fail "$name: a stage ran before the error was reported"
  [ ! -e dvx.lock ] && pass || fail "$name: dvx.lock written"
  # the same check from other commands that read dvx.toml
  run_capture git dvx dag
  if [ "$name" != "missing dep" ] && [ "$name" != "param key" ]; then
    [ $RC -ne 0 ] && pass || fail "$name: dag exit code 0"
    assert_contains "$OUT" "$expected" "$name: dag message"
  fi
  ok "$name"
}

check "cycle" "git-dvx: dvx.toml:1: stage 'a': the pipeline has a cycle: a -> b -> a" <<'T'
[stages.a]
cmd = "echo a >>\"$COUNT\"; cp b.txt a.txt"
deps = ["b.txt"]
outs = ["a.txt"]
[stages.b]
cmd = "echo b >>\"$COUNT\"; cp a.txt b.txt"
deps = ["a.txt"]
outs = ["b.txt"]
T

check "same out" "git-dvx: dvx.toml:7: stage 'two': out 'o.txt' is also an out of stage 'one' (dvx.toml:3)" <<'T'
[stages.one]
cmd = "echo one >>\"$COUNT\" > o.txt"
outs = ["o.txt"]

[stages.two]
cmd = "echo two >>\"$COUNT\" > o.txt"
outs = ["o.txt"]
T

check "out is own dep" "git-dvx: dvx.toml:3: stage 'loop': dep 'x.txt' is also an out of the same stage (line 4)" <<'T'
[stages.loop]
cmd = "echo loop >>\"$COUNT\""
deps = ["x.txt"]
outs = ["x.txt"]
T

check "missing dep" "git-dvx: dvx.toml:7: stage 'b': dep 'nothing.csv' does not exist and no stage produces it" <<'T'
[stages.a]
cmd = "echo a >>\"$COUNT\" && cp raw.txt a.txt"
deps = ["raw.txt"]
outs = ["a.txt"]
[stages.b]
cmd = "echo b >>\"$COUNT\""
deps = ["a.txt", "nothing.csv"]
outs = ["b.txt"]
T

check "param key" "git-dvx: dvx.toml:4: stage 'train': param 'train.epoch' not found in params.toml" <<'T'
[stages.train]
cmd = "echo train >>\"$COUNT\" > m.txt"
outs = ["m.txt"]
params = ["train.epoch"]
T

check "unknown key" "git-dvx: dvx.toml:4: stage 'train': unknown key 'output'" <<'T'
[stages.train]
cmd = "echo train >>\"$COUNT\" > m.txt"
outs = ["m.txt"]
output = ["m.txt"]
T

check "syntax" "git-dvx: dvx.toml:2:" <<'T'
[stages.train]
cmd = "unterminated
T

# A missing dep that a stage produces is fine.
cat >dvx.toml <<'T'
[stages.a]
cmd = "echo a >>\"$COUNT\" && cp raw.txt a.txt"
deps = ["raw.txt"]
outs = ["a.txt"]
[stages.b]
cmd = "echo b >>\"$COUNT\" && cp a.txt b.txt"
deps = ["a.txt"]
outs = ["b.txt"]
T
: >"$COUNT"
git dvx repro >/dev/null
[ "$(cat "$COUNT" | tr '\n' ' ')" = "a b " ] && pass || fail "produced dep: $(cat "$COUNT")"
ok "a dep produced by another stage is not an error"
finish
