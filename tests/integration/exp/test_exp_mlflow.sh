#!/usr/bin/env bash
# git dvx exp show --to-mlflow DIR writes the rows as runs of MLflow's file
# store. No MLflow here: a small reader written from the layout MLflow's
# FileStore reads (mlflow/store/tracking/file_store.py: experiment
# meta.yaml, run meta.yaml, params/<key>, metrics/<key> lines
# "<timestamp> <value> [<step>]" (the latest step/timestamp wins), tags/<key>)
# reads them back and compares with exp show --json and git.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/exp_lib.sh"
export EXP_COUNTER=$TEST_ROOT/executions

new_repo "$TEST_ROOT/proj"
git dvx track 'data/**' >/dev/null
exp_project
git dvx repro >/dev/null
git add -A && git commit -qm pipeline
git dvx exp run --name ridge -S train.l2=3.0 >/dev/null
git dvx exp run --queue --name broken -S train.l2=-2.0 >/dev/null
git dvx exp run --run-all >/dev/null 2>&1 || true
json=$(git dvx exp show --json)
run_capture git dvx exp show --to-mlflow "$TEST_ROOT/mlruns" --mlflow-experiment churn
assert_eq 0 "$RC" "export: $OUT"
assert_contains "$OUT" "wrote 3 runs to MLflow experiment 'churn'" "export summary"

cat >"$TEST_ROOT/read_mlruns.py" <<'PY'
# A reader of MLflow's file store, from FileStore's layout (not MLflow's code).
import json, os, sys, yaml
RESERVED = {"tags", "datasets", "traces"}
STATUS = {1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED"}

def files(folder):
    out = {}
    for root, _, names in os.walk(folder):
        for n in names:
            p = os.path.join(root, n)
            out[os.path.relpath(p, folder)] = open(p).read()
    return out

def metric(text, name):
    best = None
    for line in text.splitlines():
        parts = line.strip().split(" ")
        assert len(parts) in (2, 3), (name, line)
        m = (int(parts[2]) if len(parts) == 3 else 0, int(parts[0]), float(parts[1]))
        best = m if best is None else max(best, m)
    assert best is not None, name
    return best

root = sys.argv[1]
assert os.path.isdir(os.path.join(root, ".trash"))
experiments = {}
for exp_id in os.listdir(root):
    d = os.path.join(root, exp_id)
    if exp_id == ".trash" or not os.path.isdir(d):
        continue
    meta = yaml.safe_load(open(os.path.join(d, "meta.yaml")))
    assert str(meta["experiment_id"]) == exp_id and meta["lifecycle_stage"] == "active", meta
    runs = {}
    for run_id in os.listdir(d):
        rd = os.path.join(d, run_id)
        if run_id in RESERVED or not os.path.isdir(rd):
            continue
        info = yaml.safe_load(open(os.path.join(rd, "meta.yaml")))
        assert info["run_id"] == run_id == info["run_uuid"] and str(info["experiment_id"]) == exp_id, info
        assert os.path.isdir(os.path.join(rd, "artifacts")), rd
        runs[run_id] = {
            "name": info["run_name"], "status": STATUS[info["status"]], "start": info["start_time"],
            "params": files(os.path.join(rd, "params")),
            "metrics": {k: metric(v, k) for k, v in files(os.path.join(rd, "metrics")).items()},
            "tags": files(os.path.join(rd, "tags")),
        }
    experiments[meta["name"]] = {"id": exp_id, "runs": runs}
print(json.dumps(experiments))
PY
read_back=$($PY "$TEST_ROOT/read_mlruns.py" "$TEST_ROOT/mlruns")
$PY - "$json" "$read_back" "$(sha_of data/train.csv)" <<'PY' && pass || fail "mlruns read back: $read_back"
import json, sys
show, mlruns, data_oid = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
assert list(mlruns) == ["churn"], list(mlruns)
runs = mlruns["churn"]["runs"]
assert len(runs) == 3, runs
for row in show["rows"]:
    run = runs[row["commit"][:32]]
    assert run["name"] == row["name"], run
    assert run["status"] == ("FAILED" if row["status"] == "failed" else "FINISHED"), run
    assert run["start"] == row["created"] * 1000, run
    p = row["params"]["params.toml"]
    assert run["params"] == {"train.l2": json.dumps(p["train.l2"]), "train.intercept": json.dumps(p["train.intercept"])}, run
    if row["status"] == "failed":
        assert run["metrics"] == {}, run
    else:
        m = row["metrics"]["metrics.json"]
        assert run["metrics"] == {k: [0, row["created"] * 1000, m[k]] for k in ("mse", "r2")}, run["metrics"]
    t = run["tags"]
    assert t["mlflow.source.git.commit"] == row["commit"] and t["mlflow.runName"] == row["name"], t
    assert t["dvx.kind"] == row["kind"], t
    assert t["dvx.dep.data/train.csv"] == data_oid, t
    if row["kind"] == "experiment":
        assert t["dvx.baseline"] == row["baseline"] and t["dvx.status"] == row["status"], t
PY
# the data oids are git's: the pointer of data/train.csv names the same oid
git cat-file -p HEAD:data/train.csv | grep -qx "oid sha256:$(sha_of data/train.csv)" && pass || fail "pointer oid"
# a second export rewrites the same runs
git dvx exp show --to-mlflow "$TEST_ROOT/mlruns" --mlflow-experiment churn 2>/dev/null
again=$($PY "$TEST_ROOT/read_mlruns.py" "$TEST_ROOT/mlruns")
assert_eq "$read_back" "$again" "re-export is idempotent"
ok "exp show --to-mlflow writes runs MLflow's FileStore layout reads back"
finish
