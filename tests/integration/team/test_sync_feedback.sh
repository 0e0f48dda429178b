#!/usr/bin/env bash
# No silent no-ops (issue 11): pull/fetch paths and globs that match no
# tracked file fail naming them; push, pull, fetch and the pre-push hook end
# with a one-line summary on stderr (not a terminal here), none with -q.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"

team_setup
# alice's clone got its hooks from the filter (global install only).
assert_hooks alice
size_a=300000 size_b=5000
oid_a=$(as alice sha_of data/a.bin)
oid_b=$(as alice sha_of data/b.bin)

# push: what moved, with the total size; then "up to date"; -q: nothing.
as alice git dvx push -q 2>"$TEAM/err" || fail "push -q failed: $(cat "$TEAM/err")"
assert_eq "" "$(cat "$TEAM/err")" "push -q prints nothing"
assert_eq "$(printf '%s\n' "$oid_a" "$oid_b" | sort)" "$(store_oids)" "push -q uploaded both objects"
rm -rf "$TEAM_STORE"/*
run_capture as alice git dvx push
assert_eq 0 "$RC" "push exits 0"
assert_eq "2 objects (305 kB) uploaded to store 'store'" "$OUT" "push summary ($((size_a + size_b)) bytes)"
run_capture as alice git dvx push
assert_eq "everything up to date: store 'store' has all 2 objects" "$OUT" "push summary when nothing moved"

# carol: a fresh clone that leaves pointers (the CI recipe).
rm -rf "$TEAM/carol"
(HOME=$(_team_home carol) GIT_DVX_SKIP_SMUDGE=1 git clone -q "$TEAM_ORIGIN" "$TEAM/carol")
assert_contains "$(head -c 200 "$TEAM/carol/data/a.bin")" "oid sha256:$oid_a" "carol's a.bin is a pointer"
ptr_a=$(sha_of "$TEAM/carol/data/a.bin")

# A path or glob matching no tracked file is an error naming it; nothing is pulled.
run_capture as carol git dvx pull nosuch/path
assert_eq 2 "$RC" "pull of an unknown path exits 2 (usage)"
assert_contains "$OUT" "'nosuch/path' matches no file tracked by git-dvx" "pull names the pattern"
run_capture as carol git dvx pull data/a.bin 'data/*.csv' typo.bin
assert_eq 2 "$RC" "pull with some unknown patterns exits 2"
assert_contains "$OUT" "'data/*.csv', 'typo.bin' match no file tracked by git-dvx" "pull names every unknown pattern"
assert_not_contains "$OUT" "'data/a.bin'" "the matching pattern is not named"
assert_file_sha "$TEAM/carol/data/a.bin" "$ptr_a" "nothing pulled when a pattern matched nothing"
run_capture as carol sh -c 'cd data && git dvx pull nosuch'
assert_contains "$OUT" "'nosuch' matches no file" "a relative path is named as given"
run_capture as carol git dvx fetch --include 'nosuch/*'
assert_eq 2 "$RC" "fetch --include matching nothing exits 2"
assert_contains "$OUT" "--include 'nosuch/*' matches no file tracked by git-dvx in 'HEAD'" "fetch names the glob"
run_capture as carol git dvx fetch --all --include 'data/*.csv'
assert_eq 2 "$RC" "fetch --all --include matching nothing exits 2"
assert_contains "$OUT" "'data/*.csv' matches no file tracked by git-dvx in any commit" "fetch --all names the glob"
assert_eq "" "$(find "$TEAM/carol/.git/dvx/objects" -type f 2>/dev/null)" "nothing fetched by the failed commands"

# fetch: one object by glob, then pull writes both files and fetches the other.
run_capture as carol git dvx fetch --include 'data/a.*'
assert_eq 0 "$RC" "fetch --include exits 0"
assert_eq "1 object (300 kB) downloaded from store 'store'" "$OUT" "fetch summary"
run_capture as carol git dvx fetch --include 'data/a.*'
assert_eq "everything up to date" "$OUT" "fetch summary when nothing moved"
run_capture as carol git dvx pull
assert_eq 0 "$RC" "pull exits 0"
assert_eq "2 files written, 1 object (5.00 kB) downloaded from store 'store'" "$OUT" "pull summary"
assert_file_sha "$TEAM/carol/data/a.bin" "$oid_a" "a.bin pulled"
assert_file_sha "$TEAM/carol/data/b.bin" "$oid_b" "b.bin pulled"
run_capture as carol git dvx pull
assert_eq "everything up to date" "$OUT" "pull summary when nothing moved"
run_capture as carol git dvx pull -q data
assert_eq "" "$OUT" "pull -q prints nothing"
run_capture as carol git dvx fetch -q
assert_eq "" "$OUT" "fetch -q prints nothing"

# A pull served from the cache says so.
as carol sh -c 'git show HEAD:data/b.bin >data/b.bin'  # pointer text again
run_capture as carol git dvx pull data/b.bin
assert_eq "1 file written from the local cache" "$OUT" "pull from the cache"
assert_file_sha "$TEAM/carol/data/b.bin" "$oid_b" "b.bin written from the cache"

# The pre-push hook says what it uploaded; a push without new data prints no summary.
as alice team_data data/b.bin 6000 b2
oid_b2=$(as alice sha_of data/b.bin)
as alice git commit -qam "b v2"
run_capture as alice git push origin main
assert_eq 0 "$RC" "git push exits 0"
assert_contains "$OUT" "git-dvx: 1 object (6.00 kB) uploaded to store 'store'" "pre-push summary"
assert_contains "$(store_oids)" "$oid_b2" "the new object is in the store"
as alice sh -c 'echo notes >README && git add README && git commit -qm readme'
run_capture as alice git push origin main
assert_eq 0 "$RC" "git push without data exits 0"
assert_not_contains "$OUT" "uploaded" "no summary when the hook uploaded nothing"

finish
