#!/usr/bin/env bash
# git dvx model: register (first version, bumps, explicit versions), assign
# and unassign stages, deregister and deprecate, as annotated tags GTO reads
# (checked with GTO's own regular expressions, tests/integration/model/
# gto_oracle.py); `model list --json` against the registry the oracle reads
# from `git for-each-ref refs/tags`; `model get` bytes; every refusal with
# its message and a non-zero exit, and no tag left behind by a refusal.
. "$(dirname "$0")/../lib.sh"
ORACLE="$(dirname "$0")/gto_oracle.py"
ORACLE=$(cd "$(dirname "$ORACLE")" && pwd)/gto_oracle.py

new_repo "$TEST_ROOT/repo"
git dvx track 'models/**' >/dev/null
git dvx remote add --default store "$TEST_ROOT/store" >/dev/null
mkdir -p models
head -c 200000 /dev/urandom >models/churn.pkl
sha1=$(sha_of models/churn.pkl)
cat >artifacts.yaml <<'YAML'
churn:
  type: model
  path: models/churn.pkl
  virtual: false
  description: churn classifier
  labels: [tabular]
YAML
git add .gitattributes .dvxconfig artifacts.yaml models
git commit -qm "model 1"
c1=$(git rev-parse HEAD)

# --- register: the first version is v0.0.1 (GTO), an annotated tag with GTO's message.
out=$(git dvx model register churn 2>&1)
assert_contains "$out" "Created git tag 'churn@v0.0.1'" "register prints the tag"
assert_eq tag "$(git cat-file -t churn@v0.0.1)" "the tag is annotated"
assert_eq "$c1" "$(git rev-parse 'churn@v0.0.1^{commit}')" "the tag points at HEAD"
assert_eq "Registering artifact churn version v0.0.1" "$(git tag -l --format='%(contents)' churn@v0.0.1 | sed '/^$/d')" \
  "GTO's registration message"
assert_eq "Test Committer <committer@example.com>" "$(git tag -l --format='%(taggername) %(taggeremail)' churn@v0.0.1)" \
  "the tagger is git's committer identity"

expect_failure git dvx model register churn
assert_contains "$OUT" "model 'churn' already has version v0.0.1 registered at commit ${c1:0:7}" "one version per commit"

# --- bumps: patch by default, then minor, major; an explicit version.
for i in 2 3 4 5; do
  head -c 100000 /dev/urandom >models/churn.pkl
  git commit -qam "model $i"
  eval "c$i=\$(git rev-parse HEAD)"
  eval "sha$i=\$(sha_of models/churn.pkl)"
done
git dvx model register churn "$c2" >/dev/null
git dvx model register churn "$c3" --bump minor >/dev/null
git dvx model register churn "$c4" --bump major >/dev/null
git dvx model register churn "$c5" --version v1.2.0-rc.1 -m "release candidate" >/dev/null
assert_eq "churn@v0.0.1 churn@v0.0.2 churn@v0.1.0 churn@v1.0.0 churn@v1.2.0-rc.1" "$(git tag -l 'churn@*' | tr '\n' ' ' | sed 's/ $//')" \
  "patch, minor, major bumps and an explicit version"
assert_eq "$c3" "$(git rev-parse 'churn@v0.1.0^{commit}')" "REV is the commit registered"
assert_eq "release candidate" "$(git tag -l --format='%(contents)' 'churn@v1.2.0-rc.1' | sed '/^$/d')" "-m is the message"

# --- refusals: each names the problem, exits non-zero and writes no tag.
tags_before=$(git tag -l | sort)
head -c 1000 /dev/urandom >models/churn.pkl
git commit -qam "model 6"
expect_failure git dvx model register churn --version 1.3.0
assert_contains "$OUT" "version '1.3.0' is not valid" "a version without its v is refused"
expect_failure git dvx model register churn --version v1.3
assert_contains "$OUT" "version 'v1.3' is not valid" "an incomplete version is refused"
expect_failure git dvx model register churn --version v0.1.0
assert_contains "$OUT" "version v0.1.0 of model 'churn' is already registered (at commit ${c3:0:7})" "a version is registered once"
expect_failure git dvx model register churn --version v1.3.0 --bump minor
assert_contains "$OUT" "either --version or --bump" "--version and --bump together"
expect_failure git dvx model register churn --bump huge
assert_contains "$OUT" "--bump takes major, minor or patch, not 'huge'" "an unknown bump"
expect_failure git dvx model register other --bump minor
assert_contains "$OUT" "cannot bump: model 'other' has no version yet" "the first version cannot be a bump"
expect_failure git dvx model register "bad name"
assert_contains "$OUT" "invalid model name 'bad name'" "an invalid name"
expect_failure git dvx model register churn no-such-rev
assert_contains "$OUT" "unknown revision 'no-such-rev'" "an unknown revision"
assert_eq "$tags_before" "$(git tag -l | sort)" "no refusal left a tag"
git reset -q --hard "$c5"

