#!/usr/bin/env bash
# Push and pull of many small files plus one large file to a local s3rver:
# git-dvx (git dvx push / git dvx pull in a pointer-only clone) side by side
# with `aws s3 cp --recursive` (Debian's awscli) on the same data, in one run.
# Usage: bench/sync_bench.sh [BUILD_DIR]
# Env: N_SMALL (1000), SMALL_KIB (100), BIG_MIB (512), DVX_JOBS (8).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
DVX=${DVX_BIN:-$build/git-dvx}
[ -x "$DVX" ] || { echo "git-dvx not found at $DVX (pass the build folder)" >&2; exit 1; }
N_SMALL=${N_SMALL:-1000}
SMALL_KIB=${SMALL_KIB:-100}
BIG_MIB=${BIG_MIB:-512}
DVX_JOBS=${DVX_JOBS:-8}
AWS=/usr/bin/aws
PY=/usr/bin/python3
S3RVER=${DVX_NODE_TOOLS:-$here/.node-tools}/node_modules/.bin/s3rver
[ -x "$S3RVER" ] || { echo "s3rver not found at $S3RVER (run install/deps.sh)" >&2; exit 1; }

root=$(mktemp -d "${TMPDIR:-/tmp}/dvx-sync-bench.XXXXXX")
cleanup() { [ -n "${s3pid:-}" ] && kill "$s3pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$root"; }
trap cleanup EXIT
export HOME="$root/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$root/bin"
ln -s "$DVX" "$root/bin/git-dvx"
export PATH="$root/bin:$PATH"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN
git config --global user.name bench && git config --global user.email bench@example.com
git config --global init.defaultBranch main
git dvx install >/dev/null

port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$root/s3"
"$S3RVER" -d "$root/s3" -a 127.0.0.1 -p "$port" --silent --configure-bucket bench >"$root/s3rver.log" 2>&1 &
s3pid=$!
for _ in $(seq 100); do
  $PY -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$port)))" 2>/dev/null && break
  sleep 0.1
done
endpoint=http://127.0.0.1:$port

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

now() { date +%s.%N; }
elapsed() { $PY -c "print(f'{$2 - $1:.2f}')"; }

t0=$(now); git dvx push; t1=$(now)
dvx_push=$(elapsed "$t0" "$t1")

GIT_DVX_SKIP_SMUDGE=1 git clone -q "$root/repo" "$root/clone"
cd "$root/clone"
t0=$(now); git dvx pull; t1=$(now)
dvx_pull=$(elapsed "$t0" "$t1")
(cd "$root/repo" && find data -type f | sort | xargs sha256sum) > "$root/expected.sha"
sha256sum --quiet -c "$root/expected.sha" || { echo "git-dvx pull: wrong bytes" >&2; exit 1; }

cd "$root/repo"
t0=$(now); $AWS --endpoint-url "$endpoint" s3 cp --recursive --quiet data s3://bench/aws/; t1=$(now)
aws_push=$(elapsed "$t0" "$t1")
mkdir -p "$root/aws-dl/data"
t0=$(now)
if $AWS --endpoint-url "$endpoint" s3 cp --recursive --only-show-errors s3://bench/aws/ "$root/aws-dl/data"; then
  t1=$(now)
  aws_pull=$(elapsed "$t0" "$t1")
  (cd "$root/aws-dl" && sha256sum --quiet -c "$root/expected.sha") || { echo "aws pull: wrong bytes" >&2; exit 1; }
else
  aws_pull=failed  # seen with s3rver and a 512 MiB object (the aws CLI's ranged parallel GETs)
fi

ratio() { [ "$2" = failed ] && { echo n/a; return; }; $PY -c "print(f'{$1 / $2:.2f}')"; }
printf '\n%-6s %12s %12s %10s\n' "" "git-dvx (s)" "aws cli (s)" "ratio"
printf '%-6s %12s %12s %10s\n' push "$dvx_push" "$aws_push" "$(ratio "$dvx_push" "$aws_push")"
printf '%-6s %12s %12s %10s\n' pull "$dvx_pull" "$aws_pull" "$(ratio "$dvx_pull" "$aws_pull")"
echo "(ratio = git-dvx wall time / aws CLI wall time; goal <= 0.5)"
