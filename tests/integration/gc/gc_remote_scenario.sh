# The gc --remote scenario, run against one kind of store: `dir`, or an S3
# peer (`s3rver`, `rgw`) started through lib_s3.sh. Sourced by
# test_gc_remote_*.sh after lib.sh and lib_gc.sh, then:  gc_remote_scenario KIND
#
# alice pushes main (two versions), a branch, a tag and a branch "doomed";
# bob clones; alice deletes "doomed" on the git remote. After an object
# has been unreferenced for longer than the grace period, alice uploads a
# fresh object no ref names yet (a push in progress). bob's
# `git dvx gc --remote --force --grace 5s` removes exactly doomed's object;
# the fresh one stays; a new clone of every branch and tag materialises
# byte-identical from the store.

# A writer's pid that is surely gone: a stale temporary's name carries it
# (a live writer's file is never swept).
DEAD_PID=$(sh -c 'echo $$')
PREFIX=proj/data

# The oids in the store, sorted.
store_oids_of() {
  if [ "$KIND" = dir ]; then
    (cd "$STORE" && find . -type f ! -name '.*' -printf '%f\n' | sort)
  else
    s3_boto "
for page in s3.get_paginator('list_objects_v2').paginate(Bucket='$S3_BUCKET', Prefix='$PREFIX/'):
    for o in page.get('Contents', []): print(o['Key'].rsplit('/', 1)[1])" | sort
  fi
}
store_listing() {
  if [ "$KIND" = dir ]; then (cd "$STORE" && find . -printf '%p %s %T@\n' | sort); else store_oids_of; fi
}

gc_remote_scenario() {
  KIND=$1
  git dvx install >/dev/null  # the filter for every clone (global)
  git init -q --bare "$TEST_ROOT/origin.git"
  new_repo "$TEST_ROOT/alice"
  git dvx track 'data/**' >/dev/null
  use_store "$KIND" dvx-gc "$PREFIX"
  git remote add origin "$TEST_ROOT/origin.git"
  put data/a.bin main-1 && git add .gitattributes .dvxconfig data && git commit -qm m1
  put data/a.bin main-2 && git add data && git commit -qm m2 && git push -q origin main
  git checkout -q -b feature && put data/f.bin feature-1 && git add data && git commit -qm f && git push -q origin feature
  git checkout -q --detach main && put data/t.bin tag-1 && git add data && git commit -qm t && git tag v1 &&
    git push -q origin v1
  git checkout -q -b doomed main && put data/d.bin doomed-1 && git add data && git commit -qm d &&
    git push -q origin doomed
  git checkout -q main
  assert_eq "$(oids_of main-1 main-2 feature-1 tag-1 doomed-1)" "$(store_oids_of)" "the pushes uploaded every version"

  git clone -q "$TEST_ROOT/origin.git" "$TEST_ROOT/bob"
  (cd "$TEST_ROOT/bob" && git dvx install --local >/dev/null)
  git push -q origin --delete doomed
  git branch -q -D doomed

  # Leftovers of interrupted uploads, made before the wait so that they are
  # older than --stale 3s; then the wait that makes doomed-1 older than 3s.
  if [ "$KIND" = dir ]; then
    mkdir -p "$STORE/aa/bb" && echo partial >"$STORE/aa/bb/.dvx-$(printf 'a%.0s' {1..64}).$DEAD_PID.2.abc.tmp"
  elif [ "$KIND" = rgw ]; then
    UPLOAD=$(s3_boto "
u = s3.create_multipart_upload(Bucket='$S3_BUCKET', Key='$PREFIX/aa/bb/' + 'a' * 64)
s3.upload_part(Bucket='$S3_BUCKET', Key='$PREFIX/aa/bb/' + 'a' * 64, UploadId=u['UploadId'], PartNumber=1, Body=b'x' * (5 << 20))
print(u['UploadId'])")
  fi
  sleep 8

  cd "$TEST_ROOT/bob"
  # The default is a dry run: it lists, deletes nothing.
  listing=$(store_listing)
  out=$(git dvx gc --remote --grace 5s --stale 3s)
  listed=$(grep -oE '^  [0-9a-f]{64}' <<<"$out" | tr -d ' ' | sort)
  assert_eq "$(oids_of doomed-1)" "$listed" "gc --remote lists exactly the object of the deleted branch"
  assert_contains "$out" "dry run: nothing deleted" "gc --remote is a dry run by default"
  assert_eq "$listing" "$(store_listing)" "the dry run deleted nothing"
  if [ "$KIND" = rgw ]; then assert_contains "$out" "multipart upload" "the abandoned multipart upload is listed"; fi

  # A git remote that cannot be fetched: refuse, delete nothing.
  git remote add broken "$TEST_ROOT/no-such-remote.git"
  expect_failure git dvx gc --remote --force --grace 5s
  assert_contains "$OUT" "git fetch broken failed" "an unreachable git remote stops gc --remote"
  assert_contains "$OUT" "nothing was deleted" "and says so"
  assert_eq "$listing" "$(store_listing)" "the refusal deleted nothing"
  git remote remove broken

  # A push in progress: the object is in the store, no ref names it yet.
  (cd "$TEST_ROOT/alice" && git checkout -q -b wip && put data/n.bin concurrent-1 && git add data &&
    git commit -qm wip && git dvx push >/dev/null && git checkout -q main)
  OID[concurrent-1]=$(printf 'concurrent-1\n' | sha256sum | cut -d' ' -f1)
  if [ "$KIND" = dir ]; then echo partial >"$STORE/aa/bb/.dvx-fresh.1.2.def.tmp"; fi
  out=$(git dvx gc --remote --force --grace 5s --stale 3s)
  assert_contains "$out" "gc --remote: 1 object" "summary"
  assert_eq "$(oids_of main-1 main-2 feature-1 tag-1 concurrent-1)" "$(store_oids_of)" \
    "only the deleted branch's object is gone; the fresh upload is kept"
  if [ "$KIND" = dir ]; then
    [ ! -e "$STORE/aa/bb/.dvx-$(printf 'a%.0s' {1..64}).$DEAD_PID.2.abc.tmp" ] && pass || fail "stale .tmp swept"
    [ -e "$STORE/aa/bb/.dvx-fresh.1.2.def.tmp" ] && pass || fail "fresh .tmp kept"
  elif [ "$KIND" = rgw ]; then
    assert_eq "0" "$(s3_boto "print(len(s3.list_multipart_uploads(Bucket='$S3_BUCKET').get('Uploads', [])))")" \
      "the abandoned multipart upload was aborted"
    assert_contains "$out" "1 stale temporary swept" "summary counts the aborted upload"
  fi

  # A fresh clone of every branch and tag materialises fully from the store.
  git clone -q "$TEST_ROOT/origin.git" "$TEST_ROOT/fresh" 2>"$TEST_ROOT/clone.err"
  cd "$TEST_ROOT/fresh"
  assert_file_sha data/a.bin "${OID[main-2]}" "fresh clone: main"
  git checkout -q main~1 && assert_file_sha data/a.bin "${OID[main-1]}" "fresh clone: main's history"
  git checkout -q feature && assert_file_sha data/f.bin "${OID[feature-1]}" "fresh clone: feature"
  git checkout -q v1 && assert_file_sha data/t.bin "${OID[tag-1]}" "fresh clone: tag v1"
  assert_eq "" "$(grep -v '^$' "$TEST_ROOT/clone.err" || true)" "the clone printed no warning"
}
