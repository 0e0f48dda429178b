# Shared helpers for integration tests that need a real S3 server (s3rver
# from npm, installed by install/deps.sh into .node-tools, or Ceph's RADOS
# Gateway with DVX_S3_PEER=rgw: tests/support/rgw.sh) on 127.0.0.1.
# Source after lib.sh (or on its own):
#
#   source "$DVX_SOURCE_DIR/tests/integration/lib_s3.sh"
#   s3_start                 # starts s3rver, creates $S3_BUCKET, stops it at exit
#   s3_aws s3api list-objects-v2 --bucket "$S3_BUCKET"   # Debian's aws CLI
#   s3_proxy_start --fail-rate 0.2 --drop-rate 0.1       # faults in front of it
#   s3_proxy_requests | grep -c ' -> 503'                # what the proxy saw
#
# Exports: DVX_S3_ENDPOINT (http://127.0.0.1:PORT), S3_BUCKET (default
# dvx-it), S3_PORT, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (s3rver's dummy
# pair; s3rver does not check signatures), AWS_REGION=AWS_DEFAULT_REGION=
# us-east-1; after s3_proxy_start also DVX_S3_PROXY_ENDPOINT and S3_PROXY_LOG
# (JSON lines). s3_stop stops both; s3_start registers it with lib.sh's
# on_exit when lib.sh is loaded, else installs it as the EXIT trap when the
# caller has none (otherwise call s3_stop from your own trap). Failing to
# start is fatal (exit 1), never a skip.

_s3_src="${DVX_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
S3RVER_BIN="${S3RVER_BIN:-${DVX_NODE_TOOLS:-$_s3_src/.node-tools}/node_modules/.bin/s3rver}"
S3_PROXY_SCRIPT="$_s3_src/tests/support/s3_fault_proxy.py"

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

# _s3_launch WHAT LOG TIMEOUT CMD...: runs CMD in the background, @PORT@ in
# it replaced by a free port, until it listens there (3 tries, TIMEOUT seconds
# each); sets _s3_port and _s3_pid. Not starting is fatal.
_s3_launch() {
  local what=$1 log=$2 timeout=$3 attempt
  shift 3
  for attempt in 1 2 3; do
    _s3_port=$(_s3_free_port)
    "${@//@PORT@/$_s3_port}" >"$log" 2>&1 &
    _s3_pid=$!
    if _s3_wait_port "$_s3_port" "$timeout"; then return 0; fi
    kill "$_s3_pid" 2>/dev/null || true; wait "$_s3_pid" 2>/dev/null || true
  done
  echo "lib_s3: $what did not start:" >&2; cat "$log" >&2
  exit 1
}

# The S3 peer: s3rver (default) or Ceph's RADOS Gateway, the stricter one
# (checks signatures, 5 MiB minimum parts, lists multipart uploads). Pick it
# with DVX_S3_PEER=rgw in the environment, or `s3_start BUCKET rgw`.
s3_start() {
  S3_BUCKET="${1:-${S3_BUCKET:-dvx-it}}"
  S3_PEER="${2:-${DVX_S3_PEER:-s3rver}}"
  export S3_PEER
  if [ "$S3_PEER" = rgw ]; then _rgw_start; return; fi
  if [ "$S3_PEER" != s3rver ]; then echo "lib_s3: unknown S3 peer '$S3_PEER' (s3rver or rgw)" >&2; exit 1; fi
  if [ ! -x "$S3RVER_BIN" ]; then
    echo "lib_s3: s3rver not found at $S3RVER_BIN (run install/deps.sh)" >&2
    exit 1
  fi
  S3_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dvx-s3rver-XXXXXX")
  # Node's OpenSSL 3 lacks the legacy cipher s3rver uses for the continuation
  # token of a truncated listing (over 1,000 keys): without the legacy
  # provider every such ListObjectsV2 answers 500 InternalError.
  _s3_launch s3rver "$S3_DIR.log" 20 \
    env NODE_OPTIONS=--openssl-legacy-provider "$S3RVER_BIN" -d "$S3_DIR" -a 127.0.0.1 -p @PORT@ --silent --configure-bucket "$S3_BUCKET"
  S3_PORT=$_s3_port S3_PID=$_s3_pid
  export S3_BUCKET S3_PORT
  export DVX_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true
  unset AWS_SESSION_TOKEN AWS_PROFILE
  # Stop at exit: through lib.sh's cleanup hooks, else as the EXIT trap unless
  # the caller has its own (it must then call s3_stop).
  if declare -F on_exit >/dev/null; then
    if [ -z "${_s3_on_exit:-}" ]; then on_exit s3_stop; _s3_on_exit=1; fi
  elif [ -z "$(trap -p EXIT)" ]; then
    trap s3_stop EXIT
  fi
}

