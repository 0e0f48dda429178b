#!/usr/bin/env bash
# Benchmark: `git dvx exp show` over N experiments (default 1,000) of one
# baseline, as table and as --json, beside the floor: `git for-each-ref`
# over the same refs plus `git cat-file --batch` reading the same blobs
# (params, metrics, dvx.lock of every experiment). Goal: under 1 s for
# 1,000 rows.
#
# usage: bench/exp_show_bench.sh [GIT_DVX_BINARY] [EXPERIMENTS]
# The experiments are made with plain git plumbing (`git fast-import`):
# each a commit on refs/dvx/exps/e<i> whose parent is the baseline, with
# its own params.toml, metrics.json, dvx.lock and model pointer.
set -euo pipefail
DVX=${1:-${DVX_BIN:-git-dvx}}
N=${2:-1000}
DVX=$(command -v "$DVX" || echo "$DVX")
DVX=$(realpath "$DVX")
. "$(dirname "$0")/lib_bench.sh"
bench_workdir exp-show
bench_home "$work" "$DVX"
cd "$work"
git init -q repo
cd repo

/usr/bin/python3 - "$N" >../stream <<'PY'
import hashlib, sys
n = int(sys.argv[1])
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
def files(i, l2, lr):
    mse = 1.0 / (1 + i % 97) + l2 * 0.01
    params = b"[train]\nl2 = %r\nlr = %r\nepochs = 20\n" % (l2, lr)
    metrics = b'{"mse": %r, "r2": %r}' % (round(mse, 6), round(1 - mse, 6))
    model = hashlib.sha256(b"model %d" % i).hexdigest().encode()
    ptr = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + model + b"\nsize 1234\n"
    def sha(b): return hashlib.sha256(b).hexdigest().encode()
    lock = (b"schema = 1\n\n[stages.train]\ncmd = \"python3 train.py\"\n\n"
            b"[stages.train.params.\"params.toml\"]\n\"train.l2\" = %r\n\"train.lr\" = %r\n\n"
            b"[[stages.train.deps]]\npath = \"data/train.csv\"\noid = \"%s\"\nsize = 100\n\n"
            b"[[stages.train.outs]]\npath = \"model.bin\"\noid = \"%s\"\nsize = 1234\n\n"
            b"[[stages.train.metrics]]\npath = \"metrics.json\"\noid = \"%s\"\nsize = %d\n"
            % (l2, lr, b"a" * 64, model, sha(metrics), len(metrics)))
    return params, metrics, ptr, lock
t0 = 1700000000
toml = (b'[stages.train]\ncmd = "python3 train.py"\ndeps = ["data/train.csv"]\n'
        b'params = ["train.l2", "train.lr"]\nouts = ["model.bin"]\nmetrics = ["metrics.json"]\n')
out.write(b"commit refs/heads/main\nmark :1\n")
out.write(b"author B <b@example.com> %d +0000\ncommitter B <b@example.com> %d +0000\n" % (t0, t0))
data(b"baseline")
params, metrics, ptr, lock = files(0, 0.5, 0.1)
for path, content in ((b"dvx.toml", toml), (b"params.toml", params), (b"metrics.json", metrics),
                      (b"model.bin", ptr), (b"dvx.lock", lock), (b".gitattributes", b"model.bin filter=dvx -text\n")):
    out.write(b"M 100644 inline %s\n" % path); data(content)
for i in range(1, n + 1):
    out.write(b"commit refs/dvx/exps/e%05d\n" % i)
    out.write(b"author B <b@example.com> %d +0000\ncommitter B <b@example.com> %d +0000\n" % (t0 + i, t0 + i))
    data(b"dvx exp e%05d: succeeded" % i)
    out.write(b"from :1\n")
    params, metrics, ptr, lock = files(i, (i % 10) * 0.1, 0.01 * (1 + i % 7))
    for path, content in ((b"params.toml", params), (b"metrics.json", metrics), (b"model.bin", ptr), (b"dvx.lock", lock)):
        out.write(b"M 100644 inline %s\n" % path); data(content)
PY
git fast-import --quiet <../stream
git reset -q --hard main 2>/dev/null || true
git for-each-ref refs/dvx/exps | wc -l | tr -d ' ' | xargs printf 'experiment refs: %s\n'

best() {  # best wall time of 3 runs of "$@", in seconds
  local b=999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null
    e=$(date +%s.%N)
    b=$(echo "$b $s $e" | awk '{t = $3 - $2; print (t < $1 ? t : $1)}')
  done
  echo "$b"
}
floor() {
  git for-each-ref --format='%(objectname):params.toml%0a%(objectname):metrics.json%0a%(objectname):dvx.lock' \
    refs/dvx/exps | git cat-file --batch >/dev/null
}
rows=$(git dvx exp show --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["rows"]))')
t_table=$(best git dvx exp show)
t_json=$(best git dvx exp show --json)
t_floor=$(best floor)
printf 'rows: %s (1 baseline + %s experiments)\n' "$rows" "$N"
printf 'git dvx exp show:         %.3f s\n' "$t_table"
printf 'git dvx exp show --json:  %.3f s\n' "$t_json"
printf 'floor (for-each-ref + cat-file --batch of the same blobs): %.3f s (ratio %.1fx)\n' "$t_floor" \
  "$(echo "$t_json $t_floor" | awk '{print $1 / $2}')"
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
