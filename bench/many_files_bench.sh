#!/usr/bin/env bash
# Many small files: git-dvx beside git-lfs, plain git and the aws CLI, on the
# same data, in one run (issue 19).
#   bench/many_files_bench.sh [N]     # N files of 1 KiB (default 100,000) in N/100 folders
# Env: DVX_BIN, JOBS (transfer jobs; default: the remote's own, 8 for a
# directory, 64 for S3), STORES ("dir s3rver rgw"; a subset
# skips the others), LFS=0 skips git-lfs.
# Prints one row per operation: seconds, the comparison's seconds, their
# ratio, and the floor (git alone, a no-op filter, cp, curl...) where there is
# one; then the peak RSS of every timed command (/usr/bin/time). Floors of
# their own: `git add` with a no-op filter that keeps each file's bytes and
# flushes them once (floor_filter.cpp STORE: any durable copy costs that),
# and one stat per cached object (floor_stat.cpp) added to `git ls-files -s`
# and to `git status`: what any listing that says which objects are cached
# must add to git's own work.
set -euo pipefail
N=${1:-100000}
FOLDERS=$(((N + 99) / 100))
JOBS=${JOBS:-}
STORES=${STORES:-dir s3rver rgw}
here=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=$(readlink -f "${DVX_BIN:-$here/build/git-dvx}")
AWS=/usr/bin/aws
. "$here/bench/lib_bench.sh"
bench_workdir many
. "$here/tests/integration/lib_s3.sh"
trap 's3_stop 2>/dev/null || true; chmod -R u+w "$work"; rm -rf "$work"' EXIT
bench_home "$work" "$DVX_BIN"
git dvx install >/dev/null
c++ -O2 -std=c++20 -o "$work/bin/floor-filter" "$here/bench/floor_filter.cpp"
c++ -O2 -std=c++20 -pthread -o "$work/bin/floor-stat" "$here/bench/floor_stat.cpp"
have_lfs=$([ "${LFS:-1}" != 0 ] && git lfs version >/dev/null 2>&1 && echo 1 || echo 0)

echo "many_files_bench: $N files of 1 KiB in $FOLDERS folders; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$N" "$FOLDERS" "$work/data" <<'PY'
import os, sys
n, folders, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for d in range(folders):
    os.makedirs(f"{out}/d{d:04d}", exist_ok=True)
for i in range(n):
    with open(f"{out}/d{i % folders:04d}/f{i:06d}.bin", "wb") as f:
        f.write(os.urandom(1024))
PY

declare -A secs=() rss=()
# timed NAME CMD...: wall seconds and peak RSS (KiB, the largest process
# of the command's tree that was waited for) of one run.
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >"$work/cmd.out" 2>"$work/cmd.err" ||
    { echo "$name failed:" >&2; tail -5 "$work/cmd.err" >&2; exit 1; }
  read -r secs[$name] rss[$name] <"$work/time.out"
  printf '  %-28s %8.2f s %8d MiB\n' "$name" "${secs[$name]}" $((rss[$name] / 1024))
}
# median NAME CMD...: the median wall time of 5 runs in a row (and the
# largest peak RSS), for the commands that take well under a second, where
# one run says little on a shared machine.
median() {
  local name=$1 runs=() peak=0 i
  shift
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >"$work/cmd.out" 2>"$work/cmd.err" ||
      { echo "$name failed:" >&2; tail -5 "$work/cmd.err" >&2; exit 1; }
    read -r s m <"$work/time.out"
    runs+=("$s")
    [ "$m" -gt "$peak" ] && peak=$m
  done
  secs[$name]=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)
  rss[$name]=$peak
  printf '  %-28s %8.2f s %8d MiB   (runs: %s)\n' "$name" "${secs[$name]}" $((peak / 1024)) "${runs[*]}"
}
settle() { sync; sleep 3; }

# setup_repo TOOL: a repository at $work/repo-TOOL tracking *.bin with TOOL, data copied in.
setup_repo() { bench_repo "$1" "$work/repo-$1" && cp -r "$work/data" data; }

