#!/usr/bin/env bash
# A repository made by Debian's real git-lfs (several versions, tags) moves to
# git-dvx with `git dvx migrate lfs`; a user without git-lfs (its config
# removed by `git lfs uninstall`) clones it and every tag checks out with the
# right bytes, served from the git-dvx store by `git dvx install --lfs`.
. "$(dirname "$0")/../lib.sh"

command -v git-lfs >/dev/null || { echo "git-lfs missing (install/deps.sh)"; exit 1; }
STORE="$TEST_ROOT/store"
ORIGIN="$TEST_ROOT/origin.git"
git init -q --bare "$ORIGIN"

# --- the git-lfs user makes the repository -------------------------------
export HOME="$TEST_ROOT/lfs-home"
mkdir -p "$HOME"
git lfs install >/dev/null
mkdir -p "$TEST_ROOT/repo" && cd "$TEST_ROOT/repo"
git init -q -b main
git lfs install --local >/dev/null 2>&1 || true
git lfs track '*.bin' 'data/**' >/dev/null
echo "code v1" > train.py
declare -A want   # "<tag>:<path>" -> sha256
for v in 1 2 3; do
  mkdir -p data/raw
  head -c $((3000 * v + 7)) /dev/urandom > model.bin
  printf 'id,value\n%s,%s\n' "$v" "$RANDOM" > data/raw/table.csv
  [ "$v" = 2 ] && printf 'only in v2\n' > "data/raw/with space.txt"
  [ "$v" = 3 ] && rm -f "data/raw/with space.txt"
  git add -A
  git commit -qm "version $v"
  git tag "v$v"
  for f in model.bin data/raw/table.csv "data/raw/with space.txt"; do
    [ -f "$f" ] && want["v$v:$f"]=$(sha_of "$f")
  done
done
assert_contains "$(git cat-file -p v1:model.bin)" "version https://git-lfs.github.com/spec/v1" "git-lfs wrote pointers"
assert_contains "$(cat .git/hooks/pre-push)" "git lfs pre-push" "git-lfs installed its pre-push hook"
lfs_objects=$(find .git/lfs/objects -type f | wc -l)
assert_eq 7 "$lfs_objects" "git-lfs holds 3 models + 3 tables + 1 text"

# --- migrate (git-dvx on PATH; the dvx filter configured for this repo) ----
git dvx remote add --default store "$STORE" >/dev/null
run_capture git dvx migrate lfs --dry-run
assert_eq 0 "$RC" "dry run exits 0: $OUT"
assert_contains "$OUT" "would adopt 7 objects" "dry run counts the objects"
assert_contains "$(cat .gitattributes)" "filter=lfs" "dry run changes nothing"

