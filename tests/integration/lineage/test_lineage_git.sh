#!/usr/bin/env bash
# log / diff / lineage through the real entry points: `git dvx install
# --local`, `git dvx track`, `git add`/`git commit` (the clean filter makes
# the pointers) and `git dvx repro` (which writes dvx.lock). Oracles:
# sha256sum, `git lfs pointer`, `git log`, Python json.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track 'data/*.csv' > /dev/null
mkdir -p data
seq 1 1000 > data/a.csv
seq 1 10 > data/b.csv
git add .gitattributes data
git commit -q -m "First data"
git tag d1
sha_a1=$(sha256sum data/a.csv | cut -d' ' -f1)
# The committed blob is exactly git-lfs's pointer for the file.
assert_eq "$(git lfs pointer --file=data/a.csv 2>/dev/null)" "$(git cat-file -p HEAD:data/a.csv)" "clean filter made the pointer"
seq 1 1500 > data/a.csv
git commit -q -am "More rows"
git tag d2
sha_a2=$(sha256sum data/a.csv | cut -d' ' -f1)
echo notes > notes.txt && git add notes.txt && git commit -q -m "Notes only"

got=$(git dvx log data/a.csv --json | $PY -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("%s:%s:%d" % (v["commit"][:12], v["oid"], v["size"]) for v in d["versions"]))')
want="$(git rev-parse d2 | cut -c1-12):$sha_a2:$(seq 1 1500 | wc -c) $(git rev-parse d1 | cut -c1-12):$sha_a1:$(seq 1 1000 | wc -c)"
assert_eq "$want" "$got" "log through the filter: versions, oids (sha256sum), sizes"
assert_eq "$(git log --format=%H -- data/a.csv)" "$(git dvx log data/a.csv --json | $PY -c 'import json,sys; print("\n".join(v["commit"] for v in json.load(sys.stdin)["versions"]))')" "log = git log"

got=$(git dvx diff d1 d2 --json | $PY -c 'import json,sys; d=json.load(sys.stdin); print([(m["path"], m["old"]["oid"], m["new"]["oid"]) for m in d["modified"]], d["added"], d["removed"])')
assert_eq "[('data/a.csv', '$sha_a1', '$sha_a2')] [] []" "$got" "diff between tags"

# Worktree: the smudged, unchanged files are not listed; an edit is.
assert_eq "no tracked data changed" "$(git dvx diff)" "clean checkout"
echo 1001 >> data/b.csv
got=$(git dvx diff --json | $PY -c 'import json,sys; d=json.load(sys.stdin); print([(m["path"], m["new"]["oid"], m["new"]["size"]) for m in d["modified"]])')
assert_eq "[('data/b.csv', '$(sha256sum data/b.csv | cut -d' ' -f1)', $(stat -c %s data/b.csv))]" "$got" "worktree edit is modified"
seq 1 5 > data/c.csv && git add data/c.csv
got=$(git dvx diff --json | $PY -c 'import json,sys; d=json.load(sys.stdin); print([(a["path"], a["oid"]) for a in d["added"]])')
assert_eq "[('data/c.csv', '$(sha256sum data/c.csv | cut -d' ' -f1)')]" "$got" "staged new file is added"
git reset -q data/c.csv && rm data/c.csv && git checkout -q -- data/b.csv

# A pipeline run by `git dvx repro`, then lineage of its outputs.
printf '[train]\nfactor = 2\n' > params.toml
cat > dvx.toml <<'T'
[stages.prepare]
cmd  = "awk '{print $1 * 3}' data/a.csv > data/prepared.csv"
deps = ["data/a.csv"]
outs = ["data/prepared.csv"]

[stages.train]
cmd  = "awk -v f=2 '{s += $1 * f} END {print s}' data/prepared.csv > model.txt"
deps = ["data/prepared.csv"]
outs = ["model.txt"]
params = ["train.factor"]
T
git dvx repro > /dev/null 2>&1 || fail "git dvx repro"
git add -A . && git commit -q -m "Pipeline"
git tag p1
got=$(git dvx lineage model.txt --format json | $PY -c '
import json, sys
d = json.load(sys.stdin)
print(d["root"]["produced_by"], d["stages"]["train"]["params"]["params.toml"]["train.factor"],
      d["stages"]["train"]["deps"][0]["oid"], d["stages"]["prepare"]["deps"][0]["oid"],
      d["datasets"]["data/a.csv"]["introduced"]["commit"])')
assert_eq "train 2 $(sha256sum data/prepared.csv | cut -d' ' -f1) $sha_a2 $(git rev-parse d2)" "$got" "lineage after repro"
got=$(git dvx lineage data/a.csv --downstream --format json | $PY -c 'import json,sys; d=json.load(sys.stdin); print(sorted(k for k, v in d["datasets"].items() if v["produced_by"]))')
assert_eq "['data/prepared.csv', 'model.txt']" "$got" "downstream after repro"
git dvx lineage model.txt --format dot | dot -Tsvg > /dev/null && pass || fail "dot parses"

finish
