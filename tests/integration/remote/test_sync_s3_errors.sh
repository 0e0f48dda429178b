#!/usr/bin/env bash
# Failures against S3: wrong credentials and a missing bucket abort the git
# push (the git remote's ref does not move) with the S3 error code in the
# message; a server that answers 503 to a share of requests and drops
# connections still gets every object, and a clone through it gets every
# byte right. On s3rver, or RGW with DVX_S3_PEER=rgw (test_sync_s3_errors_rgw.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_s3.sh"
. "$(dirname "$0")/lib_remote.sh"

BUCKET=dvx-err
s3_start "$BUCKET"
git dvx install >/dev/null
git init -q --bare "$TEST_ROOT/origin.git"

new_repo "$TEST_ROOT/work"
git dvx track 'data/**' >/dev/null
git dvx remote add --default s3 "s3://$BUCKET/p"
git dvx remote modify s3 endpoint "$DVX_S3_ENDPOINT"
git dvx remote modify s3 path-style true
git dvx remote modify s3 retries 2
git remote add origin "$TEST_ROOT/origin.git"
mkdir -p data
echo "first" > README.md
git add README.md .gitattributes .dvxconfig && git commit -qm base
git push -q origin main
base=$(git rev-parse HEAD)
random_file data/x.parquet 200000 21
xsha=$(sha_of data/x.parquet)
git add data/x.parquet && git commit -qm "data"

# Wrong credentials: 403 InvalidAccessKeyId, the push is blocked.
OUT=$(AWS_ACCESS_KEY_ID=WRONGKEY git push origin main 2>&1) && fail "push with wrong credentials succeeded" || pass
assert_contains "$OUT" "InvalidAccessKeyId" "message names the S3 error code"
assert_contains "$OUT" "403" "message has the HTTP status"
assert_contains "$OUT" "nothing was pushed" "message says the git push was stopped"
assert_eq "$base" "$(git --git-dir="$TEST_ROOT/origin.git" rev-parse main)" "bare repo's ref unchanged (wrong credentials)"

# A bucket that does not exist: NoSuchBucket, push blocked.
git config dvx.remote.s3.url "s3://no-such-bucket/p"  # git config overrides .dvxconfig
OUT=$(git push origin main 2>&1) && fail "push to a missing bucket succeeded" || pass
assert_contains "$OUT" "NoSuchBucket" "message names NoSuchBucket"
assert_eq "$base" "$(git --git-dir="$TEST_ROOT/origin.git" rev-parse main)" "bare repo's ref unchanged (missing bucket)"
git config --unset dvx.remote.s3.url || true

# A flaky server: 25% 503 SlowDown, 10% of the answers cut half-way (after the
# server did the work) and the connection reset. Everything arrives.
s3_proxy_start --fail-rate 0.25 --drop-rate 0.10 --drop-after-forward --seed 7
git config dvx.remote.s3.endpoint "$DVX_S3_PROXY_ENDPOINT"
git config dvx.remote.s3.retries 12
mkdir -p data/many
$PY - <<'PYEOF'
import random
rng = random.Random(22)
for i in range(60):
    with open(f"data/many/f{i:02d}.bin", "wb") as f:
        f.write(rng.randbytes(20000 + rng.randrange(50000)))
PYEOF
git add data/many && git commit -qm many
run_capture git push origin main
assert_eq 0 "$RC" "push through the flaky proxy succeeds: $OUT"
assert_eq "$(git rev-parse HEAD)" "$(git --git-dir="$TEST_ROOT/origin.git" rev-parse main)" "bare repo updated"
n503=$(s3_proxy_requests | grep -c ' -> 503' || true)
ndrop=$(s3_proxy_requests | grep -c 'dropped' || true)
[ "$n503" -gt 0 ] && pass || fail "the proxy injected 503s ($n503)"
[ "$ndrop" -gt 0 ] && pass || fail "the proxy dropped connections ($ndrop)"
# Verify the store directly (aws CLI, not through the proxy).
bad=0
for f in data/x.parquet data/many/*.bin; do
  oid=$(sha_of "$f")
  s3_aws s3 cp "s3://$BUCKET/$(oid_key p "$oid")" "$TEST_ROOT/check" --quiet || { bad=$((bad + 1)); continue; }
  [ "$(sha_of "$TEST_ROOT/check")" = "$oid" ] || bad=$((bad + 1))
done
assert_eq 0 "$bad" "every object reached the store intact through the flaky proxy"

# A clone through the same flaky proxy gets every byte right.
cd "$TEST_ROOT"
(cd work && find data -type f -print0 | sort -z | xargs -0 sha256sum) > expected.sha
GIT_DVX_SKIP_SMUDGE=1 git clone -q "$TEST_ROOT/origin.git" clone
cd clone
git config dvx.remote.s3.endpoint "$DVX_S3_PROXY_ENDPOINT"
git config dvx.remote.s3.retries 12
: > "$S3_PROXY_LOG"
run_capture git dvx pull
assert_eq 0 "$RC" "pull through the flaky proxy: $OUT"
sha256sum --quiet -c "$TEST_ROOT/expected.sha" && pass || fail "pulled files have the right bytes"
n503=$(s3_proxy_requests | grep -c ' -> 503' || true)
[ "$n503" -gt 0 ] && pass || fail "the proxy injected 503s during the pull ($n503)"

finish
