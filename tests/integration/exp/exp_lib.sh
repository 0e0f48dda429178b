# Helpers for tests/integration/exp: a small real pipeline (numpy fits a
# ridge regression to a CSV) and an independent recomputation of what it
# must produce. Source after ../lib.sh.

. "$(dirname "${BASH_SOURCE[0]}")/../pipeline/pipeline_lib.sh"  # ok: reports a group of checks

# Writes the project files into the current folder: data/train.csv,
# train.py, params.toml, dvx.toml. train.py reads its params from
# DVX_PARAMS_JSON, appends "<l2> <intercept>" to $EXP_COUNTER on every real
# execution, and fails (exit 3) for a negative l2.
exp_project() {
  mkdir -p data
  "$PY" - <<'PY'
import random
r = random.Random(7)
with open("data/train.csv", "w") as f:
    f.write("x1,x2,y\n")
    for i in range(80):
        x1, x2 = r.uniform(-3, 3), r.uniform(0, 5)
        f.write(f"{x1:.4f},{x2:.4f},{1.5 * x1 - 0.7 * x2 + 2.0 + r.gauss(0, 0.3):.4f}\n")
PY
  cat >train.py <<'PY'
import json, os, sys
import numpy as np
p = json.loads(os.environ["DVX_PARAMS_JSON"])["params.toml"]
l2, intercept = float(p["train.l2"]), bool(p["train.intercept"])
with open(os.environ["EXP_COUNTER"], "a") as f:
    f.write(f"{l2} {intercept}\n")
if l2 < 0:
    print(f"l2 must be >= 0, got {l2}", file=sys.stderr)
    sys.exit(3)
d = np.loadtxt("data/train.csv", delimiter=",", skiprows=1)
X, y = d[:, :2], d[:, 2]
if intercept:
    X = np.hstack([X, np.ones((len(X), 1))])
w = np.linalg.solve(X.T @ X + l2 * np.eye(X.shape[1]), X.T @ y)
pred = X @ w
mse = float(np.mean((pred - y) ** 2))
r2 = 1 - mse / float(np.var(y))
os.makedirs("model", exist_ok=True)
with open("model/weights.txt", "w") as f:
    f.write("\n".join(repr(float(v)) for v in w) + "\n")
with open("metrics.json", "w") as f:
    json.dump({"mse": round(mse, 6), "r2": round(r2, 6)}, f, sort_keys=True)
PY
  printf '[train]\nl2 = 0.5\nintercept = true\n' >params.toml
  cat >dvx.toml <<'T'
[stages.train]
cmd = "/usr/bin/python3 train.py"
deps = ["train.py", "data/train.csv"]
params = ["train.l2", "train.intercept"]
outs = ["model/weights.txt"]
metrics = ["metrics.json"]
T
}

# expected L2 INTERCEPT: prints the JSON {"weights": text, "metrics": {...}}
# the pipeline must produce, recomputed here from data/train.csv.
expected() {
  "$PY" - "$1" "$2" <<'PY'
import json, sys
import numpy as np
l2, intercept = float(sys.argv[1]), sys.argv[2] == "true"
d = np.loadtxt("data/train.csv", delimiter=",", skiprows=1)
X, y = d[:, :2], d[:, 2]
if intercept:
    X = np.hstack([X, np.ones((len(X), 1))])
w = np.linalg.solve(X.T @ X + l2 * np.eye(X.shape[1]), X.T @ y)
mse = float(np.mean((X @ w - y) ** 2))
print(json.dumps({"weights": "\n".join(repr(float(v)) for v in w) + "\n",
                  "metrics": {"mse": round(mse, 6), "r2": round(1 - mse / float(np.var(y)), 6)}}))
PY
}

# snapshot DIR: sha256 of every worktree file (outside .git) and of the index.
snapshot() {
  (cd "$1" && find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 sha256sum &&
    sha256sum "$(git rev-parse --git-dir)/index")
}
