#!/usr/bin/env bash
# `git dvx migrate dvc` with the DVC remote on S3 (s3rver): a file only in
# the remote is downloaded (md5-verified), .dvc/config's url, region and
# endpointurl become .dvxconfig's url, region and endpoint, and the objects
# are pushed to the same bucket (listed with the aws CLI).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
. "$HERE/lib_dvc.sh"
. "$DVX_SOURCE_DIR/tests/integration/lib_s3.sh"
s3_start dvx-migrate
export COUNT="$TEST_ROOT/executions"
git dvx install --global --skip-repo >/dev/null

make_dvc_project 3 "$TEST_ROOT/proj" "$TEST_ROOT/dvcstore"
s3_aws s3 cp --quiet --recursive "$TEST_ROOT/dvcstore" "s3://$S3_BUCKET/dvcstore"
rm -rf "$TEST_ROOT/dvcstore"
printf "[core]\n    remote = s3store\n['remote \"s3store\"']\n    url = s3://%s/dvcstore\n    region = us-east-1\n    endpointurl = %s\n    access_key_id = not-copied\n" \
  "$S3_BUCKET" "$DVX_S3_ENDPOINT" > .dvc/config
git commit -qam "DVC remote on S3"

run_capture git dvx migrate dvc
assert_eq 0 "$RC" "migrate exits 0: $OUT"
assert_contains "$OUT" "1 from DVC remote 's3store' (s3://$S3_BUCKET/dvcstore" "models/base.bin came from S3"
assert_contains "$OUT" "remote 's3store': access_key_id" "a credential option is listed, not copied"
assert_not_contains "$(cat .dvxconfig)" "not-copied" "no credential in .dvxconfig"
assert_contains "$(cat .dvxconfig)" "endpoint = '$DVX_S3_ENDPOINT'" "endpointurl -> endpoint"
assert_contains "$(cat .dvxconfig)" "region = 'us-east-1'" "region kept"
while read -r sha path; do assert_file_sha "$path" "$sha" "$path byte-identical"; done < "$TEST_ROOT/expected.txt"
keys=$(s3_aws s3api list-objects-v2 --bucket "$S3_BUCKET" --prefix dvcstore/ --query 'Contents[].Key' --output text |
  tr '\t' '\n' | grep -cE '^dvcstore/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}$')
assert_eq 7 "$keys" "the 7 data objects were pushed beside DVC's"
s3_aws s3 cp --quiet "s3://$S3_BUCKET/dvcstore/$(sha_of models/base.bin | cut -c1-2)/$(sha_of models/base.bin | cut -c3-4)/$(sha_of models/base.bin)" "$TEST_ROOT/check.bin"
assert_file_sha "$TEST_ROOT/check.bin" "$(sha_of models/base.bin)" "the pushed object read back with the aws CLI"
finish
