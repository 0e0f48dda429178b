#!/usr/bin/env bash
# Every --json output, produced for real (a repository with a directory
# store, tracked files and a pipeline), is one JSON document on stdout that
# matches its schema in docs/json/ (checked with Debian's python3-jsonschema),
# and says what happened: the oids pushed are the store's listing, a failing
# fsck or repro still prints its document and keeps its exit code.
. "$(dirname "$0")/../lib.sh"

SCHEMAS="$DVX_SOURCE_DIR/docs/json"
$PY -c 'import jsonschema' || { echo "FAIL: python3-jsonschema is missing (apt-get install python3-jsonschema)" >&2; exit 1; }

# validate SCHEMA-NAME FILE: the document parses and matches the schema.
VALIDATED="$TEST_ROOT/validated"
: >"$VALIDATED"
validate() {
  if $PY - "$SCHEMAS/$1.schema.json" "$2" <<'PY'; then pass; echo "$1" >>"$VALIDATED"; else fail "$1: $2 does not match its schema"; fi
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
errors = sorted(Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))), key=str)
for e in errors:
    print(f"  {list(e.absolute_path)}: {e.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}
# field FILE PYTHON-EXPR: the expression over the parsed document `d`.
field() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# json_of NAME CMD...: stdout to $TEST_ROOT/NAME.json, stderr to NAME.err, exit code in $RC.
json_of() {
  local name=$1
  shift
  set +e
  "$@" >"$TEST_ROOT/$name.json" 2>"$TEST_ROOT/$name.err"
  RC=$?
  set -e
  J="$TEST_ROOT/$name.json"
}
# fields FILE KEY...: the top-level values, space-separated.
fields() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join(str(d[k]) for k in sys.argv[2:]))" "$@"; }
store_oids() { (cd "$TEST_ROOT/store" && find . -type f ! -name '.*' -printf '%f\n' | sort); }

# The validator itself rejects a wrong document (a count that is a string,
# an oid that is not one), so a pass below means something.
printf '{"remote":"s","requested":1,"present":0,"uploaded":[{"oid":"xyz","size":1,"path":"a"}],"uploaded_count":"1","uploaded_bytes":1,"seconds":0,"failed":[]}\n' >"$TEST_ROOT/wrong.json"
if $PY - "$SCHEMAS/push.schema.json" "$TEST_ROOT/wrong.json" 2>/dev/null <<'PY'; then fail "a wrong push document passed validation"; else pass; fi
import json, sys
from jsonschema import Draft202012Validator
Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
PY

new_repo "$TEST_ROOT/repo"
git dvx remote add --default team-store "$TEST_ROOT/store" >/dev/null
git dvx track 'data/**' >/dev/null
mkdir -p data
head -c 200000 /dev/urandom >data/big.bin
printf 'x,y\n1,0.95\n2,0.934\n' >data/table.csv
printf '[p]\nx = 1\n' >params.toml
cat >dvx.toml <<'T'
[stages.count]
cmd = 'wc -l < data/table.csv > lines.txt && printf "{\"acc\": 0.934}\n" > m.json'
deps = ["data/table.csv"]
outs = ["lines.txt"]
metrics = ["m.json"]
params = ["p.x"]

[stages.broken]
cmd = "exit 3"
deps = ["lines.txt"]
outs = ["never.txt"]
T
git add -A && git commit -qm "data and pipeline"

# remote list
json_of remote git dvx remote list --json
assert_eq 0 "$RC" "remote list --json exit code"
validate remote-list "$J"
assert_eq "team-store $TEST_ROOT/store True team-store" "$(field "$J" '" ".join([d["remotes"][0]["name"], d["remotes"][0]["url"], str(d["remotes"][0]["default"]), d["default"]])')" "remote list --json names the remote"

# push: the oids it names are exactly what the store now holds.
json_of push git dvx push --json
assert_eq 0 "$RC" "push --json exit code"
validate push "$J"
expected=$(printf '%s\n' "$(sha_of data/big.bin)" "$(sha_of data/table.csv)" | sort)
assert_eq "$expected" "$(store_oids)" "the store holds both objects"
assert_eq "$expected" "$(field "$J" '"\n".join(o["oid"] for o in d["uploaded"])')" "push --json names the uploaded oids"
assert_eq "$(store_oids | wc -l)" "$(field "$J" 'd["uploaded_count"]')" "uploaded_count is the store's listing"
assert_eq "$(($(stat -c %s data/big.bin) + $(stat -c %s data/table.csv)))" "$(field "$J" 'd["uploaded_bytes"]')" "uploaded_bytes"
assert_contains "$(cat "$TEST_ROOT/push.err")" "uploaded to store 'team-store'" "the summary stays on stderr"
json_of push2 git dvx push --json
validate push "$J"
assert_eq "0 2 2" "$(fields "$J" uploaded_count present requested)" "a second push uploads nothing"

