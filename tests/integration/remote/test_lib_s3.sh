#!/usr/bin/env bash
# tests/integration/lib_s3.sh works: s3rver starts on a free port with a
# bucket, Debian's aws CLI can use it, the fault proxy answers 403/503, and
# everything is stopped at exit.
set -euo pipefail
: "${DVX_SOURCE_DIR:?}"
source "$DVX_SOURCE_DIR/tests/integration/lib_s3.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d); trap 'rm -rf "$T"; s3_stop' EXIT

s3_start dvx-lib-test
[[ "$DVX_S3_ENDPOINT" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || fail "endpoint $DVX_S3_ENDPOINT"
head -c 200000 /dev/urandom >"$T/blob"
want=$(sha256sum "$T/blob" | cut -c1-64)
key="prefix/${want:0:2}/${want:2:2}/$want"
s3_aws s3api put-object --bucket "$S3_BUCKET" --key "$key" --body "$T/blob" >/dev/null
[ "$(s3_object_sha256 "$key")" = "$want" ] || fail "round trip through s3rver"

s3_proxy_start --deny
if out=$(/usr/bin/aws --endpoint-url "$DVX_S3_PROXY_ENDPOINT" --region us-east-1 s3api head-bucket \
  --bucket "$S3_BUCKET" 2>&1); then fail "proxy --deny let a request through"; fi
grep -q 403 <<<"$out" || fail "no 403 from the proxy: $out"
grep -q '"action": "deny"' "$S3_PROXY_LOG" || fail "proxy log"
s3_proxy_stop

pid=$S3_PID
s3_stop
if kill -0 "$pid" 2>/dev/null; then fail "s3rver still running after s3_stop"; fi
echo ok
