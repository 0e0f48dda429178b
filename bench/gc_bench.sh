#!/usr/bin/env bash
# git dvx gc vs git gc on the same history: a cache of OBJECTS objects over
# COMMITS commits of pointer files (OBJECTS/COMMITS pointer files per commit:
# half of them new paths, half rewriting paths of the previous commit, so
# that old versions stay reachable only through history), plus UNREACHABLE
# cache objects no commit names (what gc deletes).
#   bench/gc_bench.sh                              # 100,000 objects, 1,000 commits
#   OBJECTS=10000 COMMITS=100 bench/gc_bench.sh    # quick
# The history is real commits written with git fast-import (setting up costs
# seconds, not the filter's time), then unpacked into loose objects: a
# repository made by ordinary `git commit`s before its first `git gc`. The
# cache is written directly. Wall time and peak RSS from `/usr/bin/time -v`,
# best of RUNS for what can run again; the ratios are git-dvx over git.
set -euo pipefail
OBJECTS=${OBJECTS:-100000}
COMMITS=${COMMITS:-1000}
UNREACHABLE=${UNREACHABLE:-1000}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=${DVX_BIN:-$here/build/git-dvx}
. "$here/bench/lib_bench.sh"
bench_workdir gc-bench
bench_home "$work" "$DVX_BIN"

git init -q "$work/repo"
cd "$work/repo"
echo 'data/** filter=dvx diff=dvx merge=dvx -text' >.gitattributes
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
    when = 1600000000 + 3600 * c
    msg = f"update {c}\n".encode()
    out.write(b"commit refs/heads/main\n")
    out.write(f"author bench <b@e> {when} +0000\ncommitter bench <b@e> {when} +0000\n".encode())
    out.write(f"data {len(msg)}\n".encode() + msg)
    for i in range(per):
        if n >= objects: break
        oid, size = obj(f"object {n}\n".encode() * (1 + n % 7))
        path = f"data/d{c % 100}/f{n}.bin" if i % 2 == 0 else f"data/rewritten/f{i}.bin"
        p = pointer(oid, size)
        out.write(f"M 100644 inline {path}\ndata {len(p)}\n".encode() + p + b"\n")
        n += 1
for u in range(unreachable): obj(f"unreachable {u}\n".encode())
PY
git tag v1 main~$((COMMITS / 2))
# Loose objects, as ordinary commits leave them.
mkdir "$work/packs" && mv .git/objects/pack/pack-* "$work/packs/"
for p in "$work/packs"/*.pack; do git unpack-objects -q <"$p"; done
GIT_DVX_SKIP_SMUDGE=1 git checkout -q -f main
echo "repository: $(git rev-list --count main) commits, $(git count-objects | cut -d' ' -f1) loose git objects, $(find .git/dvx/objects -type f | wc -l) cache objects"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL RUNS CMD...: best wall time (and that run's peak RSS) of RUNS runs; sets WALL.
measure() {
  local label=$1 runs=$2 best= rss= i w m
  shift 2
  for i in $(seq "$runs"); do
    /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" "$work/time"; exit 1; }
    w=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    m=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
    if [ -z "$best" ] || [ "$(echo "$w < $best" | bc)" = 1 ]; then best=$w rss=$m; fi
  done
  printf '| %s | %s | %.2f s | %d MB |\n' "$label" "$runs" "$best" $((rss / 1024))
  WALL=$best
}
ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }

echo "| command | runs | best wall | peak RSS |"
echo "|---|---:|---:|---:|"
measure "git dvx gc --dry-run --grace 0 (loose history)" "$RUNS" git dvx gc --dry-run --grace 0
dvx_loose=$WALL
measure "git gc (first: packs the loose objects)" 1 git gc --quiet
git_loose=$WALL
measure "git gc (again: repacks the pack)" "$RUNS" git gc --quiet
git_packed=$WALL
measure "git dvx gc --dry-run --grace 0 (packed history)" "$RUNS" git dvx gc --dry-run --grace 0
dvx_packed=$WALL
removed=$(git dvx gc --dry-run --grace 0 | tail -1)
measure "git dvx gc --force --grace 0 (deletes)" 1 git dvx gc --force --grace 0
dvx_force=$WALL
echo
echo "dry run said: $removed"
echo "cache objects left: $(find .git/dvx/objects -type f | wc -l)"
echo "ratio git dvx gc --dry-run / first git gc: $(ratio "$dvx_loose" "$git_loose")"
echo "ratio git dvx gc --dry-run / git gc again (packed): $(ratio "$dvx_packed" "$git_packed")"
echo "ratio git dvx gc --force / git gc again (packed): $(ratio "$dvx_force" "$git_packed")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