# The floors run first: on this kind of machine a run of 100,000 new files
# goes slower the more such runs came before it (ext4's inode allocation), so
# the floors get the freshest file system and the ratios err against git-dvx.
tools="floor dvx"
[ "$have_lfs" = 1 ] && tools="floor dvx lfs"
echo "git add (then commit, untimed):"
for t in floor floorstore ${tools#floor }; do
  setup_repo "$t"
  settle
  timed "add-$t" git add -A
  git commit -qm data
done

echo "status, ls-files, fsck (the second run of each dvx command uses what the first remembered):"
cd "$work/repo-dvx"
settle  # the adds' writeback over: it slowed status runs right after them by half
timed status-dvx-first git dvx status
median status-git git status
median status-dvx git dvx status
grep -q "$N tracked files, all up to date and cached" "$work/cmd.out" || { echo "dvx status: $(cat "$work/cmd.out")" >&2; exit 1; }
median ls-files-git git ls-files -s
median ls-files-dvx git dvx ls-files
[ "$(wc -l <"$work/cmd.out")" -eq "$N" ] || { echo "dvx ls-files listed $(wc -l <"$work/cmd.out")" >&2; exit 1; }
# The floor of a presence check: one stat per cached object (listed untimed).
(cd .git/dvx/objects && find . -type f -not -path './tmp/*' | sed 's|^\./||') >"$work/objects.list"
median stat-objects "$work/bin/floor-stat" .git/dvx/objects "$work/objects.list"
timed fsck-dvx-first git dvx fsck
timed fsck-dvx git dvx fsck
timed fsck-dvx-full git dvx fsck --full
if [ "$have_lfs" = 1 ]; then
  cd "$work/repo-lfs"
  median status-lfs git lfs status
  timed ls-files-lfs git lfs ls-files
  timed fsck-lfs git lfs fsck
fi

echo "checkout of every file from the local cache:"
for t in $tools; do
  cd "$work/repo-$t"
  # Moved aside, not deleted: ext4 skips inodes freed in the last seconds
  # when it allocates new ones (recently_deleted), and that scan was most of
  # the time of a checkout right after an `rm -rf` (perf), more for one
  # tool than another depending on where the freed inodes lay.
  mkdir -p "$work/moved-aside" && mv data "$work/moved-aside/$t"
  settle
  timed "checkout-$t" git checkout -- data
done
cd "$work/repo-dvx"
[ "$(git status --porcelain | wc -l)" -eq 0 ] || { echo "dvx checkout left changes" >&2; exit 1; }

# push_pull STORE URL: git dvx push to a fresh store, then git dvx pull in a
# pointer-only clone (every object downloaded and written), bytes checked.
(cd "$work/data" && find . -type f | sort | xargs sha256sum) >"$work/expected.sha"
use_store() {  # STORE URL: this repository's default remote 'bench'
  git dvx remote add --local --default bench "$2" >/dev/null 2>&1 || git config dvx.remote.bench.url "$2"
  if [ -n "$JOBS" ]; then git config dvx.remote.bench.jobs "$JOBS"; fi
  if [ "$1" != dir ]; then
    git config dvx.remote.bench.endpoint "$DVX_S3_ENDPOINT"
    git config dvx.remote.bench.path-style true
  fi
}
push_pull() {
  local store=$1 url=$2
  cd "$work/repo-dvx"
  use_store "$store" "$url"
  settle
  timed "push-$store-dvx" git dvx push
  timed "push-$store-dvx-again" git dvx push  # nothing to send: the existence check alone
  rm -rf "$work/clone-$store"
  GIT_DVX_SKIP_SMUDGE=1 git clone -q "$work/repo-dvx" "$work/clone-$store"
  cd "$work/clone-$store"
  use_store "$store" "$url"
  settle
  timed "pull-$store-dvx" git dvx pull
  (cd "$work/clone-$store/data" && sha256sum --quiet -c "$work/expected.sha") || { echo "pull from $store: wrong bytes" >&2; exit 1; }
  timed "pull-$store-dvx-again" git dvx pull  # a no-op pull
}
aws_cp() {  # STORE: the aws CLI's upload and download of the same files
  cd "$work"
  settle
  timed "push-$1-aws" $AWS --endpoint-url "$DVX_S3_ENDPOINT" s3 cp --recursive --quiet data "s3://$S3_BUCKET/aws/"
  rm -rf "$work/aws-dl" && mkdir -p "$work/aws-dl"
  settle
  timed "pull-$1-aws" $AWS --endpoint-url "$DVX_S3_ENDPOINT" s3 cp --recursive --quiet "s3://$S3_BUCKET/aws/" "$work/aws-dl"
  (cd "$work/aws-dl" && sha256sum --quiet -c "$work/expected.sha") || { echo "aws s3 cp: wrong bytes" >&2; exit 1; }
}
for store in $STORES; do
  echo "push and pull, store $store:"
  case $store in
    dir)
      push_pull dir "$work/store"
      rm -rf "$work/cp-copy"
      settle
      timed push-dir-cp cp -r "$work/data" "$work/cp-copy" ;;
    s3rver | rgw)
      s3_start bench "$store"
      push_pull "$store" "s3://bench/dvx"
      aws_cp "$store"
      s3_stop ;;
  esac
