#!/usr/bin/env bash
# git dvx push to S3 reads each file once: the pointer's oid is the SHA-256
# that signs the payload (x-amz-content-sha256), so there is no hashing pass
# before the upload. strace counts the bytes every process of the push reads
# from each cache object: about the object's size (what S3 then holds), not
# twice that, for a single PUT (20 MiB) and a multipart upload (80 MiB).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_s3.sh"
. "$(dirname "$0")/lib_remote.sh"

BUCKET=dvx-once
s3_start "$BUCKET"
git dvx install >/dev/null
new_repo "$TEST_ROOT/work"
git dvx track 'data/**' >/dev/null
git dvx remote add --default s3 "s3://$BUCKET/p"
git dvx remote modify s3 endpoint "$DVX_S3_ENDPOINT"
git dvx remote modify s3 path-style true
git dvx remote modify s3 region us-east-1
mkdir -p data
random_file data/single.bin $((20 * 1024 * 1024)) 21  # under multipart-threshold (64MiB)
random_file data/multi.bin $((80 * 1024 * 1024)) 22   # 5 parts of 16MiB
git add .gitattributes .dvxconfig data
git commit -qm "two large files"

# -ff: one trace per process, so no call is split into unfinished/resumed halves.
strace -ff -y -qq -e trace=read,pread64,readv,preadv -o "$TEST_ROOT/reads" git dvx push -q \
  >"$TEST_ROOT/push.out" 2>&1 || fail "git dvx push failed: $(cat "$TEST_ROOT/push.out")"

# Bytes read through file descriptors open on the object <oid> (strace -y
# prints the path behind each descriptor), summed over every process.
bytes_read_of() {  # oid
  awk -v oid="$1" 'index($0, oid ">") && match($0, /= [0-9]+$/) { n += substr($0, RSTART + 2) } END { print n + 0 }' \
    "$TEST_ROOT"/reads.*
}

for f in single multi; do
  oid=$(sha_of data/$f.bin)
  size=$(stat -c %s data/$f.bin)
  stored=$(s3_boto "print(s3.head_object(Bucket='$BUCKET', Key='$(oid_key p "$oid")')['ContentLength'])")
  assert_eq "$size" "$stored" "$f: S3 holds the whole object"
  read=$(bytes_read_of "$oid")
  [ "$read" -ge "$size" ] && pass || fail "$f: only $read of $size bytes were read (is strace seeing the reads?)"
  [ "$read" -le $((size + size / 20)) ] && pass ||
    fail "$f: $read bytes read to upload $size (the file was read $(awk -v r="$read" -v s="$size" 'BEGIN { printf "%.2f", r / s }') times)"
done
finish
