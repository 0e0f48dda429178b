#!/usr/bin/env bash
# Benchmark: `git dvx log PATH` over a history of N commits (default 10,000)
# against `git log --format=%H -- PATH` over the same history; prints the
# ratio (goal: at most 2x git's own time, while reporting oids, sizes, tags).
#
# usage: bench/log_bench.sh [GIT_DVX_BINARY] [COMMITS]
# The history is made in seconds with `git fast-import`: every commit edits
# one of 200 code files spread over 20 folders; every 10th commit also
# replaces the pointer of data/raw.csv (so the file has COMMITS/10 versions),
# and every 500th commit is tagged.
set -euo pipefail
DVX=${1:-${DVX_BIN:-git-dvx}}
N=${2:-10000}
DVX=$(command -v "$DVX" || echo "$DVX")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
git init -q -b main repo
cd repo

/usr/bin/python3 - "$N" > ../stream <<'PY'
import hashlib, sys
n = int(sys.argv[1])
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
t0 = 1700000000
for i in range(1, n + 1):
    out.write(b"commit refs/heads/main\nmark :%d\n" % i)
    out.write(b"author Bench User <bench@example.com> %d +0000\n" % (t0 + i * 60))
    out.write(b"committer Bench User <bench@example.com> %d +0000\n" % (t0 + i * 60))
    data(b"commit %d" % i)
    if i > 1:
        out.write(b"from :%d\n" % (i - 1))
    out.write(b"M 100644 inline src/d%02d/f%03d.txt\n" % (i % 20, i % 200))
    data(b"line %d\n" % i)
    if i == 1 or i % 10 == 0:
        oid = hashlib.sha256(b"raw %d" % i).hexdigest().encode()
        ptr = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + b"\nsize %d\n" % (1000 + i)
        out.write(b"M 100644 inline data/raw.csv\n")
        data(ptr)
    if i % 500 == 0:
        pass
for i in range(500, n + 1, 500):
    out.write(b"reset refs/tags/v%d\nfrom :%d\n\n" % (i, i))
PY
git fast-import --quiet < ../stream
git reset -q --hard main
echo "history: $(git rev-list --count HEAD) commits, $(git tag | wc -l) tags, $(git count-objects -v | awk '/size-pack/{print $2}') KiB packed"

# Same answer first: the commits listed must be git's.
diff <(git log --format=%H -- data/raw.csv) <("$DVX" log data/raw.csv --json | /usr/bin/python3 -c \
  'import json,sys; [print(v["commit"]) for v in json.load(sys.stdin)["versions"]]') \
  || { echo "MISMATCH between git log and git dvx log" >&2; exit 1; }
echo "both list $(git log --format=%H -- data/raw.csv | wc -l) versions of data/raw.csv"

time_cmd() {  # median wall time in ms over 7 runs
  local runs=()
  for _ in 1 2 3 4 5 6 7; do
    local s e
    s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N)
    runs+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 4p
}
"$DVX" log data/raw.csv > /dev/null  # warm the page cache
git log --format=%H -- data/raw.csv > /dev/null
g=$(time_cmd git log --format=%H -- data/raw.csv)
d=$(time_cmd "$DVX" log data/raw.csv)
j=$(time_cmd "$DVX" log data/raw.csv --json)
printf 'git log --format=%%H -- data/raw.csv   %8.1f ms\n' "$(echo "$g / 1000" | bc -l)"
printf 'git dvx log data/raw.csv               %8.1f ms\n' "$(echo "$d / 1000" | bc -l)"
printf 'git dvx log data/raw.csv --json        %8.1f ms\n' "$(echo "$j / 1000" | bc -l)"
printf 'ratio (git dvx log / git log): %.2fx   (goal <= 2x)\n' "$(echo "$d / $g" | bc -l)"