# RGW from tests/support/rgw.sh, with the bucket created through boto3.
_rgw_start() {
  local out
  S3_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dvx-rgw-XXXXXX")
  if ! out=$("$_s3_src/tests/support/rgw.sh" start "$S3_DIR/ceph" 2>"$S3_DIR.log"); then
    echo "lib_s3: RGW did not start:" >&2; cat "$S3_DIR.log" >&2
    exit 1
  fi
  read -r S3_PORT AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY <<<"$out"
  export S3_BUCKET S3_PORT AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  export DVX_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  unset AWS_SESSION_TOKEN AWS_PROFILE
  S3_RGW=1
  if declare -F on_exit >/dev/null; then
    if [ -z "${_s3_on_exit:-}" ]; then on_exit s3_stop; _s3_on_exit=1; fi
  elif [ -z "$(trap -p EXIT)" ]; then
    trap s3_stop EXIT
  fi
  s3_boto "s3.create_bucket(Bucket='$S3_BUCKET')" >/dev/null
}

# Runs python with `s3` bound to a boto3 client for the peer: s3_boto 'print(s3.list_buckets())'.
s3_boto() {
  /usr/bin/python3 -c "import boto3, botocore.config
s3 = boto3.client('s3', endpoint_url='$DVX_S3_ENDPOINT', region_name='us-east-1',
                  config=botocore.config.Config(s3={'addressing_style': 'path'}))
$1"
}

# A fault-injecting proxy in front of s3rver (flags: see
# tests/support/s3_fault_proxy.py; none = a recording proxy without faults).
s3_proxy_start() {
  S3_PROXY_LOG="$S3_DIR.proxy.jsonl"
  : >"$S3_PROXY_LOG"
  _s3_launch "fault proxy" "$S3_DIR.proxy.out" 10 \
    /usr/bin/python3 "$S3_PROXY_SCRIPT" --port @PORT@ --upstream "$S3_PORT" --log "$S3_PROXY_LOG" "$@"
  S3_PROXY_PID=$_s3_pid
  export DVX_S3_PROXY_ENDPOINT="http://127.0.0.1:$_s3_port" S3_PROXY_LOG
}

# The proxy's log, one line per request: "METHOD /path?query -> OUTCOME",
# OUTCOME being the server's status, 503, "403 denied", "dropped" (closed
# before an answer) or "<status> dropped" (cut half-way through the answer).
s3_proxy_requests() {  # [log file, default $S3_PROXY_LOG]
  /usr/bin/python3 - "${1:-$S3_PROXY_LOG}" <<'PYEOF'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    target = e["path"] + ("?" + e["query"] if e["query"] else "")
    action = e["action"]
    outcome = {"deny": "403 denied", "503": "503", "drop": "dropped"}.get(action)
    if outcome is None:
        outcome = str(e["status"]) + (" dropped" if action.startswith("drop") else "")
    print(f"{e['method']} {target} -> {outcome}")
PYEOF
}

s3_proxy_stop() {
  if [ -n "${S3_PROXY_PID:-}" ]; then kill "$S3_PROXY_PID" 2>/dev/null || true; wait "$S3_PROXY_PID" 2>/dev/null || true; fi
  S3_PROXY_PID=
}

s3_stop() {
  s3_proxy_stop
  if [ -n "${S3_RGW:-}" ]; then "$_s3_src/tests/support/rgw.sh" stop "$S3_DIR/ceph" || true; S3_RGW=; fi
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
