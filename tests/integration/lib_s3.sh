# Shared helpers for integration tests that need a real S3 server (s3rver
# from npm, installed by install/deps.sh into .node-tools) on 127.0.0.1.
# Source after lib.sh (or on its own):
#
#   source "$DVX_SOURCE_DIR/tests/integration/lib_s3.sh"
#   s3_start                 # starts s3rver, creates $S3_BUCKET, sets a trap
#   s3_aws s3api list-objects-v2 --bucket "$S3_BUCKET"   # Debian's aws CLI
#   s3_proxy_start --fail-rate 0.2 --drop-rate 0.1       # faults in front of it
#
# Exports: DVX_S3_ENDPOINT (http://127.0.0.1:PORT), S3_BUCKET (default
# dvx-it), S3_PORT, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (s3rver's dummy
# pair; s3rver does not check signatures), AWS_REGION=us-east-1; after
# s3_proxy_start also DVX_S3_PROXY_ENDPOINT and S3_PROXY_LOG (JSON lines).
# s3_stop stops both; s3_start installs it as the EXIT trap when the caller
# has none (otherwise call s3_stop from your own trap). Failing to start is
# fatal (exit 1), never a skip.

_s3_src="${DVX_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
S3RVER_BIN="${S3RVER_BIN:-${DVX_NODE_TOOLS:-$_s3_src/.node-tools}/node_modules/.bin/s3rver}"
S3_PROXY_SCRIPT="$_s3_src/tests/unit/remote/s3_fault_proxy.py"

_s3_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

_s3_wait_port() {  # port timeout-seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

s3_start() {
  S3_BUCKET="${1:-${S3_BUCKET:-dvx-it}}"
  if [ ! -x "$S3RVER_BIN" ]; then
    echo "lib_s3: s3rver not found at $S3RVER_BIN (run install/deps.sh)" >&2
    exit 1
  fi
  S3_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dvx-s3rver-XXXXXX")
  local attempt
  for attempt in 1 2 3; do
    S3_PORT=$(_s3_free_port)
    "$S3RVER_BIN" -d "$S3_DIR" -a 127.0.0.1 -p "$S3_PORT" --silent --configure-bucket "$S3_BUCKET" \
      >"$S3_DIR.log" 2>&1 &
    S3_PID=$!
    if _s3_wait_port "$S3_PORT" 15; then break; fi
    kill "$S3_PID" 2>/dev/null || true; wait "$S3_PID" 2>/dev/null || true; S3_PID=
  done
  if [ -z "${S3_PID:-}" ]; then
    echo "lib_s3: s3rver did not start:" >&2; cat "$S3_DIR.log" >&2
    exit 1
  fi
  export S3_BUCKET S3_PORT
  export DVX_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
  unset AWS_SESSION_TOKEN AWS_PROFILE
  # Stop at exit, unless the caller has its own EXIT trap (it must then call s3_stop).
  if [ -z "$(trap -p EXIT)" ]; then trap s3_stop EXIT; fi
}

# A fault-injecting proxy in front of s3rver (see s3_fault_proxy.py for flags).
s3_proxy_start() {
  local port
  S3_PROXY_LOG="$S3_DIR.proxy.jsonl"
  : >"$S3_PROXY_LOG"
  port=$(_s3_free_port)
  /usr/bin/python3 "$S3_PROXY_SCRIPT" --port "$port" --upstream "$S3_PORT" --log "$S3_PROXY_LOG" "$@" \
    >"$S3_DIR.proxy.out" 2>&1 &
  S3_PROXY_PID=$!
  if ! _s3_wait_port "$port" 10; then
    echo "lib_s3: fault proxy did not start:" >&2; cat "$S3_DIR.proxy.out" >&2
    exit 1
  fi
  export DVX_S3_PROXY_ENDPOINT="http://127.0.0.1:$port" S3_PROXY_LOG
}

s3_proxy_stop() {
  if [ -n "${S3_PROXY_PID:-}" ]; then kill "$S3_PROXY_PID" 2>/dev/null || true; wait "$S3_PROXY_PID" 2>/dev/null || true; fi
  S3_PROXY_PID=
}

s3_stop() {
  s3_proxy_stop
  if [ -n "${S3_PID:-}" ]; then kill "$S3_PID" 2>/dev/null || true; wait "$S3_PID" 2>/dev/null || true; fi
  S3_PID=
  if [ -n "${S3_DIR:-}" ]; then rm -rf "$S3_DIR" "$S3_DIR".*; fi
}

# Debian's aws CLI against the test server: s3_aws s3api get-object ...
s3_aws() {
  /usr/bin/aws --endpoint-url "$DVX_S3_ENDPOINT" --region us-east-1 "$@"
}

# sha256 of an object, read with the aws CLI (a third-party client).
s3_object_sha256() {  # key
  local tmp
  tmp=$(mktemp)
  s3_aws s3api get-object --bucket "$S3_BUCKET" --key "$1" "$tmp" >/dev/null && sha256sum "$tmp" | cut -c1-64
  rm -f "$tmp"
}
