#!/usr/bin/env bash
# Outs of `git dvx repro` committed through git become pointers (checked
# against sha256sum and the Git LFS pointer format) and come back on
# checkout; params diff / metrics diff / metrics show between commits.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

new_repo "$TEST_ROOT/repo"
mkdir -p data
seq 1 1000 >data/raw.txt
printf '[train]\nfactor = 2\n' >params.toml
cat >dvx.toml <<'T'
[stages.prepare]
cmd = "mkdir -p features && awk '{print $1 * 3}' data/raw.txt > features/a.txt && tail -n 5 data/raw.txt > features/b.txt"
deps = ["data/raw.txt"]
outs = ["features"]

[stages.train]
cmd = "awk -v f=$(sed -n 's/^factor = //p' params.toml) '{s += $1 * f} END {print s}' features/a.txt > model.bin && printf '{\"score\": %s, \"n\": 2}\\n' $(cat model.bin) > metrics.json"
deps = ["features"]
params = ["train.factor"]
outs = ["model.bin"]
metrics = ["metrics.json"]
T
git dvx repro >/dev/null
expected_model=$(awk '{s += $1 * 3 * 2} END {print s}' data/raw.txt)
[ "$(cat model.bin)" = "$expected_model" ] && pass || fail "model content $(cat model.bin) != $expected_model"

# The folder out: oid = sha256 of the sorted manifest "<relpath> <oid> <size>\n", nfiles, size.
manifest=$(cd features && for f in $(ls | sort); do echo "$f $(sha256sum "$f" | cut -d' ' -f1) $(stat -c %s "$f")"; done)
[ "$(lock_field prepare outs features oid)" = "$(printf '%s\n' "$manifest" | sha256sum | cut -d' ' -f1)" ] &&
  pass || fail "folder oid"
[ "$(lock_field prepare outs features nfiles)" = 2 ] && pass || fail "nfiles"
[ "$(lock_field prepare outs features size)" = $(( $(stat -c %s features/a.txt) + $(stat -c %s features/b.txt) )) ] &&
  pass || fail "folder size"
ok "folder out hashed as its manifest"

git add .gitattributes dvx.toml dvx.lock params.toml metrics.json data model.bin features
git commit -qm "first run"
# model.bin is stored in git as a pointer whose oid is sha256sum of the file (git-lfs format)
ptr=$(git cat-file -p HEAD:model.bin)
expected_ptr=$(printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %s' \
  "$(sha_of model.bin)" "$(stat -c %s model.bin)")
[ "$ptr" = "$expected_ptr" ] && pass || fail "model.bin blob is not its pointer: $ptr"
if command -v git-lfs >/dev/null; then
  [ "$(git lfs pointer --file=model.bin 2>/dev/null)" = "$ptr" ] && pass || fail "git lfs pointer disagrees"
fi
git cat-file -p HEAD:features/a.txt | grep -q "^oid sha256:$(sha_of features/a.txt)$" && pass || fail "folder file not a pointer"
# metrics stay plain files in git
[ "$(git cat-file -p HEAD:metrics.json)" = "$(cat metrics.json)" ] && pass || fail "metrics.json should be stored as-is"
[ -z "$(git status --porcelain)" ] && pass || fail "worktree not clean after commit: $(git status --porcelain)"
ok "outs committed as pointers, metrics as-is"

# Change a param, rerun, commit; diffs between the commits.
git dvx repro -S train.factor=5 >/dev/null
out=$(git dvx params diff)
assert_contains "$out" "params.toml  train.factor  2    5    +3" "output"
git add params.toml dvx.lock metrics.json model.bin
git commit -qm "factor 5"
old_score=$(git show HEAD~1:metrics.json | $PY -c 'import json,sys; print(json.load(sys.stdin)["score"])')
new_score=$($PY -c 'import json; print(json.load(open("metrics.json"))["score"])')
out=$(git dvx metrics diff HEAD~1 HEAD --json)
$PY - "$old_score" "$new_score" <<PY && pass || fail "metrics diff json: $out"
import json, sys
d = json.loads('''$out''')["metrics.json"]["score"]
assert d["old"] == float(sys.argv[1]) and d["new"] == float(sys.argv[2]), d
assert abs(d["diff"] - (float(sys.argv[2]) - float(sys.argv[1]))) < 1e-6, d
PY
out=$(git dvx metrics diff HEAD~1 HEAD)
assert_contains "$out" "metrics.json  score" "output"
assert_not_contains "$out" " n " "output"
out=$(git dvx metrics show --all-commits --json)
$PY -c "
import json,sys; d=json.loads(sys.argv[1]); assert len(d) == 3, d
assert sorted(v['metrics.json']['score'] for v in d.values()) == sorted([$old_score, $new_score, $new_score]), d
" "$out" && pass || fail "metrics show --all-commits: $out"
out=$(git dvx params diff HEAD~1 HEAD --json)
$PY -c "
import json,sys; d=json.loads(sys.argv[1]); assert d == {'params.toml': {'train.factor': {'old': 2, 'new': 5, 'diff': 3.0}}}, d
" "$out" && pass || fail "params diff json: $out"
ok "params diff, metrics diff, metrics show --all-commits"

# Outs come back on checkout of the older commit (from the cache through the smudge filter).
git checkout -q HEAD~1
[ "$(cat model.bin)" = "$expected_model" ] && pass || fail "checkout did not restore the old model"
[ "$(sha_of features/a.txt)" = "$(git cat-file -p HEAD:features/a.txt | sed -n 's/^oid sha256://p')" ] && pass || fail "features"
out=$(git dvx repro)
assert_contains "$out" "0 stages ran, 0 restored from run cache, 2 up to date" "output"
git checkout -q main
rm model.bin
git checkout -- model.bin
[ "$(lock_field train outs model.bin oid)" = "$(sha_of model.bin)" ] && pass || fail "checkout of a deleted out"
out=$(git dvx repro)
assert_contains "$out" "0 stages ran" "output"
ok "outs come back on checkout; the pipeline is up to date at both commits"
finish
