#!/usr/bin/env bash
# git dvx drift on bad input: every error is a clear message and exit 2
# (exit 1 is reserved for "drift found" under --fail-on-drift).
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' >/dev/null
printf 'a,b\n1,x\n2,y\n3,z\n' >data.csv
printf 'a,b\n1,x\n' >plain.txt
git add .gitattributes data.csv plain.txt && git commit -qm v1

expect_drift_error() {  # needle args...
  local needle=$1
  shift
  run_capture git dvx drift "$@"
  assert_eq 2 "$RC" "exit 2 for: $*"
  assert_contains "$OUT" "git-dvx: " "prefixed message for: $*"
  assert_contains "$OUT" "$needle" "message for: $*"
  assert_not_contains "$OUT" "internal error" "no internal error for: $*"
}

expect_drift_error "no-such-rev" data.csv --from no-such-rev
expect_drift_error "no-such-rev" data.csv --to no-such-rev
expect_drift_error "missing.csv" missing.csv
# In git but not a git-dvx pointer: the blob is the file (no error).
run_capture git dvx drift plain.txt --from HEAD --to HEAD --format json
assert_eq 0 "$RC" "a plain git blob is read as the file: $OUT"
assert_contains "$OUT" '"rows_before": 1' "plain blob rows"
expect_drift_error "--format" data.csv --format xml
expect_drift_error "--threshold" data.csv --threshold 0
expect_drift_error "--distance-threshold must be a positive number" data.csv --distance-threshold 0
expect_drift_error "--method must be auto or one of ks|chi2|wasserstein|jensenshannon|psi, not 'ttest'" data.csv --method ttest
expect_drift_error "--exclude: column 'nope' is in neither version" data.csv --exclude nope
expect_drift_error "--delimiter" data.csv --delimiter ab
expect_drift_error "nope" data.csv --columns nope
expect_drift_error "PATH" --from HEAD
expect_drift_error "unrecognised" data.csv --bogus

# Corrupt CSV quoting in the worktree version: names the version and line.
printf 'a,b\n1,"x\n2,y\n' >data.csv
expect_drift_error "unterminated quoted field" data.csv
expect_drift_error "data.csv at worktree" data.csv
printf 'a,b\n1,"x"y\n' >data.csv
expect_drift_error "line 2" data.csv
printf 'a,b\n1,2,3\n' >data.csv
expect_drift_error "expected 2 fields, saw 3" data.csv
# Even with --fail-on-drift an error stays 2.
expect_drift_error "line 2" data.csv --fail-on-drift

# Outside a repository.
cd "$TEST_ROOT"
expect_drift_error "not in a git repository" data.csv

finish