done

# Floors made of two timed parts: git's own command plus one stat per object.
sum() { [ -n "${secs[$2]:-}" ] && [ -n "${secs[$3]:-}" ] && secs[$1]=$(echo "${secs[$2]} ${secs[$3]}" | awk '{printf "%.2f", $1 + $2}') || true; }
sum ls-files-floor ls-files-git stat-objects
sum status-floor status-git stat-objects
ratio() { [ -n "${secs[$1]:-}" ] && [ -n "${secs[$2]:-}" ] && echo "${secs[$1]} ${secs[$2]}" | awk '{printf "%.2f", ($2 > 0 ? $1 / $2 : 0)}' || echo "-"; }
v() { echo "${secs[$1]:--}"; }
echo
printf '%-34s %9s %-20s %9s %7s\n' "operation ($N files of 1 KiB)" "git-dvx" "compared with" "(s)" "ratio"
row() { printf '%-34s %9s %-20s %9s %7s\n' "$1" "$(v "$2")" "$3" "$(v "$4")" "$(ratio "$2" "$4")"; }
row "git add" add-dvx "no-op filter" add-floor
row "git add" add-dvx "floor keeping bytes" add-floorstore
row "git add" add-dvx "git-lfs" add-lfs
row "status (git dvx status)" status-dvx "git status" status-git
row "status, first run after the add" status-dvx-first "git status" status-git
row "status" status-dvx "git status+stats" status-floor
row "status" status-dvx "git lfs status" status-lfs
row "ls-files" ls-files-dvx "git ls-files -s" ls-files-git
row "ls-files" ls-files-dvx "ls-files -s+stats" ls-files-floor
row "ls-files" ls-files-dvx "git lfs ls-files" ls-files-lfs
row "fsck, first (hashes all)" fsck-dvx-first "git lfs fsck" fsck-lfs
row "fsck, again (nothing written)" fsck-dvx "git lfs fsck" fsck-lfs
row "fsck --full" fsck-dvx-full "git lfs fsck" fsck-lfs
row "checkout from the cache" checkout-dvx "git-lfs" checkout-lfs
row "checkout from the cache" checkout-dvx "no-op filter" checkout-floor
for store in $STORES; do
  if [ "$store" = dir ]; then
    row "push, directory store" push-dir-dvx "cp -r" push-dir-cp
    row "push again (nothing to send)" push-dir-dvx-again "cp -r" push-dir-cp
    row "pull, directory store" pull-dir-dvx "cp -r" push-dir-cp
    row "pull again (no-op)" pull-dir-dvx-again "cp -r" push-dir-cp
  else
    row "push, $store" "push-$store-dvx" "aws s3 cp" "push-$store-aws"
    row "push again (nothing to send), $store" "push-$store-dvx-again" "aws s3 cp" "push-$store-aws"
    row "pull, $store" "pull-$store-dvx" "aws s3 cp" "pull-$store-aws"
    row "pull again (no-op), $store" "pull-$store-dvx-again" "aws s3 cp" "pull-$store-aws"
  fi
done
echo
echo "peak RSS (MiB):"
for k in $(printf '%s\n' "${!rss[@]}" | sort); do printf '  %-28s %6d\n' "$k" $((rss[$k] / 1024)); done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
