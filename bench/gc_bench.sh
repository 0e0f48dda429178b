#!/usr/bin/env bash
# git dvx gc --dry-run vs git gc on the same history: a cache of OBJECTS
# objects over COMMITS commits (OBJECTS/COMMITS new pointer files per commit,
# each commit also rewriting one file so that its old version stays reachable
# only through history), plus UNREACHABLE cache objects no commit names.
#   bench/gc_bench.sh                              # 100,000 objects, 1,000 commits
#   OBJECTS=10000 COMMITS=100 bench/gc_bench.sh    # quick
# History is written with git fast-import and the cache directly (no
# filter), so setting up costs seconds, not the filter's time. Prints wall
# time and peak RSS (GNU time) of each command, best of RUNS.
set -euo pipefail
OBJECTS=${OBJECTS:-100000}
COMMITS=${COMMITS:-1000}
UNREACHABLE=${UNREACHABLE:-1000}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=${DVX_BIN:-$here/build/git-dvx}
work=$(mktemp -d "${TMPDIR:-/tmp}/dvx-gc-bench.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$work/bin"
ln -s "$DVX_BIN" "$work/bin/git-dvx"
export PATH="$work/bin:$PATH"
git config --global user.name bench && git config --global user.email bench@example.com
git config --global init.defaultBranch main

git init -q "$work/repo"
cd "$work/repo"
echo 'data/** filter=dvx diff=dvx merge=dvx -text' >.gitattributes
# One fast-import stream: COMMITS commits of pointer files, and the cache
# objects they name (tiny distinct contents; gc never reads object bytes).
/usr/bin/python3 - "$OBJECTS" "$COMMITS" "$UNREACHABLE" .git/dvx/objects <<'PY' | git fast-import --quiet
import hashlib, os, sys
objects, commits, unreachable, cache = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
out = sys.stdout.buffer
def obj(content):
    oid = hashlib.sha256(content).hexdigest()
    d = os.path.join(cache, oid[:2], oid[2:4]); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, oid), "wb") as f: f.write(content)
    return oid, len(content)
def pointer(oid, size):
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {size}\n".encode()
per = max(1, objects // commits)
n = 0
for c in range(commits):
    out.write(b"commit refs/heads/main\n")
    out.write(f"committer bench <b@e> {1600000000 + c} +0000\n".encode())
    out.write(b"data 2\nc\n")
    for i in range(per):
        if n >= objects: break
        oid, size = obj(f"object {n}\n".encode())
        # half the files are new paths, half rewrite a path of the previous commit
        path = f"data/d{c % 100}/f{n}.bin" if i % 2 == 0 else f"data/rewritten/f{i}.bin"
        p = pointer(oid, size)
        out.write(f"M 100644 inline {path}\ndata {len(p)}\n".encode() + p + b"\n")
        n += 1
for u in range(unreachable): obj(f"unreachable {u}\n".encode())
PY
git reset -q --hard 2>/dev/null || true
GIT_DVX_SKIP_SMUDGE=1 git checkout -q -f main
objs=$(find .git/dvx/objects -type f | wc -l)
echo "repository: $(git rev-list --count main) commits, $(git rev-list --objects main | wc -l) git objects, $objs cache objects"

best() {  # label cmd...: best wall time and its peak RSS over RUNS runs
  local label=$1 b_wall= b_rss= i
  shift
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
    read -r wall rss <"$work/time"
    if [ -z "$b_wall" ] || [ "$(echo "$wall < $b_wall" | bc)" = 1 ]; then b_wall=$wall b_rss=$rss; fi
  done
  printf '| %s | %s s | %d MB |\n' "$label" "$b_wall" $((b_rss / 1024))
}
echo "| command (best of $RUNS) | wall | peak RSS |"
echo "|---|---:|---:|"
best "git dvx gc --dry-run --grace 0" git dvx gc --dry-run --grace 0
out=$(git dvx gc --dry-run --grace 0 | tail -1)
echo "($out)" >&2
RUNS=1 best "git gc (first run: packs loose objects)" git gc --quiet
best "git gc (again, already packed)" git gc --quiet
best "git dvx gc --dry-run --grace 0 (packed history)" git dvx gc --dry-run --grace 0
