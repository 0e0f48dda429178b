#!/usr/bin/env bash
# git add / git checkout through git-dvx vs git-lfs, same data, same run.
#   bench/core_bench.sh            # 1 GiB file + 5,000 files of 10 KiB, 3 runs each
#   LARGE_MB=64 SMALL_COUNT=500 RUNS=1 bench/core_bench.sh   # quick
#   CASES=small bench/core_bench.sh   # only the 5,000-file case
#   CASES=fsync bench/core_bench.sh   # git-dvx's add of the 5,000 files with
#                                     # dvx.fsync true vs false (A/B, same run)
# Prints per-case medians (seconds), the ratio git-dvx / git-lfs, and git's own
# time with a filter that does no work (bench/floor_filter.cpp): no filter-based
# tool can be faster than that column. The last row per case times each tool's
# fast path (GIT_*_SKIP_SMUDGE=1 checkout, then `git dvx pull` / `git lfs
# checkout` writing files from the local cache).
set -euo pipefail
LARGE_MB=${LARGE_MB:-1024}
[ "${CASES:-}" = fsync ] && LARGE_MB=0  # the A/B uses only the small files
SMALL_COUNT=${SMALL_COUNT:-5000}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=${DVX_BIN:-$here/build/git-dvx}
. "$here/bench/lib_bench.sh"
bench_workdir bench
bench_home "$work" "$DVX_BIN"
mkdir -p "$work/data/small"
c++ -O2 -std=c++20 -o "$work/bin/floor-filter" "$here/bench/floor_filter.cpp"

head -c $((LARGE_MB * 1024 * 1024)) /dev/urandom > "$work/data/large.bin"
for i in $(seq 1 "$SMALL_COUNT"); do head -c 10240 /dev/urandom > "$work/data/small/f$i.bin"; done

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }


# Flushes writes and waits out ext4's window for recently deleted inodes (a
# few seconds), which otherwise slows whichever command creates files next.
settle() { sync; sleep 6; }

# time_case TOOL CASE: one measurement (seconds) of `git add` or `git checkout`.
time_case() {
  local tool=$1 case=$2 repo="$work/repo-$1-$2-$3" t0 t1
  bench_repo "$tool" "$repo"
  if [ "$case" = large ]; then cp "$work/data/large.bin" .; else cp -r "$work/data/small" .; fi
  settle
  t0=$(now); git add -A; t1=$(now)
  echo "add $(echo "$t1 - $t0" | bc)"
  git commit -qm data
  if [ "$case" = large ]; then rm large.bin; else rm -rf small; fi
  settle
  t0=$(now); git checkout -- .; t1=$(now)
  echo "checkout $(echo "$t1 - $t0" | bc)"
  # Each tool's documented fast path: check out pointers, then write the
  # files from the local cache outside git's filter pipe.
  [ "$tool" = floor ] && return
  if [ "$case" = large ]; then rm large.bin; else rm -rf small; fi
  settle
  t0=$(now)
  if [ "$tool" = dvx ]; then GIT_DVX_SKIP_SMUDGE=1 git checkout -q -- . && git dvx pull >/dev/null
  else GIT_LFS_SKIP_SMUDGE=1 git checkout -q -- . && git lfs checkout >/dev/null 2>&1; fi
  t1=$(now)
  echo "skip-smudge-checkout+pull $(echo "$t1 - $t0" | bc)"
}

# fsync_ab: git-dvx's `git add` of the small files with the batched flush on
# and off, alternating which goes first, in the same run.
fsync_ab() {
  declare -A t=()
  for run in $(seq 1 "$RUNS"); do
    modes=(true false)
    for ((k = 0; k < 2; k++)); do
      mode=${modes[$(((k + run) % 2))]}
      bench_repo dvx "$work/repo-fsync-$mode-$run"
      git config dvx.fsync "$mode"
      cp -r "$work/data/small" .
      settle
      t0=$(now); git add -A; t1=$(now)
      t[$mode]+="$(echo "$t1 - $t0" | bc)"$'\n'
    done
  done
  on=$(printf '%s' "${t[true]}" | median)
  off=$(printf '%s' "${t[false]}" | median)
  printf '%-50s %9s %9s %7s\n' "git add, $SMALL_COUNT files of 10 KiB (median of $RUNS)" "fsync on" "off" "ratio"
  printf '%-50s %9.2f %9.2f %7.2f\n' "" "$on" "$off" "$(echo "$on / $off" | bc -l)"
}
if [ "${CASES:-}" = fsync ]; then
  fsync_ab
  exit 0
fi

printf '%-50s %9s %9s %7s %11s %7s\n' "case (median of $RUNS)" "git-dvx" "git-lfs" "ratio" "no-op filter" "ratio"
for case in ${CASES:-large small}; do
  declare -A samples=()
  for run in $(seq 1 "$RUNS"); do
    # Rotate the order so that no tool always runs right after another's deletes.
    tools=(dvx lfs floor)
    for ((k = 0; k < 3; k++)); do
      tool=${tools[$(((k + run) % 3))]}
      while read -r op secs; do samples[$tool-$op]+="$secs"$'\n'; done < <(time_case "$tool" "$case" "$run")
    done
  done
  label=$([ "$case" = large ] && echo "1 file of $LARGE_MB MiB" || echo "$SMALL_COUNT files of 10 KiB")
  for op in add checkout skip-smudge-checkout+pull; do
    d=$(printf '%s' "${samples[dvx-$op]}" | median)
    l=$(printf '%s' "${samples[lfs-$op]}" | median)
    row=$(printf '%-50s %9.2f %9.2f %7.2f' "$op, $label" "$d" "$l" "$(echo "$d / $l" | bc -l)")
    if [ -n "${samples[floor-$op]:-}" ]; then
      f=$(printf '%s' "${samples[floor-$op]}" | median)
      row+=$(printf ' %11.2f %7.2f' "$f" "$(echo "$f / $l" | bc -l)")
    fi
    echo "$row"
  done
done
