#!/usr/bin/env bash
# Every stage runs with DVX_COMMIT, DVX_STAGE, DVX_DEPS_JSON, DVX_PARAMS_JSON
# and DVX_REPO_ROOT in its environment: a stage dumps its environment and the
# test checks it against `git rev-parse HEAD`, sha256sum and params.toml.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

new_repo "$TEST_ROOT/repo"
mkdir -p data sub work
touch work/.keep
seq 1 500 >data/raw.csv
printf 'a\nb\n' >sub/x.txt
printf '[train]\nlr = 0.25\nepochs = 3\nname = "lin"\n' >params.toml
cat >dump_env.py <<'PY'
import json, os, sys
keys = ["DVX_COMMIT", "DVX_STAGE", "DVX_DEPS_JSON", "DVX_PARAMS_JSON", "DVX_REPO_ROOT"]
json.dump({k: os.environ.get(k) for k in keys}, open(sys.argv[1], "w"), sort_keys=True)
PY
cat >dvx.toml <<'T'
[stages.first]
cmd = "python3 dump_env.py env-first.json"
deps = ["dump_env.py", "data/raw.csv", "sub"]
params = ["train.lr", "train.name"]
outs = ["env-first.json"]

[stages.second]
cmd = "python3 ../dump_env.py env-second.json"
wdir = "work"
deps = ["../env-first.json"]
outs = ["env-second.json"]
T
git add -A && git commit -qm base
head=$(git rev-parse HEAD)
git dvx repro >/dev/null

$PY - "$head" "$(pwd -P)" "$(sha_of data/raw.csv)" "$(sha_of dump_env.py)" "$(sha_of env-first.json)" \
  "$(cd sub && printf 'x.txt %s %s\n' "$(sha_of x.txt)" "$(stat -c %s x.txt)" | sha256sum | cut -d' ' -f1)" <<'PY' &&
import json, sys
head, root, raw, script, first, sub_manifest = sys.argv[1:]
e = json.load(open("env-first.json"))
assert e["DVX_COMMIT"] == head, e
assert e["DVX_STAGE"] == "first", e
assert e["DVX_REPO_ROOT"] == root, (e, root)
assert json.loads(e["DVX_DEPS_JSON"]) == {"data/raw.csv": raw, "dump_env.py": script, "sub": sub_manifest}, e
assert json.loads(e["DVX_PARAMS_JSON"]) == {"params.toml": {"train.lr": 0.25, "train.name": "lin"}}, e
e = json.load(open("work/env-second.json"))
assert e["DVX_STAGE"] == "second" and e["DVX_COMMIT"] == head and e["DVX_REPO_ROOT"] == root, e
assert json.loads(e["DVX_DEPS_JSON"]) == {"env-first.json": first}, e
assert json.loads(e["DVX_PARAMS_JSON"]) == {}, e
PY
  pass || fail "stage environment"
ok "DVX_* variables: commit, stage, dep oids (sha256sum), params, root"

# A later commit: DVX_COMMIT follows HEAD; a variable set by the caller is replaced, not duplicated.
git add -A && git commit -qm run
head2=$(git rev-parse HEAD)
DVX_STAGE=bogus git dvx repro -f first >/dev/null
got=$($PY -c 'import json; e=json.load(open("env-first.json")); print(e["DVX_COMMIT"], e["DVX_STAGE"])')
assert_eq "$head2 first" "$got" "DVX_COMMIT after a new commit, DVX_STAGE not the caller's"
[ "$head" != "$head2" ] && pass || fail "commits should differ"

# Before the first commit DVX_COMMIT is empty.
new_repo "$TEST_ROOT/fresh"
cp "$TEST_ROOT/repo/dump_env.py" .
printf '[stages.only]\ncmd = "python3 dump_env.py e.json"\ndeps = ["dump_env.py"]\nouts = ["e.json"]\n' >dvx.toml
git dvx repro >/dev/null
assert_eq "" "$($PY -c 'import json; print(json.load(open("e.json"))["DVX_COMMIT"])')" "DVX_COMMIT without a commit"
ok "DVX_COMMIT follows HEAD, empty before the first commit"
finish
