#!/usr/bin/env bash
# The sync flow against a real S3 server (s3rver on 127.0.0.1, or RGW with
# DVX_S3_PEER=rgw: test_sync_s3_rgw.sh): git push uploads (a 100 MiB file by
# multipart, 500 small files), re-push uploads nothing, a fresh git clone
# materialises every file, fetch --include, pull of one path; interop with
# boto3 and the aws CLI both ways.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_s3.sh"
. "$(dirname "$0")/lib_remote.sh"

BUCKET=dvx-sync
PREFIX=team/proj
s3_start "$BUCKET"
git dvx install >/dev/null
git init -q --bare "$TEST_ROOT/origin.git"

new_repo "$TEST_ROOT/work"
git dvx track 'data/**' >/dev/null
git dvx remote add --default s3 "s3://$BUCKET/$PREFIX"
# Through a recording proxy (no faults injected): its request log shows the multipart calls.
s3_proxy_start
git dvx remote modify s3 endpoint "$DVX_S3_PROXY_ENDPOINT"
git dvx remote modify s3 path-style true
git dvx remote modify s3 region us-east-1
git remote add origin "$TEST_ROOT/origin.git"

mkdir -p data/small data/big
random_file data/big/model.bin $((100 * 1024 * 1024)) 11
$PY - <<'PYEOF'
import random
rng = random.Random(12)
for i in range(500):
    with open(f"data/small/f{i:03d}.csv", "wb") as f:
        f.write(rng.randbytes(1000 + rng.randrange(3000)))
PYEOF
git add .gitattributes .dvxconfig data
git commit -qm "500 small files and a 100 MiB model"

OUT=$(DVX_REMOTE_LOG=1 git push origin main 2>&1) || { fail "git push failed: $OUT"; finish; }
assert_eq 501 "$(count_puts "$OUT")" "git push uploaded 501 objects"
big_oid=$(sha_of data/big/model.bin)
# Multipart: the request log shows CreateMultipartUpload (POST ?uploads), parts and completion.
assert_eq 1 "$(s3_proxy_requests | grep -c "^POST /$BUCKET/$(oid_key $PREFIX "$big_oid")?uploads" || true)" \
  "the 100 MiB object was uploaded by multipart (CreateMultipartUpload)"
parts=$(s3_proxy_requests | grep -c "^PUT /$BUCKET/$(oid_key $PREFIX "$big_oid")?.*partNumber=" || true)
[ "$parts" -ge 2 ] && pass || fail "several parts uploaded ($parts)"
small_oid=$(sha_of data/small/f000.csv)
assert_eq 0 "$(s3_proxy_requests | grep -c "^POST /$BUCKET/$(oid_key $PREFIX "$small_oid")?uploads" || true)" \
  "a small object is a single PUT"

# Interop: the aws CLI and boto3 read what git-dvx wrote at <prefix>/aa/bb/<oid>.
s3_aws s3 cp "s3://$BUCKET/$(oid_key $PREFIX "$big_oid")" "$TEST_ROOT/big.aws" --quiet
assert_file_sha "$TEST_ROOT/big.aws" "$big_oid" "aws CLI reads the big object with the right SHA-256"
listing=$(s3_aws s3 ls --recursive "s3://$BUCKET/$PREFIX/" | wc -l)
assert_eq 501 "$listing" "aws CLI lists 501 objects under the prefix"
bad=$($PY - "$DVX_S3_ENDPOINT" "$BUCKET" "$PREFIX" <<'PYEOF'
import boto3, hashlib, sys
from botocore.config import Config
endpoint, bucket, prefix = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}))
bad = 0
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
    for o in page.get("Contents", []):
        key = o["Key"]
        oid = key.rsplit("/", 1)[1]
        if key != f"{prefix}/{oid[:2]}/{oid[2:4]}/{oid}":
            bad += 1
            continue
        if o["Size"] > 10_000_000:
            continue
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        if hashlib.sha256(body).hexdigest() != oid:
            bad += 1
print(bad)
PYEOF
)
assert_eq 0 "$bad" "boto3: every object sits at <prefix>/aa/bb/<oid> and hashes to its name"

# Idempotent re-push.
git commit -q --allow-empty -m "nothing new"
OUT=$(DVX_REMOTE_LOG=1 git push origin main 2>&1)
assert_eq 0 "$(count_puts "$OUT")" "second git push uploads 0 objects"
OUT=$(DVX_REMOTE_LOG=1 git dvx push 2>&1)
assert_eq 0 "$(count_puts "$OUT")" "git dvx push uploads 0 objects when the store has them"
# 501 objects in a store that holds only them: one listing (a sample folder,
# then the whole store) is cheaper than 501 HEADs.
assert_eq 0 "$(grep -c ': HEAD ' <<<"$OUT" || true)" "...without one HEAD per object"
assert_eq 2 "$(grep -c ': LIST ' <<<"$OUT" || true)" "...but with two listing requests"

