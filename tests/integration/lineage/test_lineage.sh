#!/usr/bin/env bash
# git dvx lineage / log / diff over a hand-built three-stage pipeline
# history (see pipeline_repo.sh). Oracles: sha256sum of each revision's
# real files, git-lfs pointers, `git log`, Graphviz `dot`, Python json.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_repo.sh"

make_pipeline_repo "$TEST_ROOT/repo" >/dev/null
cd "$TEST_ROOT/repo"
c() { git rev-parse "$1^{commit}"; }
jq_py() { $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# ---------------------------------------------------------------- log
for p in data/raw.csv data/prepared.csv models/model.pkl metrics/eval.json; do
  got=$(git dvx log "$p" --json | jq_py '"\n".join(v["commit"] for v in d["versions"])')
  want=$(git log --format=%H -- "$p")
  assert_eq "$want" "$got" "log $p lists exactly git's content-changing commits"
done
# data/raw.csv changed at v1 and v2 only; oids and sizes from the real files.
got=$(git dvx log data/raw.csv --json | jq_py '"\n".join("%s %s %d %d %s" % (v["commit"], v["oid"], v["size"], v["size_change"], ",".join(v["tags"])) for v in d["versions"])')
r1=$TEST_ROOT/real/v1/data/raw.csv r2=$TEST_ROOT/real/v2/data/raw.csv
want="$(c v2) $(sha "$r2") $(size "$r2") $(( $(size "$r2") - $(size "$r1") )) v2
$(c v1) $(sha "$r1") $(size "$r1") $(size "$r1") v1"
assert_eq "$want" "$got" "log data/raw.csv: commits, oids, sizes, size changes, tags"
# The model changed at v1, v2 (data), v3 (param), not at v4 (evaluation code).
got=$(git dvx log models/model.pkl --json | jq_py '" ".join(v["oid"] for v in d["versions"])')
want="$(sha "$TEST_ROOT/real/v3/models/model.pkl") $(sha "$TEST_ROOT/real/v2/models/model.pkl") $(sha "$TEST_ROOT/real/v1/models/model.pkl")"
assert_eq "$want" "$got" "log models/model.pkl oids"
got=$(git dvx log data/raw.csv v1..v5 --json | jq_py '" ".join(v["commit"] for v in d["versions"])')
assert_eq "$(c v2)" "$got" "log with a range"
out=$(git dvx log data/raw.csv)
assert_eq 2 "$(echo "$out" | wc -l)" "text log: one line per version"
assert_contains "$out" "$(c v2 | cut -c1-7)" "text log shows the commit"
assert_contains "$out" "$(sha "$r2" | cut -c1-10)" "text log shows the oid"
assert_contains "$out" "New raw data" "text log shows the subject"
assert_contains "$out" " v2 " "text log shows the tag"
(cd data && got=$(git dvx log raw.csv --json | jq_py 'len(d["versions"])') && [ "$got" = 2 ]) && pass || fail "log with a path relative to a subfolder"

# ---------------------------------------------------------------- diff
tracked="data/raw.csv data/prepared.csv models/model.pkl"
expected_diff() {  # rev1 rev2: "path old new" for each tracked file whose content differs
  for p in $tracked; do
    a=$(sha "$TEST_ROOT/real/$1/$p") b=$(sha "$TEST_ROOT/real/$2/$p")
    if [ "$a" != "$b" ]; then echo "$p $a $b $(size "$TEST_ROOT/real/$1/$p") $(size "$TEST_ROOT/real/$2/$p")"; fi
  done | sort
}
for pair in "v1 v2" "v2 v3" "v3 v4" "v1 v4"; do
  set -- $pair
  got=$(git dvx diff "$1" "$2" --json | jq_py '"\n".join("%s %s %s %d %d" % (m["path"], m["old"]["oid"], m["new"]["oid"], m["old"]["size"], m["new"]["size"]) for m in d["modified"]) + ("|%d|%d" % (len(d["added"]), len(d["removed"])))')
  want="$(expected_diff "$1" "$2")|0|0"
  assert_eq "$want" "$got" "diff $1 $2 lists exactly the changed files"
done
got=$(git dvx diff v3 v4)
assert_eq "no tracked data changed" "$got" "diff v3 v4: only code changed"
git dvx diff v1..v2 --json | jq_py 'len(d["modified"])' | grep -qx 3 && pass || fail "diff A..B spelling"
# Against the worktree: smudged content equal to the pointer is unchanged,
# new content is modified (oid = sha256sum), a deleted file is removed.
cp "$TEST_ROOT/real/v4/data/prepared.csv" data/prepared.csv
echo "new rows" > "$TEST_ROOT/new.csv"
cp "$TEST_ROOT/new.csv" data/raw.csv
rm models/model.pkl
got=$(git dvx diff --json | jq_py '"%s|%s|%s" % ([(m["path"], m["new"]["oid"]) for m in d["modified"]], [r["path"] for r in d["removed"]], d["added"])')
assert_eq "[('data/raw.csv', '$(sha "$TEST_ROOT/new.csv")')]|['models/model.pkl']|[]" "$got" "diff HEAD vs worktree"
git checkout -q -- data models
got=$(git dvx diff)
assert_eq "no tracked data changed" "$got" "clean worktree"

# ---------------------------------------------------------------- lineage
for rev in v1 v2 v3 v4; do
  R=$TEST_ROOT/real/$rev
  git dvx lineage models/model.pkl --rev "$rev" --format json > "$TEST_ROOT/l.json"
  got=$($PY - "$TEST_ROOT/l.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
st = d["stages"]
t, p = st["train"], st["prepare"]
out = [d["root"]["produced_by"], d["root"]["oid"], t["cmd"],
       str(t["params"]["params.toml"]["train.epochs"]), str(t["params"]["params.toml"]["train.lr"]),
       str(p["params"]["params.toml"]["prepare.split"]), p["cmd"], ",".join(sorted(st))]
out += ["%s=%s" % (e["path"], e["oid"]) for e in t["deps"] + p["deps"]]
# the nested view names the same deps with the same oids
dep_nodes = d["root"]["stages"][0]["deps"]
out.append(" ".join("%s=%s" % (n["path"], n["oid"]) for n in dep_nodes))
print("\n".join(out))
PY
)
  . <(sed -n 's/^/P_/; /=/p' "$R/params.toml" | tr -d ' ' | grep -E '^P_(split|epochs|lr)=' )
  want="train
$(sha "$R/models/model.pkl")
sh src/train.sh \${train.epochs} \${train.lr}
$P_epochs
$P_lr
$P_split
sh src/prepare.sh \${prepare.split}
prepare,train
data/prepared.csv=$(sha "$R/data/prepared.csv")
src/train.sh=$(sha "$R/src/train.sh")
data/raw.csv=$(sha "$R/data/raw.csv")
src/prepare.sh=$(sha "$R/src/prepare.sh")
data/prepared.csv=$(sha "$R/data/prepared.csv") src/train.sh=$(sha "$R/src/train.sh")"
  assert_eq "$want" "$got" "lineage JSON of models/model.pkl at $rev"
done
# "introduced": the oldest commit holding that version. At v3 the raw data
# is v2's, the prepared data too (epochs do not touch it), src/train.sh v1's.
got=$(git dvx lineage models/model.pkl --rev v3 --format json | jq_py '" ".join("%s=%s" % (k, (v["introduced"] or {}).get("commit")) for k, v in sorted(d["datasets"].items()))')
want="data/prepared.csv=$(c v2) data/raw.csv=$(c v2) models/model.pkl=$(c v3) src/prepare.sh=$(c v1) src/train.sh=$(c v1)"
assert_eq "$want" "$got" "lineage: commits that introduced each version"
# Twice (the second answer comes from the cache) gives the same JSON.
a=$(git dvx lineage models/model.pkl --rev v3 --format json)
b=$(git dvx lineage models/model.pkl --rev v3 --format json)
assert_eq "$a" "$b" "lineage is stable across the introduced cache"
[ -s .git/dvx/lineage/introduced.tsv ] && pass || fail "introduced cache written"

# Text tree in the spirit of the user story.
tree=$(git dvx lineage models/model.pkl)
assert_contains "$tree" "models/model.pkl  $(sha "$TEST_ROOT/real/v4/models/model.pkl" | cut -c1-10)  (stage train, commit $(c v3 | cut -c1-7), tag v3)" "tree root line"
assert_contains "$tree" "train: sh src/train.sh \${train.epochs} \${train.lr}   params: train.epochs=20, train.lr=0.5" "tree stage line"
assert_contains "$tree" "data/raw.csv  $(sha "$TEST_ROOT/real/v4/data/raw.csv" | cut -c1-10)  (source, commit $(c v2 | cut -c1-7), tag v2)" "tree source line"
# --depth 1 stops after the producing stage.
got=$(git dvx lineage models/model.pkl --depth 1 --format json | jq_py '",".join(sorted(d["stages"]))')
assert_eq "train" "$got" "--depth 1"

# Downstream of the raw data: every derived out.
got=$(git dvx lineage data/raw.csv --downstream --format json | jq_py '" ".join(sorted(k for k, v in d["datasets"].items() if v["produced_by"]))')
assert_eq "data/prepared.csv metrics/eval.json models/model.pkl" "$got" "--downstream lists every derived out"
got=$(git dvx lineage data/raw.csv --downstream --format json | jq_py '",".join(sorted(d["stages"]))')
assert_eq "evaluate,prepare,train" "$got" "--downstream stages"
got=$(git dvx lineage data/prepared.csv --downstream --format json | jq_py '" ".join(sorted(d["datasets"]))')
assert_eq "data/prepared.csv metrics/eval.json models/model.pkl" "$got" "--downstream from a middle out"
# A source that no stage produced is its own lineage.
got=$(git dvx lineage data/raw.csv --format json | jq_py '"%s %s %s" % (d["root"]["source"], d["root"]["oid"], len(d["stages"]))')
assert_eq "True $(sha "$TEST_ROOT/real/v4/data/raw.csv") 0" "$got" "a raw input is a source"

# DOT parses with Graphviz; Mermaid has every edge.
git dvx lineage models/model.pkl --format dot > "$TEST_ROOT/g.dot"
if dot -Tsvg "$TEST_ROOT/g.dot" > "$TEST_ROOT/g.svg" 2> "$TEST_ROOT/dot.err"; then pass; else fail "dot -Tsvg: $(cat "$TEST_ROOT/dot.err")"; fi
assert_contains "$(cat "$TEST_ROOT/g.svg")" "prepare" "svg has the prepare stage"
assert_eq 6 "$(grep -c -- '->' "$TEST_ROOT/g.dot")" "dot: 6 edges (prepare: 2 in, 1 out; train: 2 in, 1 out)"
git dvx lineage data/raw.csv --downstream --format dot | dot -Tsvg > /dev/null && pass || fail "downstream dot parses"
mm=$(git dvx lineage models/model.pkl --format mermaid)
assert_eq "flowchart LR" "$(echo "$mm" | head -1)" "mermaid header"
assert_eq 6 "$(echo "$mm" | grep -c -- '-->')" "mermaid edges"

# OpenLineage: required fields of RunEvent, a START and COMPLETE per stage.
git dvx lineage models/model.pkl --rev v3 --format openlineage --namespace ns1 > "$TEST_ROOT/ol.jsonl"
got=$($PY - "$TEST_ROOT/ol.jsonl" "$(sha "$TEST_ROOT/real/v3/data/raw.csv")" <<'PY'
import json, re, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
uuid = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
problems = []
for e in events:
    for k in ("eventType", "eventTime", "run", "job", "inputs", "outputs", "producer", "schemaURL"):
        if k not in e: problems.append("missing " + k)
    if e["eventType"] not in ("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"): problems.append("eventType")
    if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", e["eventTime"]): problems.append("eventTime")
    if not uuid.match(e["run"]["runId"]): problems.append("runId " + e["run"]["runId"])
    if e["job"]["namespace"] != "ns1" or not e["job"]["name"]: problems.append("job")
    if not e["schemaURL"].startswith("https://openlineage.io/spec/") or "://" not in e["producer"]: problems.append("urls")
    for ds in e["inputs"] + e["outputs"]:
        if not ds.get("namespace") or not ds.get("name"): problems.append("dataset name")
        for f in ds["facets"].values():
            if "_producer" not in f or "_schemaURL" not in f: problems.append("facet")
runs = {}
for e in events: runs.setdefault((e["job"]["name"], e["run"]["runId"]), []).append(e["eventType"])
raw = [ds["facets"]["version"]["datasetVersion"] for e in events if e["job"]["name"] == "prepare" for ds in e["inputs"] if ds["name"] == "data/raw.csv"]
print(sorted(set(problems)), sorted((k[0], v) for k, v in runs.items()), raw[0] == sys.argv[2])
PY
)
assert_eq "[] [('prepare', ['START', 'COMPLETE']), ('train', ['START', 'COMPLETE'])] True" "$got" "OpenLineage events"

# ---------------------------------------------------------------- errors
expect_failure git dvx lineage no/such.csv
assert_contains "$OUT" "'no/such.csv' is neither in the tree of HEAD nor in its dvx.lock" "unknown path"
expect_failure git dvx lineage models/model.pkl --rev nosuchrev
assert_contains "$OUT" "unknown revision 'nosuchrev'" "nonexistent revision"
expect_failure git dvx lineage models/model.pkl --rev bad
assert_contains "$OUT" "bad:dvx.lock:" "malformed dvx.lock at an old revision names rev, file and line"
expect_failure git dvx log no/such.csv
assert_contains "$OUT" "'no/such.csv' is not in the history of HEAD" "log of an unknown path"
expect_failure git dvx log data/raw.csv nosuchrev
assert_contains "$OUT" "nosuchrev" "log of a nonexistent revision"
expect_failure git dvx diff v1 nosuchrev
assert_contains "$OUT" "unknown revision 'nosuchrev'" "diff with a nonexistent revision"
expect_failure git dvx lineage models/model.pkl --format svg
assert_contains "$OUT" "unknown format 'svg'" "bad format"
expect_failure git dvx lineage ../outside
assert_contains "$OUT" "outside the working tree" "path outside the repository"

# The default namespace is a URI: a remote given as a relative path becomes
# file:// of its absolute path, an scp-like remote ssh://.
ns_of() { git dvx lineage models/model.pkl --rev v3 --format openlineage | head -1 | $PY -c 'import json,sys; print(json.loads(sys.stdin.readline())["job"]["namespace"])'; }
mkdir -p "$TEST_ROOT/remotes/origin.git"
git remote add origin ../remotes/origin.git 2>/dev/null || git remote set-url origin ../remotes/origin.git
assert_eq "file://$(cd "$TEST_ROOT/remotes/origin.git" && pwd -P)" "$(ns_of)" "relative remote path -> absolute file:// URI"
git remote set-url origin git@example.com:acme/churn.git
assert_eq "ssh://git@example.com/acme/churn.git" "$(ns_of)" "scp-like remote -> ssh:// URI"
git remote set-url origin https://example.com/acme/churn.git
assert_eq "https://example.com/acme/churn.git" "$(ns_of)" "a URL stays as it is"
git remote remove origin

finish
