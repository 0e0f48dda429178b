#!/usr/bin/env bash
# git dvx drift on two committed versions of a tracked CSV: every statistic
# checked against pandas + SciPy recomputing it from the same bytes; the
# shifted column and the re-balanced category drift, the others do not;
# --fail-on-drift exit codes; default HEAD -> worktree; table/markdown output.
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' >/dev/null
git add .gitattributes && git commit -qm attributes

# Small versions (exact KS path) and large ones (asymptotic path).
$PY "$HERE/gen_data.py" "$TEST_ROOT/small1.csv" "$TEST_ROOT/small2.csv" 2000 2600 11
$PY "$HERE/gen_data.py" "$TEST_ROOT/big1.csv" "$TEST_ROOT/big2.csv" 30000 25000 12
cp "$TEST_ROOT/small1.csv" small.csv
cp "$TEST_ROOT/big1.csv" big.csv
git add small.csv big.csv && git commit -qm v1 && git tag v1
assert_contains "$(git cat-file -p HEAD:small.csv)" "oid sha256:" "small.csv is stored as a pointer"
cp "$TEST_ROOT/small2.csv" small.csv
cp "$TEST_ROOT/big2.csv" big.csv
git add small.csv big.csv && git commit -qm v2 && git tag v2

for name in small big; do
  run_capture git dvx drift $name.csv --from v1 --to v2 --format json
  assert_eq 0 "$RC" "$name: drift without --fail-on-drift exits 0"
  echo "$OUT" >"$TEST_ROOT/$name.json"
  run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/${name}1.csv" "$TEST_ROOT/${name}2.csv" "$TEST_ROOT/$name.json" \
    --expect-drift y,cat --expect-stable x,flag,note
  echo "$OUT"
  assert_eq 0 "$RC" "$name: our report equals pandas+scipy"
  j=$(cat "$TEST_ROOT/$name.json")
  assert_contains "$j" '"path": "'$name'.csv"' "$name: path field"
  assert_contains "$j" '"from": "v1"' "$name: from field"
  assert_contains "$j" '"to": "v2"' "$name: to field"
  assert_contains "$j" '"threshold": 0.05' "$name: threshold field"
done
# Exact branch for the small file, asymptotic for the big one.
assert_eq "true" "$($PY -c 'import json,sys; print(str([c for c in json.load(open(sys.argv[1]))["columns"] if c["name"]=="x"][0]["methods"]["ks"]["exact"]).lower())' "$TEST_ROOT/small.json")" "small: exact KS"
assert_eq "false" "$($PY -c 'import json,sys; print(str([c for c in json.load(open(sys.argv[1]))["columns"] if c["name"]=="x"][0]["methods"]["ks"]["exact"]).lower())' "$TEST_ROOT/big.json")" "big: asymptotic KS"
# --method ks: the tests decide (KS for numbers, chi-square for categories).
run_capture git dvx drift small.csv --from v1 --to v2 --method ks --format json
echo "$OUT" >"$TEST_ROOT/small-ks.json"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/small1.csv" "$TEST_ROOT/small2.csv" "$TEST_ROOT/small-ks.json" \
  --method ks --expect-drift y,cat --expect-stable x,flag,note
assert_eq 0 "$RC" "--method ks equals scipy: $OUT"
for m in wasserstein jensenshannon psi chi2; do
  run_capture git dvx drift big.csv --from v1 --to v2 --method $m --format json
  echo "$OUT" >"$TEST_ROOT/big-$m.json"
  run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/big1.csv" "$TEST_ROOT/big2.csv" "$TEST_ROOT/big-$m.json" --method $m
  assert_eq 0 "$RC" "--method $m equals scipy: $OUT"
done
run_capture git dvx drift small.csv --from v1 --to v2 --method bogus
assert_eq 2 "$RC" "unknown method exits 2"
assert_contains "$OUT" "--method must be auto or one of ks|chi2|wasserstein|jensenshannon|psi, not 'bogus'" "unknown method message"

# --fail-on-drift: 1 with drift, 0 without.
run_capture git dvx drift small.csv --from v1 --to v2 --fail-on-drift
assert_eq 1 "$RC" "--fail-on-drift exits 1 when a column drifts"
assert_contains "$OUT" "DRIFT" "table marks the drifted column"
run_capture git dvx drift small.csv --from v1 --to v2 --columns x,flag --fail-on-drift --format json
assert_eq 0 "$RC" "--fail-on-drift exits 0 when the chosen columns do not drift"
assert_contains "$OUT" '"drift": false' "no drift among x,flag"
assert_not_contains "$OUT" '"name": "y"' "--columns limits the report"
echo "$OUT" >"$TEST_ROOT/cols.json"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/small1.csv" "$TEST_ROOT/small2.csv" "$TEST_ROOT/cols.json" --columns x,flag
assert_eq 0 "$RC" "--columns x,flag equals scipy: $OUT"
run_capture git dvx drift small.csv --from v1 --to v1 --fail-on-drift
assert_eq 0 "$RC" "identical versions never drift"
# A stricter threshold keeps the strong drifts and is reported.
run_capture git dvx drift small.csv --from v1 --to v2 --threshold 1e-300 --format json
assert_contains "$OUT" '"threshold": 1e-300' "threshold echoed"

# Default: HEAD (v2) against the worktree (v1 content).
cp "$TEST_ROOT/small1.csv" small.csv
run_capture git dvx drift small.csv --format json
assert_eq 0 "$RC" "HEAD -> worktree"
echo "$OUT" >"$TEST_ROOT/wt.json"
assert_contains "$OUT" '"from": "HEAD"' "default from"
assert_contains "$OUT" '"to": "worktree"' "default to"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/small2.csv" "$TEST_ROOT/small1.csv" "$TEST_ROOT/wt.json" --expect-drift y,cat
assert_eq 0 "$RC" "HEAD -> worktree equals scipy: $OUT"
cp "$TEST_ROOT/small2.csv" small.csv

# Markdown and table name every column, added and removed ones included.
run_capture git dvx drift small.csv --from v1 --to v2 --format markdown
assert_contains "$OUT" "| y | numeric | wasserstein |" "markdown row for y"
assert_contains "$OUT" "| id | numeric | id |" "markdown row for the identifier"
assert_contains "$OUT" "column removed" "markdown: removed column"
assert_contains "$OUT" "column added" "markdown: added column"
run_capture git dvx drift small.csv --from v1 --to v2
assert_contains "$OUT" "cat " "table row for cat"

# A TSV with an explicit delimiter, run from a subfolder.
mkdir -p sub
$PY "$HERE/gen_data.py" "$TEST_ROOT/t1.tsv" "$TEST_ROOT/t2.tsv" 500 400 13 --sep ';'
git dvx track 'sub/*.tsv' >/dev/null
cp "$TEST_ROOT/t1.tsv" sub/t.tsv && git add .gitattributes sub/t.tsv && git commit -qm t1
cp "$TEST_ROOT/t2.tsv" sub/t.tsv && git add sub/t.tsv && git commit -qm t2
(cd sub && git dvx drift t.tsv --from HEAD~1 --to HEAD --delimiter ';' --format json) >"$TEST_ROOT/t.json"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/t1.tsv" "$TEST_ROOT/t2.tsv" "$TEST_ROOT/t.json" --sep ';'
assert_eq 0 "$RC" "TSV with ';' equals scipy: $OUT"

finish