git add .dvxconfig
run_capture git dvx migrate lfs
assert_eq 0 "$RC" "migrate lfs exits 0: $OUT"
assert_contains "$OUT" "objects: 7 adopted into the cache" "every git-lfs object adopted: $OUT"
assert_contains "$OUT" "git-lfs's pre-push hook removed" "git-lfs's hook replaced"
assert_contains "$OUT" "7 objects" "the upload covers every tag's objects: $OUT"
assert_contains "$OUT" 'filter "dvx" configured in .git/config' "the dvx filter is configured for the data"
assert_eq "*.bin filter=dvx -text
data/** filter=dvx -text" "$(sort .gitattributes)" ".gitattributes switched"
assert_eq "Switch from git-lfs to git-dvx (git dvx migrate lfs)" "$(git log -1 --format=%s)" "one commit"
assert_eq "" "$(git status --porcelain)" "nothing left over"
assert_eq "" "$(git diff HEAD~1 HEAD --stat -- model.bin data)" "the pointers did not change"
grep -q 'git-dvx' .git/hooks/pre-push && pass || fail "git-dvx's pre-push hook installed"
# Cache and store hold exactly git-lfs's objects, verified by name.
lfs_oids=$(find .git/lfs/objects -type f -printf '%f\n' | sort)
assert_eq "$lfs_oids" "$(find .git/dvx/objects -type f -printf '%f\n' | sort)" "the cache holds git-lfs's objects"
assert_eq "$lfs_oids" "$(find "$STORE" -type f -printf '%f\n' | sort)" "the store holds git-lfs's objects"
for f in $(find "$STORE" -type f); do
  assert_eq "$(basename "$f")" "$(sha_of "$f")" "store object $(basename "$f") matches its name"
done
# Safe to re-run.
run_capture git dvx migrate lfs
assert_eq 0 "$RC" "re-run exits 0: $OUT"
assert_contains "$OUT" "nothing to commit" "re-run commits nothing"
assert_contains "$OUT" "0 adopted" "re-run adopts nothing"
git remote add origin "$ORIGIN"
git push -q origin main --tags

# --- a user without git-lfs ---------------------------------------------------
export HOME="$TEST_ROOT/user-home"
mkdir -p "$HOME" && cd "$TEST_ROOT"
git lfs install >/dev/null   # then removed: the user has no git-lfs filter any more
git lfs uninstall >/dev/null
assert_eq "" "$(git config --global --get filter.lfs.process || true)" "git lfs uninstall removed its filter"
git dvx install --global --skip-repo >/dev/null
cd "$TEST_ROOT" && git clone -q "$ORIGIN" plain && cd plain
git dvx remote add --local --default store "$STORE" >/dev/null
git checkout -q v1 2>/dev/null
assert_contains "$(cat model.bin)" "version https://git-lfs.github.com/spec/v1" \
  "without install --lfs, a commit from before the switch checks out pointer text"

run_capture git dvx install --global --lfs --skip-repo
assert_eq 0 "$RC" "install --lfs exits 0: $OUT"
assert_contains "$OUT" "filter \"lfs\" is git-dvx too" "install --lfs says what it did"
assert_eq "git-dvx filter-process" "$(git config --global filter.lfs.process)" "lfs filter driver is git-dvx"
cd "$TEST_ROOT" && git clone -q "$ORIGIN" fresh && cd fresh
git dvx remote add --local --default store "$STORE" >/dev/null
for tag in v1 v2 v3 main; do
  git checkout -q "$tag" 2>"$TEST_ROOT/err" || fail "checkout $tag: $(cat "$TEST_ROOT/err")"
  t=$tag; [ "$t" = main ] && t=v3
  for f in model.bin data/raw/table.csv "data/raw/with space.txt"; do
    if [ -n "${want[$t:$f]:-}" ]; then
      assert_file_sha "$f" "${want[$t:$f]}" "$tag:$f from the git-dvx store"
    else
      [ -e "$f" ] && fail "$tag: $f should not exist" || pass
    fi
  done
  assert_eq "" "$(git status --porcelain)" "$tag: clean worktree"
done
[ -d .git/lfs ] && fail "git-lfs was never called (.git/lfs exists)" || pass

# uninstall removes the lfs driver install --lfs wrote.
run_capture git dvx uninstall --global --skip-hooks
assert_contains "$OUT" "filter \"lfs\" (git-dvx's" "uninstall removes git-dvx's lfs driver"
assert_eq "" "$(git config --global --get filter.lfs.process || true)" "no lfs driver left"

# --- a damaged git-lfs object is named and kept out of the cache ----------
export HOME="$TEST_ROOT/lfs-home"
cd "$TEST_ROOT/repo"
oid=$(find .git/lfs/objects -type f -printf '%f\n' | head -1)
obj=$(find .git/lfs/objects -name "$oid")
rm -f ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid"
chmod u+w "$obj"; printf 'garbage' > "$obj"
run_capture git dvx migrate lfs --no-push
assert_eq 1 "$RC" "a damaged object fails the migration: $OUT"
assert_contains "$OUT" "$oid" "the damaged object is named"
[ -e ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid" ] && fail "damaged object adopted" || pass
finish
