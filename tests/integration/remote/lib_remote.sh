# Helpers for the sync tests (push/fetch/pull, hooks, clone) against a real
# s3rver on 127.0.0.1 and a local-directory store. Source after ../lib.sh.
# Uses helper-2's tests/integration/lib_s3.sh when present, else its own
# start function below.

AWS_CLI=/usr/bin/aws  # Debian's awscli (not a pyenv shim)
NODE_TOOLS=${DVX_NODE_TOOLS:-$DVX_SOURCE_DIR/.node-tools}
S3RVER_BIN=$NODE_TOOLS/node_modules/.bin/s3rver

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_EC2_METADATA_DISABLED=true

free_port() {
  $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() {  # port timeout_seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    if $PY -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$1)))" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# start_s3rver BUCKET: sets S3_PORT, S3_ENDPOINT, S3_DATA; stopped at exit.
start_s3rver() {
  local bucket=$1 attempt
  [ -x "$S3RVER_BIN" ] || { echo "FAIL: s3rver not installed at $S3RVER_BIN (run install/deps.sh)" >&2; exit 1; }
  S3_DATA="$TEST_ROOT/s3rver-data"
  mkdir -p "$S3_DATA"
  for attempt in 1 2 3; do
    S3_PORT=$(free_port)
    "$S3RVER_BIN" -d "$S3_DATA" -a 127.0.0.1 -p "$S3_PORT" --silent --configure-bucket "$bucket" \
      >"$TEST_ROOT/s3rver.log" 2>&1 &
    S3RVER_PID=$!
    on_exit "kill $S3RVER_PID 2>/dev/null; wait $S3RVER_PID 2>/dev/null"
    if wait_port "$S3_PORT" 20; then
      S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
      return 0
    fi
    kill "$S3RVER_PID" 2>/dev/null || true
  done
  echo "FAIL: s3rver did not start: $(cat "$TEST_ROOT/s3rver.log")" >&2
  exit 1
}

# start_fault_proxy UPSTREAM_PORT FAIL_RATE DROP_RATE: sets PROXY_PORT,
# PROXY_ENDPOINT, PROXY_LOG. A share of requests gets 503 SlowDown, another
# share has its connection dropped mid-answer.
start_fault_proxy() {
  local attempt
  PROXY_LOG="$TEST_ROOT/proxy.log"
  for attempt in 1 2 3; do
    PROXY_PORT=$(free_port)
    $PY "$DVX_SOURCE_DIR/tests/integration/remote/fault_proxy.py" --port "$PROXY_PORT" --upstream "$1" \
      --fail-rate "$2" --drop-rate "$3" --log "$PROXY_LOG" >"$TEST_ROOT/proxy.out" 2>&1 &
    PROXY_PID=$!
    on_exit "kill $PROXY_PID 2>/dev/null; wait $PROXY_PID 2>/dev/null"
    if wait_port "$PROXY_PORT" 10; then
      PROXY_ENDPOINT="http://127.0.0.1:$PROXY_PORT"
      return 0
    fi
    kill "$PROXY_PID" 2>/dev/null || true
  done
  echo "FAIL: fault proxy did not start: $(cat "$TEST_ROOT/proxy.out")" >&2
  exit 1
}

# aws CLI against the s3rver endpoint.
aws_s3() { "$AWS_CLI" --endpoint-url "$S3_ENDPOINT" "$@"; }

# The remote key of an oid under a prefix: <prefix>/aa/bb/<oid>.
oid_key() { echo "$1/${2:0:2}/${2:2:2}/$2"; }

# Writes N bytes of seeded pseudo-random data to FILE.
random_file() {  # file bytes seed
  $PY - "$1" "$2" "$3" <<'PYEOF'
import random, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
with open(path, "wb") as f:
    left = n
    while left > 0:
        k = min(left, 1 << 20)
        f.write(rng.randbytes(k))
        left -= k
PYEOF
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# Counts the PUT lines of a DVX_REMOTE_LOG=1 run's output.
count_puts() { grep -c ": PUT " <<<"$1" || true; }
