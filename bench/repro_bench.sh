#!/usr/bin/env bash
# No-op `git dvx repro` on a pipeline of N stages whose deps total S bytes,
# against `sha256sum` over the same files (the cost of a naive re-hash).
# Goal (issue 4): the no-op repro costs under 2% of the re-hash.
#
#   bench/repro_bench.sh                      # 100 stages, 2 GiB of deps
#   STAGES=20 BYTES=$((64<<20)) bench/repro_bench.sh   # quick run
#   GIT_DVX=/path/to/git-dvx (default: git-dvx on PATH, else build/git-dvx)
set -euo pipefail
STAGES=${STAGES:-100}
BYTES=${BYTES:-$((2 << 30))}
RUNS=${RUNS:-5}
DVX=${GIT_DVX:-$(command -v git-dvx || echo "$(dirname "$0")/../build/git-dvx")}
[ -x "$DVX" ] || { echo "git-dvx not found (set GIT_DVX)" >&2; exit 1; }
DVX=$(readlink -f "$DVX")

work=$(mktemp -d "${TMPDIR:-/tmp}/dvx-repro-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q repo && cd repo
git config user.name bench && git config user.email bench@example.com
per=$((BYTES / STAGES))
mkdir -p data out
echo "generating $STAGES deps of $per bytes ($((BYTES >> 20)) MiB total) in $work" >&2
head -c "$per" /dev/urandom >data/seed.bin
for i in $(seq 1 "$STAGES"); do
  # distinct content per file without paying /dev/urandom for every byte
  { printf '%08d' "$i"; tail -c +9 data/seed.bin; } >"data/d$i.bin"
  printf '[stages.s%d]\ncmd = "echo %d > out/o%d.txt"\ndeps = ["data/d%d.bin"]\nouts = ["out/o%d.txt"]\n\n' \
    "$i" "$i" "$i" "$i" "$i" >>dvx.toml
done
rm data/seed.bin
sync
sleep 2  # let the files age past the stat cache's racy window

"$DVX" repro >/dev/null           # runs every stage, hashes every dep once
"$DVX" repro >/dev/null           # warm-up no-op

now() { date +%s.%N; }
best_noop=
for _ in $(seq 1 "$RUNS"); do
  t0=$(now); "$DVX" repro >/tmp/dvx-bench-out.$$; t1=$(now)
  grep -q "0 stages ran, 0 restored from run cache, $STAGES up to date" /tmp/dvx-bench-out.$$ ||
    { cat /tmp/dvx-bench-out.$$; echo "not a no-op" >&2; exit 1; }
  t=$(echo "$t1 - $t0" | bc -l)
  if [ -z "$best_noop" ] || [ "$(echo "$t < $best_noop" | bc -l)" = 1 ]; then best_noop=$t; fi
done
rm -f /tmp/dvx-bench-out.$$
best_sha=
for _ in $(seq 1 2); do
  t0=$(now); sha256sum data/*.bin >/dev/null; t1=$(now)
  t=$(echo "$t1 - $t0" | bc -l)
  if [ -z "$best_sha" ] || [ "$(echo "$t < $best_sha" | bc -l)" = 1 ]; then best_sha=$t; fi
done
ratio=$(echo "100 * $best_noop / $best_sha" | bc -l)
printf 'stages: %d, deps: %d MiB\n' "$STAGES" "$((BYTES >> 20))"
printf 'no-op git dvx repro (best of %d): %.3f s\n' "$RUNS" "$best_noop"
printf 'sha256sum over the deps (best of 2, warm page cache): %.3f s\n' "$best_sha"
printf 'ratio: %.2f%% (goal: under 2%%)\n' "$ratio"
