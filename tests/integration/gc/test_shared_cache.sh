#!/usr/bin/env bash
# Two repositories share one cache (dvx.cachedir): gc in one never deletes
# what the other references; a repository that no longer exists is dropped
# from the cache's registry with a message.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_gc.sh"

SHARED=$TEST_ROOT/shared-cache
for r in one two three; do
  new_repo "$TEST_ROOT/$r"
  git config dvx.cachedir "$SHARED"
  git dvx track 'data/**' >/dev/null
  git add .gitattributes && git commit -qm init
done
cd "$TEST_ROOT/one" && put data/x.txt only-in-one && git add data && git commit -qm one
put data/junk.txt junk-of-one && git add data && git rm -q --cached data/junk.txt && rm data/junk.txt
cd "$TEST_ROOT/two" && put data/y.txt only-in-two && git add data && git commit -qm two
put data/s.txt staged-in-two && git add data
cd "$TEST_ROOT/three" && put data/z.txt only-in-three && git add data && git commit -qm three
[ "$(ls "$SHARED/repos" | wc -l)" = 3 ] && pass || fail "the filter registered the three repositories: $(ls "$SHARED/repos")"
rm -rf "$TEST_ROOT/three"
age_cache "$SHARED" 30

cd "$TEST_ROOT/one"
out=$(git dvx gc --dry-run --grace 0)
listed=$(grep -oE '^  [0-9a-f]{64}' <<<"$out" | tr -d ' ' | sort)
assert_eq "$(oids_of junk-of-one only-in-three)" "$listed" "gc lists only what no existing repository references"
assert_contains "$out" "$TEST_ROOT/three/.git would be dropped from the cache's registry" "the missing repository is named"
[ "$(ls "$SHARED/repos" | wc -l)" = 3 ] && pass || fail "the dry run keeps the registry"

run_capture git dvx gc --force --grace 0
assert_eq 0 "$RC" "gc exit code: $OUT"
assert_contains "$OUT" "dropped $TEST_ROOT/three/.git from the cache's registry" "the drop is reported"
[ "$(ls "$SHARED/repos" | wc -l)" = 2 ] && pass || fail "the registry lost the missing repository"
assert_eq "$(oids_of only-in-one only-in-two staged-in-two)" "$(cache_oids "$SHARED")" \
  "the other repository's committed and staged objects are kept"
cd "$TEST_ROOT/two" && rm -rf data && git checkout -q -- data
assert_file_sha data/y.txt "${OID[only-in-two]}" "the other repository still checks out"
assert_file_sha data/s.txt "${OID[staged-in-two]}" "and its staged file too"

# A registered repository that exists but cannot be read stops gc (no guessing).
cp "$TEST_ROOT/two/.git/HEAD" "$TEST_ROOT/HEAD.aside" && echo garbage >"$TEST_ROOT/two/.git/HEAD"
cd "$TEST_ROOT/one"
expect_failure git dvx gc --force --grace 0
cp "$TEST_ROOT/HEAD.aside" "$TEST_ROOT/two/.git/HEAD"
assert_contains "$OUT" "$TEST_ROOT/two/.git" "the unreadable repository is named"
assert_eq "$(oids_of only-in-one only-in-two staged-in-two)" "$(cache_oids "$SHARED")" "nothing was deleted"
finish