# --- stages: GTO's counter goes up by one per stage tag of the model.
git dvx model assign churn --version v0.0.1 --stage prod >/dev/null
git dvx model assign churn --version v0.1.0 --stage staging >/dev/null
sleep 1  # a later second: GTO orders by tagger time
out=$(git dvx model assign churn --version v0.1.0 --stage prod 2>&1)
assert_contains "$out" "Created git tag 'churn#prod#3' that assigns stage prod to version v0.1.0" "assign prints the tag"
assert_eq "churn#prod#1 churn#prod#3 churn#staging#2" "$(git tag -l 'churn#*' | tr '\n' ' ' | sed 's/ $//')" \
  "assign tags churn#STAGE#N"
assert_eq "$c3" "$(git rev-parse 'churn#prod#3^{commit}')" "the stage tag points at the version's commit"
assert_eq "Assigning stage prod to artifact churn version v0.1.0" \
  "$(git tag -l --format='%(contents)' 'churn#prod#3' | sed '/^$/d')" "GTO's assignment message"
expect_failure git dvx model assign churn --version v0.1.0 --stage prod
assert_contains "$OUT" "version v0.1.0 of model 'churn' is already in stage 'prod'" "a stage is assigned once"
expect_failure git dvx model assign churn --version v7.0.0 --stage prod
assert_contains "$OUT" "model 'churn' has no version v7.0.0 (versions: v0.0.1, v0.0.2, v0.1.0, v1.0.0, v1.2.0-rc.1)" \
  "an unknown version lists the versions"
expect_failure git dvx model assign churn --version v0.1.0 --stage 'pr od'
assert_contains "$OUT" "invalid stage name 'pr od'" "an invalid stage"
expect_failure git dvx model assign nope --version v0.1.0 --stage prod
assert_contains "$OUT" "unknown model 'nope' (registered: churn)" "an unknown model"
# assign at a commit without a version registers one first (GTO).
git commit -q --allow-empty -m "model 7"
out=$(git dvx model assign churn --stage dev 2>&1)
# The greatest version is v1.2.0-rc.1: its patch bump is v1.2.1 (python-semver's bump_patch, which GTO uses).
assert_contains "$out" "Created git tag 'churn@v1.2.1' that registers version v1.2.1" "assign at HEAD registers the next patch"
assert_contains "$out" "Created git tag 'churn#dev#4'" "then assigns"

# --- deregister, unassign, deprecate (GTO's `deprecate NAME [VERSION [STAGE]]`).
out=$(git dvx model deprecate churn v0.0.2 2>&1)
assert_contains "$out" "Created git tag 'churn@v0.0.2!'" "deprecate NAME VERSION deregisters"
expect_failure git dvx model deprecate churn v0.0.2
assert_contains "$OUT" "version v0.0.2 of model 'churn' was deregistered already" "deregistered once"
out=$(git dvx model unassign churn --stage staging 2>&1)
assert_contains "$out" "Created git tag 'churn#staging!#5' that unassigns stage staging from version v0.1.0" "unassign"
expect_failure git dvx model unassign churn --stage staging
assert_contains "$OUT" "no version of model 'churn' is in stage 'staging'" "nothing left to unassign"
git dvx model deprecate churn v1.2.1 dev >/dev/null
assert_eq tag "$(git cat-file -t 'churn#dev!#6')" "deprecate NAME VERSION STAGE unassigns"

# Another model, deprecated.
git dvx model register segment --version v2.0.0 "$c1" >/dev/null
sleep 1  # GTO orders by tagger time (whole seconds)
out=$(git dvx model deprecate segment 2>&1)
assert_contains "$out" "Created git tag 'segment@deprecated'" "deprecate NAME"
expect_failure git dvx model deprecate segment
assert_contains "$OUT" "model 'segment' was deprecated already" "deprecated once"

# --- every tag is one GTO parses; list --json is the registry GTO's rules read from git.
"$PY" "$ORACLE" check $(git tag -l) >/dev/null && pass || fail "a tag GTO would not parse: $("$PY" "$ORACLE" check $(git tag -l))"
git tag lightweight-release "$c1"
git tag 'churn@v9.0.0' "$c1"   # lightweight: GTO ignores it, so must we
expected=$(git for-each-ref refs/tags --format='%(refname:strip=2)%09%(objecttype)%09%(*objectname)%09%(taggerdate:unix)' |
  "$PY" "$ORACLE" parse)
