#!/usr/bin/env bash
# Retry lives in the retry wrapper only: a server that answers 503 SlowDown
# to every multipart part makes `git push` fail after `retries` + 1 attempts
# (the message says so), each part having been sent at most that many times
# (the upload is resumed by each attempt, not restarted, and aborted at the
# end); the git remote's ref does not move. Without the fault the same push
# stores the object intact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_s3.sh"
. "$(dirname "$0")/lib_remote.sh"

BUCKET=dvx-bounded
s3_start "$BUCKET"
s3_proxy_start --slow-parts
git dvx install >/dev/null
git init -q --bare "$TEST_ROOT/origin.git"
new_repo "$TEST_ROOT/work"
git dvx track 'data/**' >/dev/null
git dvx remote add --default s3 "s3://$BUCKET/p"
git dvx remote modify s3 endpoint "$DVX_S3_PROXY_ENDPOINT"
git dvx remote modify s3 path-style true
git dvx remote modify s3 retries 2
git dvx remote modify s3 multipart-threshold 5MiB
git dvx remote modify s3 part-size 5MiB
git remote add origin "$TEST_ROOT/origin.git"
mkdir -p data
random_file data/big.bin $((12 * 1024 * 1024 + 5)) 31  # 3 parts
git add .gitattributes .dvxconfig data && git commit -qm "a 12 MiB file"
oid=$(sha_of data/big.bin)
key=$(oid_key p "$oid")

OUT=$(git push origin main 2>&1) && fail "push through a server refusing every part succeeded" || pass
assert_contains "$OUT" "UploadPart" "message names the failed request"
assert_contains "$OUT" "SlowDown" "message has the S3 error code"
assert_contains "$OUT" "gave up after 3 attempts" "message says how many attempts were made"
git --git-dir="$TEST_ROOT/origin.git" rev-parse -q --verify main >/dev/null && fail "the git remote's ref moved" || pass

requests=$(s3_proxy_requests)
assert_eq 1 "$(grep -c "^POST /$BUCKET/$key?uploads " <<<"$requests" || true)" \
  "one CreateMultipartUpload: the attempts resume the same upload"
assert_eq 1 "$(grep -c "^DELETE /$BUCKET/$key?uploadId=" <<<"$requests" || true)" "the upload is aborted at the end"
assert_eq 0 "$(grep -c "^POST /$BUCKET/$key?uploadId=" <<<"$requests" || true)" "never completed"
for part in 1 2 3; do
  n=$(grep -c "^PUT /$BUCKET/$key?partNumber=$part&" <<<"$requests" || true)
  [ "$n" -le 3 ] && pass || fail "part $part was sent $n times (at most 3: retries 2 + 1)"
done
total=$(grep -c "^PUT /$BUCKET/$key?partNumber=" <<<"$requests" || true)
[ "$total" -ge 3 ] && pass || fail "only $total part requests for 3 attempts"

# The same push without the fault stores the object whole.
git dvx remote modify s3 endpoint "$DVX_S3_ENDPOINT"
git push -q origin main 2>"$TEST_ROOT/push.err" || fail "push without faults failed: $(cat "$TEST_ROOT/push.err")"
s3_boto "import hashlib; print(hashlib.sha256(s3.get_object(Bucket='$BUCKET', Key='$key')['Body'].read()).hexdigest())" \
  >"$TEST_ROOT/stored.sha"
assert_eq "$oid" "$(cat "$TEST_ROOT/stored.sha")" "the object arrived intact"
finish