# ls-files and status
json_of ls git dvx ls-files --json
validate ls-files "$J"
assert_eq "data/big.bin data/table.csv" "$(field "$J" '" ".join(f["path"] for f in d)')" "ls-files --json"
json_of status git dvx status --json
validate status "$J"

# fetch and pull, from a clone without the data
cd "$TEST_ROOT"
GIT_DVX_SKIP_SMUDGE=1 git clone -q repo clone
cd clone
git dvx install --local >/dev/null
json_of fetch git dvx fetch --json
assert_eq 0 "$RC" "fetch --json exit code"
validate fetch "$J"
assert_eq "$expected" "$(field "$J" '"\n".join(o["oid"] for o in d["downloaded"])')" "fetch --json names the downloaded oids"
assert_eq "data/big.bin" "$(field "$J" '[o["path"] for o in d["downloaded"] if o["size"] == 200000][0]')" "fetch --json names the path"
json_of pull git dvx pull --json
assert_eq 0 "$RC" "pull --json exit code"
validate pull "$J"
assert_eq "data/big.bin data/table.csv 0" "$(field "$J" '" ".join(d["written"]) + " " + str(d["pointer_files_left"])')" "pull --json names the written files"
assert_file_sha data/big.bin "$(sha_of "$TEST_ROOT/repo/data/big.bin")" "pull wrote the data"

# fetch of an object the store lacks: exit code as without --json, the failure in the document.
cd "$TEST_ROOT/repo"
head -c 1000 /dev/urandom >data/unpushed.bin
git add data/unpushed.bin && git commit -qm unpushed
cd "$TEST_ROOT/clone"
GIT_DVX_SKIP_SMUDGE=1 git pull -q 2>/dev/null || true
assert_eq "$(git -C "$TEST_ROOT/repo" rev-parse HEAD)" "$(git rev-parse HEAD)" "the clone has the unpushed commit"
run_capture git dvx fetch; plain_rc=$RC
json_of fetchfail git dvx fetch --json
assert_eq "$plain_rc" "$RC" "fetch --json keeps the exit code of a failed fetch"
[ "$RC" -ne 0 ] && pass || fail "a failed fetch exits non-zero"
validate fetch "$J"
assert_eq "data/unpushed.bin not_found" "$(field "$J" 'd["failed"][0]["path"] + " " + d["failed"][0]["kind"]')" "fetch --json describes the failure"

# fsck: clean, then with a corrupt object (exit 1, the document says why).
cd "$TEST_ROOT/repo"
json_of fsck git dvx fsck --json
assert_eq 0 "$RC" "fsck --json exit code when clean"
validate fsck "$J"
assert_eq "True 0" "$(fields "$J" ok problems)" "fsck --json ok"
oid=$(sha_of data/table.csv)
obj=$(find .git/dvx/objects -name "$oid")
chmod u+w "$obj" && printf 'garbage' >"$obj"
json_of fsckbad git dvx fsck --json --dry-run
assert_eq 1 "$RC" "a failing fsck --json still exits 1"
validate fsck "$J"
# --dry-run leaves the corrupt object in place, so its size is wrong too.
assert_eq "False 2" "$(fields "$J" ok problems)" "fsck --json: not ok"
assert_eq "corrupt_object $oid True" "$(field "$J" '" ".join(str(d["findings"][0][k]) for k in ("kind", "oid", "problem"))')" "fsck --json names the corrupt object"
assert_eq "wrong_pointer_size data/table.csv 7" "$(field "$J" '" ".join(str(d["findings"][1][k]) for k in ("kind", "path", "object_size"))')" "fsck --json: the wrong size"
assert_contains "$(cat "$TEST_ROOT/fsckbad.err")" "fsck found" "fsck's verdict stays on stderr"
printf 'x,y\n1,0.95\n2,0.934\n' >"$obj"

# repro: a dry run, a run whose second stage fails (exit code as without --json).
json_of dry git dvx repro --dry-run --json
assert_eq 0 "$RC" "repro --dry-run --json exit code"
validate repro "$J"
assert_eq "count:would_run broken:would_run" "$(field "$J" '" ".join(s["name"] + ":" + s["outcome"] for s in d["stages"])')" "repro --dry-run --json"
json_of repro git dvx repro --json
assert_eq 1 "$RC" "a failed repro --json exits 1"
validate repro "$J"
assert_eq "count:ran broken:failed" "$(field "$J" '" ".join(s["name"] + ":" + s["outcome"] for s in d["stages"])')" "repro --json outcomes"
assert_eq "1 0 1 0" "$(fields "$J" ran up_to_date failed not_run)" "repro --json counts"
assert_contains "$(field "$J" 'd["error"]')" "stage 'broken' failed with exit code 3" "repro --json error"
assert_contains "$(cat "$TEST_ROOT/repro.err")" "count" "repro's progress lines go to stderr"
json_of status2 git dvx status --json
validate status "$J"