git dvx model list --json >list.json
got=$("$PY" -c '
import json, sys
out = {}
for m in json.load(open(sys.argv[1]))["models"]:
    out[m["name"]] = {"deprecated": m["deprecated"], "latest": m["latest"], "stages": m["stages"],
        "versions": {v["version"]: {"commit": v["commit"], "active": v["active"], "stages": sorted(v["stages"])}
                     for v in m["versions"]}}
print(json.dumps(out, indent=1, sort_keys=True))' list.json)
assert_eq "$expected" "$got" "model list --json is the registry GTO reads from the tags"
assert_contains "$got" '"latest": "v1.2.1"' "latest: the greatest active version"
assert_contains "$got" '"prod": "v0.1.0"' "prod: the most recent assignment"
assert_not_contains "$got" "v9.0.0" "a lightweight tag registers nothing"
text=$(git dvx model list)
assert_contains "$text" "churn" "list: table"
assert_contains "$text" "prod=v0.1.0" "list: stages"
assert_contains "$text" "segment (deprecated)" "list: deprecation"

# --- show: versions, stages, commit, path, metrics and events.
git dvx model show churn --json >show.json
assert_eq "models/churn.pkl|model|$c3|v0.1.0|prod" "$("$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
v = [v for v in j["versions"] if v["version"] == "v0.1.0"][0]
print("|".join([v["path"], j["type"], v["commit"], j["stages"]["prod"], ",".join(v["stages"])]))' show.json)" \
  "show --json: path (artifacts.yaml), type, commit, stage"
assert_eq 13 "$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["events"]))' show.json)" \
  "show --json: one event per churn tag"
expect_failure git dvx model show nope
assert_contains "$OUT" "unknown model 'nope' (registered: churn, segment)" "show: unknown model"

# --- get: the bytes of the version a reference names, verified.
git dvx model get churn@prod -o prod.pkl 2>/dev/null
assert_file_sha prod.pkl "$sha3" "get churn@prod: v0.1.0's bytes"
git dvx model get 'churn#prod' -o prod2.pkl 2>/dev/null
assert_file_sha prod2.pkl "$sha3" "get churn#prod (GTO's shortcut)"
git dvx model get churn@v0.0.1 -o v1.pkl 2>/dev/null
assert_file_sha v1.pkl "$sha1" "get churn@v0.0.1"
out=$(git dvx model get churn:latest -o latest.pkl 2>&1)
assert_file_sha latest.pkl "$sha5" "get churn:latest (v1.2.1 is model 5's commit + an empty commit)"
assert_contains "$out" "churn v1.2.1 (latest" "get says which version it wrote"
expect_failure git dvx model get churn@prod -o prod.pkl
assert_contains "$OUT" "prod.pkl exists already (--force replaces it)" "get does not overwrite"
git dvx model get churn@prod -o v1.pkl --force 2>/dev/null
assert_file_sha v1.pkl "$sha3" "--force replaces"
expect_failure git dvx model get churn@v9.9.9 -o x.pkl
assert_contains "$OUT" "model 'churn' has no version v9.9.9" "get: unknown version"
expect_failure git dvx model get churn@v1.0 -o x.pkl
assert_contains "$OUT" "version 'v1.0' is not valid" "get: invalid version"
expect_failure git dvx model get churn@v0.0.2 -o x.pkl
assert_contains "$OUT" "version v0.0.2 of model 'churn' was deregistered" "get: deregistered version"
expect_failure git dvx model get churn@canary -o x.pkl
assert_contains "$OUT" "no version of model 'churn' is in stage 'canary' (stages: prod)" "get: empty stage"
expect_failure git dvx model get segment@v2.0.0 -o x.pkl
assert_contains "$OUT" "model 'segment' has no path: artifacts.yaml at commit ${c1:0:7} does not give one" "get: no path"
[ ! -e x.pkl ] && pass || fail "a failed get wrote x.pkl"
# A folder model: every file under it, into the OUT folder.
git checkout -q -b folder
mkdir -p models/seg
head -c 5000 /dev/urandom >models/seg/weights.bin
printf 'layers: 3\n' >models/seg/config.txt
printf 'seg:\n  path: models/seg\n' >>artifacts.yaml
git add artifacts.yaml models/seg
git commit -qm "seg model"
git dvx model register seg >/dev/null
git dvx model get seg@v0.0.1 -o segout 2>/dev/null
assert_file_sha segout/weights.bin "$(sha_of models/seg/weights.bin)" "get of a folder: a tracked file"
assert_eq "layers: 3" "$(cat segout/config.txt)" "get of a folder: every file"
# Tags GTO writes by hand-made `git tag -a` are read too, the simple form (no counter) included.
git tag -a 'seg#canary' -m "Assigning stage canary to artifact seg version v0.0.1" HEAD
git dvx model get seg#canary -o canary-seg 2>/dev/null
assert_file_sha canary-seg/weights.bin "$(sha_of models/seg/weights.bin)" "a GTO simple stage tag (seg#canary)"
assert_contains "$(git dvx model assign seg --version v0.0.1 --stage dev)" "'seg#dev#1'" "the counter starts at 1"
git checkout -q main

# A corrupt cache object: get refuses and writes nothing.
obj=$(git rev-parse --git-common-dir)/dvx/objects/${sha3:0:2}/${sha3:2:2}/$sha3
chmod u+w "$obj"; printf 'X' | dd of="$obj" bs=1 seek=100 conv=notrunc 2>/dev/null
expect_failure git dvx model get churn@prod -o bad.pkl
assert_contains "$OUT" "$sha3" "get: the corrupt object is named"
[ ! -e bad.pkl ] && pass || fail "a corrupt object was written to bad.pkl"

finish
