#!/usr/bin/env bash
# Push and pull of many small files plus one large file to a local s3rver:
# git-dvx (git dvx push / git dvx pull in a pointer-only clone) side by side
# with `aws s3 cp --recursive` (Debian's awscli) on the same data, in one run.
# Usage: bench/sync_bench.sh [BUILD_DIR]
# Env: N_SMALL (1000), SMALL_KIB (100), BIG_MIB (512), DVX_JOBS (8), RUNS (3).
# Also prints the CPU time s3rver (single-threaded Node) spent serving each
# tool: on a 2-core machine the server and the client share the CPU. And the
# server's floor for the pull: curl fetching the same objects into /dev/null.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
DVX=${DVX_BIN:-$build/git-dvx}
[ -x "$DVX" ] || { echo "git-dvx not found at $DVX (pass the build folder)" >&2; exit 1; }
N_SMALL=${N_SMALL:-1000}
SMALL_KIB=${SMALL_KIB:-100}
BIG_MIB=${BIG_MIB:-512}
DVX_JOBS=${DVX_JOBS:-8}
RUNS=${RUNS:-3}
AWS=/usr/bin/aws
PY=/usr/bin/python3

root=$(mktemp -d "${TMPDIR:-/tmp}/dvx-sync-bench.XXXXXX")
. "$here/tests/integration/lib_s3.sh"
cleanup() { s3_stop; rm -rf "$root"; }
trap cleanup EXIT
. "$here/bench/lib_bench.sh"
bench_home "$root" "$DVX"
git dvx install >/dev/null

s3_start bench
endpoint=$DVX_S3_ENDPOINT

echo "data: $N_SMALL files of $SMALL_KIB KiB + one file of $BIG_MIB MiB; s3rver at $endpoint; jobs=$DVX_JOBS"
mkdir -p "$root/repo/data/small"
cd "$root/repo"
$PY - "$N_SMALL" "$SMALL_KIB" "$BIG_MIB" <<'PY'
import os, sys
n, kib, mib = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    with open(f"data/small/f{i:05d}.bin", "wb") as f:
        f.write(os.urandom(kib * 1024))
with open("data/big.bin", "wb") as f:
    for _ in range(mib):
        f.write(os.urandom(1 << 20))
PY
git init -q
git dvx install --local >/dev/null
git dvx track 'data/**' >/dev/null
git dvx remote add --default s3 s3://bench/dvx
git dvx remote modify s3 endpoint "$endpoint"
git dvx remote modify s3 path-style true
git dvx remote modify s3 jobs "$DVX_JOBS"
git add .gitattributes .dvxconfig data && git commit -qm data
(find data -type f | sort | xargs sha256sum) > "$root/expected.sha"

now() { date +%s.%N; }
server_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$S3_PID/stat"; }  # s3rver's user+system seconds
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
declare -A wall=() cpu=()
# timed NAME CMD...: runs CMD, appends its wall time and s3rver's CPU time to NAME's samples.
timed() {
  local name=$1 t0 c0 t1 c1
  shift
  sync && sleep 3  # the previous step's writeback and s3rver's leftovers settle first
  c0=$(server_cpu); t0=$(now)
  "$@"
  t1=$(now); c1=$(server_cpu)
  wall[$name]+="$(echo "$t1 - $t0" | bc)"$'\n'
  cpu[$name]+="$(echo "$c1 - $c0" | bc)"$'\n'
  printf '  %-9s %6.2f s  (s3rver CPU %5.2f s)\n' "$name" "$(echo "$t1 - $t0" | bc)" "$(echo "$c1 - $c0" | bc)"
}
check_bytes() {  # DIR WHO
  (cd "$1" && sha256sum --quiet -c "$root/expected.sha") || { echo "$2: wrong bytes" >&2; exit 1; }
}

# One round of each tool: push to a fresh prefix, pull into a fresh folder.
dvx_round() {
  local run=$1
  cd "$root/repo"
  git config dvx.remote.s3.url "s3://bench/dvx$run"
  timed dvx-push git dvx push
  pushed=$($AWS --endpoint-url "$endpoint" s3 ls --recursive "s3://bench/dvx$run/" | wc -l)
  [ "$pushed" -eq $((N_SMALL + 1)) ] || { echo "git dvx push stored $pushed objects under dvx$run/" >&2; exit 1; }
  GIT_DVX_SKIP_SMUDGE=1 git clone -q "$root/repo" "$root/clone$run"
  cd "$root/clone$run"
  git config dvx.remote.s3.url "s3://bench/dvx$run"
  timed dvx-pull git dvx pull
  check_bytes "$root/clone$run" "git dvx pull"
  # The server's floor for this pull: curl fetching the same objects, as
  # many at a time, into /dev/null (no hashing, no files).
  awk -v e="$endpoint/bench/dvx$run" '{o = $1; printf "url = \"%s/%s/%s/%s\"\noutput = \"/dev/null\"\n", e, substr(o, 1, 2), substr(o, 3, 2), o}' \
    "$root/expected.sha" >"$root/floor.curl"
  timed floor-pull curl -sSf --no-progress-meter --parallel --parallel-max "$DVX_JOBS" -K "$root/floor.curl"
}
aws_round() {
  local run=$1
  cd "$root/repo"
  timed aws-push $AWS --endpoint-url "$endpoint" s3 cp --recursive --quiet data "s3://bench/aws$run/"
  mkdir -p "$root/aws-dl$run/data"
  timed aws-pull $AWS --endpoint-url "$endpoint" s3 cp --recursive --only-show-errors "s3://bench/aws$run/" \
    "$root/aws-dl$run/data"
  check_bytes "$root/aws-dl$run" "aws s3 cp"
}
# Every round adds about 4 GB to the page cache and later writes get slower on
# this VM, so the tools take turns going first.
for run in $(seq 1 "$RUNS"); do
  if ((run % 2)); then dvx_round "$run"; aws_round "$run"; else aws_round "$run"; dvx_round "$run"; fi
done

m() { printf '%s' "$1" | median; }
printf '\n%-6s %12s %12s %8s %16s %16s\n' "(median of $RUNS)" "git-dvx (s)" "aws cli (s)" "ratio" \
  "s3rver CPU, dvx" "s3rver CPU, aws"
for op in push pull; do
  d=$(m "${wall[dvx-$op]}") a=$(m "${wall[aws-$op]}")
  printf '%-6s %12.2f %12.2f %8.2f %16.2f %16.2f\n' "$op" "$d" "$a" "$(echo "$d / $a" | bc -l)" \
    "$(m "${cpu[dvx-$op]}")" "$(m "${cpu[aws-$op]}")"
done
echo "(ratio = git-dvx wall time / aws CLI wall time; goal <= 0.5)"
f=$(m "${wall[floor-pull]}") a=$(m "${wall[aws-pull]}")
printf 'pull floor (curl, %s at a time, to /dev/null): %.2f s = %.2f of the aws CLI; s3rver CPU %.2f s\n' \
  "$DVX_JOBS" "$f" "$(echo "$f / $a" | bc -l)" "$(m "${cpu[floor-pull]}")"
