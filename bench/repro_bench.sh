#!/usr/bin/env bash
# No-op `git dvx repro` of N stages (one dep and one out each, all committed,
# the deps tracked by git-dvx) against `git status` of the same tree, timed
# side by side in one run (alternating, best of RUNS each). Goal (issue 16):
# the no-op repro takes at most 2x git status. Also prints `sha256sum` over
# the deps (what a naive re-hash costs; issue 4's goal: repro under 2% of it)
# and `git dvx version` (loading git-dvx and its libraries, no work at all),
# and bench/floor_libgit2.c (Debian's libgit2 loaded and initialised, the
# repository opened and its index read: the floor of a libgit2-based tool).
#
#   bench/repro_bench.sh                               # 100 stages, 256 MiB of deps
#   STAGES=20 BYTES=$((16<<20)) RUNS=5 bench/repro_bench.sh   # quick run
#   DVX_BIN=/path/to/git-dvx (default: build/git-dvx)
set -euo pipefail
STAGES=${STAGES:-100}
BYTES=${BYTES:-$((256 << 20))}
RUNS=${RUNS:-11}
here=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=$(readlink -f "${DVX_BIN:-${GIT_DVX:-$here/build/git-dvx}}")
[ -x "$DVX_BIN" ] || { echo "git-dvx not found at $DVX_BIN (set DVX_BIN)" >&2; exit 1; }
. "$here/bench/lib_bench.sh"
bench_workdir repro-bench
bench_home "$work" "$DVX_BIN"
cc -O2 -o "$work/bin/floor-libgit2" "$here/bench/floor_libgit2.c" $(pkg-config --cflags --libs libgit2)
cd "$work" && git init -q repo && cd repo
git dvx install --local >/dev/null
git dvx track 'data/*.bin' >/dev/null
per=$((BYTES / STAGES))
mkdir -p data out
echo "generating $STAGES deps of $per bytes ($((BYTES >> 20)) MiB total) in $work" >&2
head -c "$per" /dev/urandom >"$work/seed.bin"
for i in $(seq 1 "$STAGES"); do
  # distinct content per file without paying /dev/urandom for every byte
  { printf '%08d' "$i"; tail -c +9 "$work/seed.bin"; } >"data/d$i.bin"
  printf '[stages.s%d]\ncmd = "echo %d > out/o%d.txt"\ndeps = ["data/d%d.bin"]\nouts = ["out/o%d.txt"]\n\n' \
    "$i" "$i" "$i" "$i" "$i" >>dvx.toml
done
sleep 2  # let the files age past the stat cache's racy window
git dvx repro >/dev/null  # runs every stage, hashes every dep once
git add -A && git commit -qm pipeline
sleep 2
git dvx repro >/dev/null && git status >/dev/null  # warm-up: stat cache, index, page cache

now() { date +%s.%N; }
best() { sort -n | head -1; }
noop=() status=() startup=() libgit2=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(now); git dvx repro >"$work/out"; t1=$(now)
  grep -q "0 stages ran, 0 restored from run cache, $STAGES up to date" "$work/out" ||
    { cat "$work/out"; echo "not a no-op" >&2; exit 1; }
  noop+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); git status >/dev/null; t1=$(now)
  status+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); git dvx version >/dev/null; t1=$(now)
  startup+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); "$work/bin/floor-libgit2"; t1=$(now)
  libgit2+=("$(echo "$t1 - $t0" | bc -l)")
done
t0=$(now); sha256sum data/*.bin >/dev/null; t1=$(now)
sha=$(echo "$t1 - $t0" | bc -l)
best_noop=$(printf '%s\n' "${noop[@]}" | best)
best_status=$(printf '%s\n' "${status[@]}" | best)
best_startup=$(printf '%s\n' "${startup[@]}" | best)
best_libgit2=$(printf '%s\n' "${libgit2[@]}" | best)
printf 'stages: %d (%d files), deps: %d MiB, load average: %s\n' "$STAGES" "$((2 * STAGES))" "$((BYTES >> 20))" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'no-op git dvx repro (best of %d): %.4f s\n' "$RUNS" "$best_noop"
printf 'git status, same tree (best of %d): %.4f s   <- the floor\n' "$RUNS" "$best_status"
printf 'git dvx version, process startup alone (best of %d): %.4f s\n' "$RUNS" "$best_startup"
printf 'libgit2 loaded, initialised, repository and index read (best of %d): %.4f s   <- floor of a libgit2 tool\n' \
  "$RUNS" "$best_libgit2"
printf 'ratio repro / git status: %.2f (goal: at most 2); startup alone / git status: %.2f; libgit2 floor / git status: %.2f; repro / libgit2 floor: %.2f\n' \
  "$(echo "$best_noop / $best_status" | bc -l)" "$(echo "$best_startup / $best_status" | bc -l)" \
  "$(echo "$best_libgit2 / $best_status" | bc -l)" "$(echo "$best_noop / $best_libgit2" | bc -l)"
printf 'sha256sum over the deps (warm page cache): %.3f s; repro is %.2f%% of it\n' "$sha" \
  "$(echo "100 * $best_noop / $sha" | bc -l)"
