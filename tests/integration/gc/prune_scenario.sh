# The git dvx prune scenario, run against one kind of store: `dir`, or an S3
# peer (`s3rver`, `rgw`) started through lib_s3.sh. Sourced by
# test_prune*.sh after lib.sh and lib_gc.sh, then:  prune_scenario KIND
#
# Old reachable objects go from the cache only when the store has them
# (size check; --verify-content hashes the store's copy); objects the store
# lacks are kept even when old; HEAD, the index and recent history are kept;
# a later checkout of an old tag downloads what was pruned.

# put_in_store OID TEXT: overwrites the store's copy of OID with TEXT.
put_in_store() {
  if [ "$KIND" = dir ]; then
    local path="$STORE/${1:0:2}/${1:2:2}/$1"
    chmod u+w "$path" && printf '%s\n' "$2" >"$path"
  else
    s3_boto "s3.put_object(Bucket='$S3_BUCKET', Key='p/${1:0:2}/${1:2:2}/$1', Body=b'$2\n')"
  fi
}

prune_scenario() {
  KIND=$1
  new_repo "$TEST_ROOT/repo"
  CACHE=$PWD/.git/dvx/objects
  git dvx track 'data/**' >/dev/null
  use_store "$KIND" dvx-prune p
  local old
  old="$(date -d '60 days ago' -R)"
  export GIT_COMMITTER_DATE=$old GIT_AUTHOR_DATE=$old
  put data/a.txt old-a && put data/d.txt old-d && git add .gitattributes .dvxconfig data && git commit -qm v1 && git tag v1
  git dvx push >/dev/null # the store has old-a and old-d
  put data/c.txt old-c && git add data && git commit -qm v2 && git tag v2 # never pushed
  unset GIT_COMMITTER_DATE GIT_AUTHOR_DATE
  git rm -q data/c.txt data/d.txt && put data/a.txt new-a && git add data && git commit -qm v3
  put data/s.txt staged-old && git add data/s.txt
  age_cache "$CACHE" 30

  # The store's copy of old-d is damaged but keeps its size.
  put_in_store "${OID[old-d]}" OLD-D

  out=$(git dvx prune --dry-run)
  listed=$(sed -n '/would be removed/,/^prune: keeping/p' <<<"$out" | grep -oE '^  [0-9a-f]{64}' | tr -d ' ' | sort)
  assert_eq "$(oids_of old-a old-d)" "$listed" "prune lists the old objects the store has (by size)"
  assert_contains "$out" "keeping 1 old object" "the object the store lacks is kept"
  assert_contains "$out" "${OID[old-c]}" "and named"
  assert_not_contains "$out" "${OID[new-a]}" "HEAD's object is not a candidate"
  assert_not_contains "$out" "${OID[staged-old]}" "the index's object is not a candidate"

  out=$(git dvx prune --dry-run --verify-content)
  listed=$(sed -n '/would be removed/,/^prune: keeping/p' <<<"$out" | grep -oE '^  [0-9a-f]{64}' | tr -d ' ' | sort)
  assert_eq "$(oids_of old-a)" "$listed" "--verify-content keeps the object whose store copy does not hash right"
  assert_contains "$out" "keeping 2 old objects" "old-c and old-d kept"

  expect_failure git dvx prune </dev/null
  assert_contains "$OUT" "not on a terminal" "prune without --force off a terminal refuses"

  before=$(cache_oids "$CACHE")
  out=$(git dvx prune --force --verify-content)
  assert_contains "$out" "prune: 1 object" "summary"
  assert_eq "$(oids_of old-a)" "$(comm -23 <(echo "$before") <(echo "$(cache_oids "$CACHE")"))" "only old-a left the cache"
  assert_eq "$(oids_of new-a old-c old-d staged-old)" "$(cache_oids "$CACHE")" "the rest is still cached"

  # A later checkout of the old tag downloads what was pruned.
  git stash -q # keep the staged file out of the way of the checkout
  git checkout -q v1
  assert_file_sha data/a.txt "${OID[old-a]}" "checkout of v1 brings old-a back from the store"
  [ -e "$CACHE/${OID[old-a]:0:2}/${OID[old-a]:2:2}/${OID[old-a]}" ] && pass || fail "old-a is cached again"
}