# A fresh clone materialises every file with the right bytes.
cd "$TEST_ROOT"
(cd work && find data -type f -print0 | sort -z | xargs -0 sha256sum) > expected.sha
git clone -q "$TEST_ROOT/origin.git" clone1 || fail "git clone"
cd clone1
sha256sum --quiet -c "$TEST_ROOT/expected.sha" && pass || fail "clone: every file has the right bytes (sha256sum -c)"
assert_eq "" "$(git status --porcelain)" "clone worktree is clean"

# An object put by boto3 (not by git-dvx) is pullable.
cd "$TEST_ROOT/work"
random_file "$TEST_ROOT/external.csv" 123456 13
ext_oid=$(sha_of "$TEST_ROOT/external.csv")
$PY - "$DVX_S3_ENDPOINT" "$BUCKET" "$(oid_key $PREFIX "$ext_oid")" "$TEST_ROOT/external.csv" <<'PYEOF'
import boto3, sys
from botocore.config import Config
endpoint, bucket, key, path = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))
s3.upload_file(path, bucket, key)
PYEOF
git lfs pointer --file="$TEST_ROOT/external.csv" 2>/dev/null > data/external.csv
GIT_DVX_SKIP_SMUDGE=1 git add data/external.csv
git commit -qm "pointer to an object put by boto3"
git push -q origin main
cd "$TEST_ROOT/clone1"
git pull -q origin main
assert_file_sha data/external.csv "$ext_oid" "object put by boto3 arrives through git pull"

# fetch --include and pull of one path in a pointer-only clone.
cd "$TEST_ROOT"
GIT_DVX_SKIP_SMUDGE=1 git clone -q "$TEST_ROOT/origin.git" clone2
cd clone2
git dvx fetch --include 'data/small/f00*'
n=$(find .git/dvx/objects -type f | wc -l)
assert_eq 10 "$n" "fetch --include 'data/small/f00*' fetched exactly 10 objects"
assert_contains "$(head -c 100 data/small/f001.csv)" "spec/v1" "fetch leaves the worktree alone"
git dvx pull data/small/f123.csv
assert_eq "$(grep ' data/small/f123.csv$' "$TEST_ROOT/expected.sha" | cut -d' ' -f1)" "$(sha_of data/small/f123.csv)" \
  "pull of one path materialised it"
assert_contains "$(head -c 100 data/small/f124.csv)" "spec/v1" "other paths stay pointers"
assert_eq "" "$(git status --porcelain)" "clean after pull of one path"

# A corrupted object on the remote: detected, not written to the worktree.
victim=data/small/f200.csv
vsha=$(grep " $victim\$" "$TEST_ROOT/expected.sha" | cut -d' ' -f1)
printf 'not the data' > "$TEST_ROOT/garbage"
s3_aws s3 cp "$TEST_ROOT/garbage" "s3://$BUCKET/$(oid_key $PREFIX "$vsha")" --quiet
expect_failure git dvx pull "$victim"
assert_contains "$OUT" "${vsha:0:12}" "pull names the corrupted object"
assert_contains "$OUT" "corrupt" "pull says corrupt"
assert_contains "$(head -c 100 "$victim")" "spec/v1" "corrupted object not written to the worktree"
[ ! -e ".git/dvx/objects/${vsha:0:2}/${vsha:2:2}/$vsha" ] && pass || fail "not in the cache either"

# All of the above went through libcurl, which git-dvx loads only then: the
# binary does not link it, and a command that talks to no store does not map it.
readelf -d "$DVX_BIN" | grep -q 'NEEDED.*libcurl' && fail "git-dvx links libcurl" || pass
# (LD_DEBUG=files: the dynamic loader names every library it loads, dlopen too.)
assert_eq 0 "$(LD_DEBUG=files git dvx status 2>&1 >/dev/null | grep -c 'file=libcurl')" "status loads no libcurl"
assert_contains "$(LD_DEBUG=files git dvx pull data/small/f124.csv 2>&1 >/dev/null)" "file=libcurl.so.4" \
  "pull loads libcurl"
assert_eq "$(grep ' data/small/f124.csv$' "$TEST_ROOT/expected.sha" | cut -d' ' -f1)" "$(sha_of data/small/f124.csv)" \
  "and materialises the file"

finish
