#!/usr/bin/env bash
# Files that configure git and git-dvx (.gitattributes, .dvxconfig, dvx.toml,
# dvx.lock, .git*) never become pointers: `git dvx track` refuses patterns
# that would capture them, and the filter passes them through whatever the
# attributes say, so a hand-written `* filter=dvx` still gives working clones.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"

team_setup
# This script works as alice (her HOME has the global `git dvx install`).
export HOME
HOME=$(_team_home alice)
cd "$TEAM/alice"
attrs_before=$(sha_of .gitattributes)

# --- track refuses patterns that capture a control file, and writes nothing.
for pattern in '*' '.*' '**' '/*' '.git*' '*attributes' 'dvx.*' '/dvx.lock' '.github/**' '**/.dvxconfig'; do
  expect_failure git dvx track "$pattern"
  assert_contains "$OUT" "pattern '$pattern' would track" "track '$pattern' is refused, naming the pattern"
done
expect_failure git dvx track '*'
assert_contains "$OUT" ".gitattributes" "the refusal names the file the pattern would capture"
expect_failure git dvx track 'dvx.*'
assert_contains "$OUT" "dvx.toml" "track 'dvx.*' names dvx.toml"
expect_failure git dvx track 'models/*.pkl' '*'
assert_eq "$attrs_before" "$(sha_of .gitattributes)" "a refused track leaves .gitattributes untouched (even its good patterns)"
# A nested .gitattributes of the repository is protected too.
mkdir -p sub && echo '*.txt text' > sub/.gitattributes && git add sub/.gitattributes
expect_failure git dvx track 'sub/*'
assert_contains "$OUT" "sub/.gitattributes" "track 'sub/*' names the nested .gitattributes"
# Ordinary data patterns still work.
OUT=$(git dvx track '*.csv' 'models/**' 'sub/*.bin')
assert_contains "$OUT" 'tracking "*.csv", "models/**", "sub/*.bin"' "data patterns are accepted"
git checkout -q -- .gitattributes && git rm -q --cached sub/.gitattributes && rm -r sub

# --- A hand-written `* filter=dvx`: the control files stay plain text.
printf '* filter=dvx -text\n' > .gitattributes
printf 'first\n' > README.txt
printf '*.tmp\n' > .gitignore
git add -A
git commit -qm "everything through git-dvx"
assert_eq "* filter=dvx -text" "$(git cat-file -p HEAD:.gitattributes)" ".gitattributes is committed as plain text"
assert_eq "$(cat .dvxconfig)" "$(git cat-file -p HEAD:.dvxconfig)" ".dvxconfig is committed as plain text"
assert_eq "*.tmp" "$(git cat-file -p HEAD:.gitignore)" ".gitignore is committed as plain text"
assert_contains "$(git cat-file -p HEAD:README.txt)" "oid sha256:$(sha_of README.txt)" "other files become pointers"
git push -q origin main
assert_contains "$(store_oids)" "$(sha_of README.txt)" "the pushed README object is in the store"

# A fresh clone by bob works: attributes, store config and data all arrive.
run_capture as bob git clone -q "$TEAM_ORIGIN" "$TEAM/bob2"
assert_eq 0 "$RC" "bob's clone of the '* filter=dvx' repository succeeds: $OUT"
for f in .gitattributes .dvxconfig .gitignore README.txt data/a.bin data/b.bin; do
  assert_eq "$(sha_of "$TEAM/alice/$f")" "$(sha_of "$TEAM/bob2/$f")" "bob's clone has $f byte for byte"
done
assert_eq "" "$(as bob git -C "$TEAM/bob2" status --porcelain)" "bob's clone is clean"

# --- Smudge passes a control file through even when it looks like a pointer
# whose object is in the cache (a repository committed before this fix).
cd "$TEAM/alice"
ptr=$(git cat-file -p HEAD:README.txt)
blob=$(printf '%s\n' "$ptr" | git hash-object -w --no-filters --stdin)
git update-index --add --cacheinfo "100644,$blob,.gitignore"
git commit -qm "a pointer-looking .gitignore"
rm .gitignore
git checkout -- .gitignore
assert_eq "$ptr" "$(cat .gitignore)" "a pointer-looking .gitignore is checked out as-is, not as the object"
assert_eq "$blob" "$(git hash-object .gitignore)" "and it cleans back to the same blob"
finish
