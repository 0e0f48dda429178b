#!/usr/bin/env bash
# git add / git checkout through git-dvx vs git-lfs, same data, same run.
#   bench/core_bench.sh            # 1 GiB file + 5,000 files of 10 KiB, 3 runs each
#   LARGE_MB=64 SMALL_COUNT=500 RUNS=1 bench/core_bench.sh   # quick
# Prints per-case medians (seconds) and the ratio git-dvx / git-lfs.
set -euo pipefail
LARGE_MB=${LARGE_MB:-1024}
SMALL_COUNT=${SMALL_COUNT:-5000}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=${DVX_BIN:-$here/build/git-dvx}
work=$(mktemp -d "${TMPDIR:-/tmp}/dvx-bench.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$work/bin" "$work/data/small"
ln -s "$DVX_BIN" "$work/bin/git-dvx"
export PATH="$work/bin:$PATH"
git config --global user.name bench && git config --global user.email bench@example.com
git config --global init.defaultBranch main

head -c $((LARGE_MB * 1024 * 1024)) /dev/urandom > "$work/data/large.bin"
for i in $(seq 1 "$SMALL_COUNT"); do head -c 10240 /dev/urandom > "$work/data/small/f$i.bin"; done

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# setup_repo TOOL DIR: an empty repository tracking *.bin with TOOL.
setup_repo() {
  rm -rf "$2" && mkdir -p "$2" && cd "$2" && git init -q
  if [ "$1" = dvx ]; then git dvx install --local --force >/dev/null && git dvx track '*.bin' >/dev/null
  else git lfs install --local >/dev/null && git lfs track '*.bin' >/dev/null; fi
  git add .gitattributes && git commit -qm attrs
}

# time_case TOOL CASE: one measurement (seconds) of `git add` or `git checkout`.
time_case() {
  local tool=$1 case=$2 repo="$work/repo-$1" t0 t1
  setup_repo "$tool" "$repo"
  if [ "$case" = large ]; then cp "$work/data/large.bin" .; else cp -r "$work/data/small" .; fi
  sync
  t0=$(now); git add -A; t1=$(now)
  echo "add $(echo "$t1 - $t0" | bc)"
  git commit -qm data
  if [ "$case" = large ]; then rm large.bin; else rm -rf small; fi
  sync
  t0=$(now); git checkout -- .; t1=$(now)
  echo "checkout $(echo "$t1 - $t0" | bc)"
}

printf '%-28s %10s %10s %8s\n' "case (median of $RUNS)" "git-dvx" "git-lfs" "ratio"
for case in large small; do
  declare -A samples=()
  for run in $(seq 1 "$RUNS"); do
    for tool in dvx lfs; do
      while read -r op secs; do samples[$tool-$op]+="$secs"$'\n'; done < <(time_case "$tool" "$case")
    done
  done
  label=$([ "$case" = large ] && echo "1 file of $LARGE_MB MiB" || echo "$SMALL_COUNT files of 10 KiB")
  for op in add checkout; do
    d=$(printf '%s' "${samples[dvx-$op]}" | median)
    l=$(printf '%s' "${samples[lfs-$op]}" | median)
    printf '%-28s %10.2f %10.2f %8.2f\n' "git $op, $label" "$d" "$l" "$(echo "$d / $l" | bc -l)"
  done
done