# gc dry run
json_of gc git dvx gc --dry-run --grace 0 --json
validate gc "$J"

# The commands that had --json before: their output matches its schema too.
git add -A && git commit -qm "count ran"
printf '3,0.5\n4,0.25\n5,0.125\n' >>data/table.csv
printf '[p]\nx = 2\n' >params.toml
sed -i 's/0.934/0.95/' m.json
git add -A && git commit -qm "more rows, x = 2, acc 0.95"
json_of log git dvx log data/table.csv --json
validate log "$J"
assert_eq "$(sha_of data/table.csv) $(git show HEAD~1:data/table.csv | grep -o '[0-9a-f]\{64\}')" "$(field "$J" '" ".join(v["oid"] for v in d["versions"][:2])')" "log --json oids"
json_of diff git dvx diff HEAD~1 HEAD --json
validate diff "$J"
assert_eq "data/table.csv $(sha_of data/table.csv)" "$(field "$J" '" ".join([d["modified"][0]["path"], d["modified"][0]["new"]["oid"]])')" "diff --json"
json_of lineage git dvx lineage lines.txt --format json
validate lineage "$J"
assert_eq "count" "$(field "$J" 'd["root"]["produced_by"]')" "lineage --format json"
json_of metrics git dvx metrics diff HEAD~1 HEAD --json
validate metrics "$J"
# 0.95 - 0.934 is 0.016000000000000014 in binary floating point.
assert_contains "$(cat "$J")" '"diff": 0.016' "metrics diff --json: the change without float noise"
assert_not_contains "$(cat "$J")" '0.0160000' "metrics diff --json: no float noise"
assert_eq "0.934 0.95 0.016" "$(field "$J" '" ".join(str(d["m.json"]["acc"][k]) for k in ("old", "new", "diff"))')" "metrics diff --json values"
json_of metricsshow git dvx metrics show --json
validate metrics "$J"
json_of params git dvx params diff HEAD~1 HEAD --json
validate params "$J"
assert_eq "1 2" "$(field "$J" '" ".join(str(d["params.toml"]["p.x"][k]) for k in ("old", "new"))')" "params diff --json"
json_of dag git dvx dag --json
validate dag "$J"
assert_eq "count broken count>broken" "$(field "$J" '" ".join(d["stages"] + [e["from"] + ">" + e["to"] for e in d["edges"]])')" "dag --json"
json_of stages git dvx stage list --json
validate stage-list "$J"
json_of drift git dvx drift data/table.csv --from HEAD~1 --to HEAD --format json
validate drift "$J"
assert_eq "2 5" "$(fields "$J" rows_before rows_after)" "drift --format json rows"
json_of diffrows git dvx diff data/table.csv --rows --key x HEAD~1 HEAD --json
validate diff-rows "$J"
assert_eq "3 0 0" "$(fields "$J" added removed modified)" "diff --rows --json counts"
printf '\n[checks."data/*.csv"]\nrange = { y = [0, 0.5] }\nrows = { max = 4 }\n' >>dvx.toml
json_of validate git dvx validate --json
assert_eq 1 "$RC" "validate --json exits 1 on violations"
validate validate "$J"
assert_eq "rows 5 range 2" "$(field "$J" '" ".join(v["rule"] + " " + str(v["count"]) for v in d["files"][0]["violations"])')" "validate --json violations"

# model list / show: a model produced by the pipeline, registered and in prod.
printf 'lines:\n  type: model\n  path: lines.txt\n' >artifacts.yaml
git add artifacts.yaml && git commit -qm "lines is a model"
git dvx model assign lines --stage prod >/dev/null
json_of modellist git dvx model list --json
validate model-list "$J"
assert_eq "lines v0.0.1 v0.0.1" "$(field "$J" '" ".join([d["models"][0]["name"], d["models"][0]["latest"], d["models"][0]["stages"]["prod"]])')" "model list --json"
json_of modelshow git dvx model show lines --json
validate model-show "$J"
assert_eq "lines.txt 0.95 count" "$(field "$J" '" ".join(str(x) for x in [d["versions"][0]["path"], d["versions"][0]["metrics"]["m.json"]["acc"], d["versions"][0]["lineage"]["stage"]])')" "model show --json: path, metrics, lineage"

# exp show / exp diff over the commits (no experiment needed for the shape).
json_of expshow git dvx exp show -n 2 --json
validate exp-show "$J"
json_of expdiff git dvx exp diff HEAD~1 HEAD --json
validate exp-diff "$J"

# Every schema in docs/json was checked against a real output.
for s in "$SCHEMAS"/*.schema.json; do
  name=$(basename "$s" .schema.json)
  grep -qx "$name" "$VALIDATED" && pass || fail "no test output checked against $name.schema.json"
done
finish
