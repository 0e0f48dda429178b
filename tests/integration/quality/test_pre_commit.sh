#!/usr/bin/env bash
# The pre-commit hook, as a team gets it (only the global `git dvx install`;
# the filter installs the hooks in every clone): a commit whose staged data
# breaks a [checks] rule is blocked with the violations, `--no-verify` lets
# it through, `git commit -a` is judged on what it commits, a commit that
# does not touch checked data passes, and invalid checks block too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../team/lib_team.sh"
team_setup

hook=$(as bob git rev-parse --git-path hooks/pre-commit)
as bob sh -c "[ -x '$hook' ] && grep -q 'git-dvx hook' '$hook'" && pass || fail "bob's clone has git-dvx's pre-commit hook"

as bob sh -c 'cat >dvx.toml <<TOML
[checks."data/*.csv"]
not_null = ["id"]
range = { age = [0, 120] }
TOML'
as bob sh -c 'printf "id,age\n1,30\n,40\n3,150\n" >data/people.csv'
as bob git add dvx.toml data/people.csv
head_before=$(as bob git rev-parse HEAD)
set +e
OUT=$(as bob git commit -qm "bad data" 2>&1)
RC=$?
set -e
[ "$RC" -ne 0 ] && pass || fail "the commit is blocked"
assert_contains "$OUT" "data/people.csv: 2 violations" "hook names the file"
assert_contains "$OUT" "1 null value; rows 1 (null)" "not_null violation"
assert_contains "$OUT" "1 value outside [0, 120]; rows 2 (150)" "range violation"
assert_contains "$OUT" "git commit --no-verify skips this check" "hook says how to bypass"
assert_eq "$head_before" "$(as bob git rev-parse HEAD)" "nothing committed"

as bob git commit -q --no-verify -m "bad data, on purpose"
[ "$(as bob git rev-parse HEAD)" != "$head_before" ] && pass || fail "--no-verify commits"
assert_eq "version https://git-lfs.github.com/spec/v1" "$(as bob git cat-file -p HEAD:data/people.csv | head -1)" \
  "the data is committed as a pointer"

# A commit that does not change checked data passes, even though the
# committed data still breaks its checks.
as bob sh -c 'echo notes >README'
as bob git add README
run_capture as bob git commit -qm "readme"
assert_eq 0 "$RC" "an unrelated commit passes: $OUT"

# git commit -a: the hook sees the temporary index git hands it.
as bob sh -c 'printf "id,age\n1,30\n2,-5\n" >data/people.csv'
head_before=$(as bob git rev-parse HEAD)
set +e
OUT=$(as bob git commit -qam "still bad" 2>&1)
RC=$?
set -e
[ "$RC" -ne 0 ] && pass || fail "commit -a of bad data is blocked"
assert_contains "$OUT" "rows 1 (-5)" "commit -a judged on the new version"
assert_eq "$head_before" "$(as bob git rev-parse HEAD)" "commit -a: nothing committed"
as bob sh -c 'printf "id,age\n1,30\n2,50\n" >data/people.csv'
run_capture as bob git commit -qam "fixed"
assert_eq 0 "$RC" "commit -a of fixed data passes: $OUT"

# Changing the checks re-validates every checked file in the index.
as bob sh -c 'printf "[checks.\"data/*.csv\"]\nrows = { min = 3 }\n" >dvx.toml'
as bob git add dvx.toml
set +e
OUT=$(as bob git commit -qm "stricter" 2>&1)
RC=$?
set -e
[ "$RC" -ne 0 ] && pass || fail "stricter checks block the commit"
assert_contains "$OUT" "2 rows, fewer than the minimum 3" "unchanged data judged by the new checks"

# Invalid checks block the commit and name the line.
as bob sh -c 'printf "[checks.\"data/*.csv\"]\nrows = { mni = 3 }\n" >dvx.toml'
as bob git add dvx.toml
set +e
OUT=$(as bob git commit -qm "typo" 2>&1)
RC=$?
set -e
[ "$RC" -ne 0 ] && pass || fail "invalid checks block the commit"
assert_contains "$OUT" "dvx.toml at the index:2: checks \"data/*.csv\": unknown key 'mni' in 'rows'" "bad key named"

# A repository without checks: commits are not slowed or blocked.
as carol sh -c 'printf "id\n1\n1\n" >data/dup.csv'
as carol git add data/dup.csv
run_capture as carol git commit -qm "no checks here"
assert_eq 0 "$RC" "no [checks]: commit passes: $OUT"
finish
