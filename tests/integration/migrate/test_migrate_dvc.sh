#!/usr/bin/env bash
# `git dvx migrate dvc` on hand-made DVC 2.x and 3.x projects (lib_dvc.sh):
# files, a folder, data only in DVC's cache or only in its directory remote,
# a pipeline with params and a cache: false metric. After the migration:
# every data file byte-identical, pointers as git-lfs writes them, repro up
# to date, a param change re-runs exactly the dependent stages, a fresh clone
# materialises everything, and a re-run changes nothing.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
. "$HERE/lib_dvc.sh"
export COUNT="$TEST_ROOT/executions"

git dvx install --global --skip-repo >/dev/null
for version in 2 3; do
  base="$TEST_ROOT/v$version"
  make_dvc_project "$version" "$base/proj" "$base/dvcstore"
  git init -q --bare "$base/origin.git"
  git remote add origin "$base/origin.git"
  : > "$COUNT"

  run_capture git dvx migrate dvc --dry-run
  assert_eq 0 "$RC" "v$version: dry run: $OUT"
  assert_contains "$OUT" "track models/base.bin (from models/base.bin.dvc): not in the workspace" "v$version: plan"
  [ -e data/raw.csv.dvc ] && [ ! -e dvx.toml ] && pass || fail "v$version: dry run changed files"

  run_capture git dvx migrate dvc
  assert_eq 0 "$RC" "v$version: migrate dvc exits 0: $OUT"
  assert_contains "$OUT" "3 .dvc files converted, 5 outputs tracked by git-dvx" "v$version: summary"
  assert_contains "$OUT" "from DVC cache" "v$version: a file came from DVC's cache"
  assert_contains "$OUT" "from DVC remote 'storage'" "v$version: a file came from DVC's remote"
  assert_contains "$OUT" "dvc.lock -> dvx.lock: 3 stages up to date" "v$version: lock converted"
  assert_contains "$OUT" "stage 'summarize': plots" "v$version: unsupported keys are listed"
  assert_contains "$OUT" "remote 'storage' -> .dvxconfig" "v$version: remote converted"
  assert_eq "Switch from DVC to git-dvx (git dvx migrate dvc)" "$(git log -1 --format=%s)" "v$version: one commit"
  assert_eq "" "$(git status --porcelain)" "v$version: nothing left over"

  # Every data file byte-identical, stored as the pointer git-lfs would write.
  while read -r sha path; do
    assert_file_sha "$path" "$sha" "v$version: $path byte-identical"
    assert_eq "$(git lfs pointer --file="$path" 2>/dev/null)" "$(git cat-file -p "HEAD:$path")" \
      "v$version: $path committed as its git-lfs pointer"
  done < "$base/expected.txt"
  assert_eq "" "$(git ls-files '*.dvc' dvc.yaml dvc.lock .dvc)" "v$version: DVC's files are out of git"
  assert_eq "" "$(cat .gitignore data/.gitignore 2>/dev/null | grep -E 'raw.csv|prepared|images|summary' || true)" \
    "v$version: DVC's .gitignore lines removed"
  [ -e models/.gitignore ] && fail "v$version: a .gitignore DVC made for one output is removed" || pass
  assert_eq '{"rows": 200}' "$(git cat-file -p HEAD:metrics.json)" "v$version: the cache: false metric stays a git file"
  assert_contains "$(cat dvx.toml)" '[stages.prepare]' "v$version: dvx.toml has the stages"
  assert_contains "$(cat dvx.toml)" 'params = [{ file = "params.yaml", keys = ["prepare.scale"] }]' "v$version: params"
  assert_contains "$(cat .dvxconfig)" "url = '../dvcstore'" "v$version: .dvxconfig names DVC's remote folder (relative to the root, as DVC's was to .dvc/)"
  n=$(find "$base/dvcstore" -regextype egrep -regex '.*/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}' | wc -l)
  assert_eq 7 "$n" "v$version: the objects of all 7 data files were pushed to the store"

  # repro right after: up to date; a param change re-runs exactly its stages.
  run_capture git dvx repro
  assert_eq 0 "$RC" "v$version: repro: $OUT"
  assert_eq "" "$(cat "$COUNT")" "v$version: repro right after the migration runs nothing: $OUT"
  sed -i 's/scale: 3/scale: 4/' params.yaml
  git dvx repro >/dev/null 2>&1
  assert_eq "prepare evaluate" "$(tr '\n' ' ' < "$COUNT" | sed 's/ $//')" "v$version: a param change re-runs prepare and evaluate only"
  git checkout -q -- params.yaml data metrics.json dvx.lock 2>/dev/null || true
  git push -q origin HEAD:main

  # A fresh clone by another user materialises everything.
  (
    export HOME="$base/other-home" && mkdir -p "$HOME" && cd "$base"
    git config --global user.name o && git config --global user.email o@x
    git dvx install --global --skip-repo >/dev/null
    git clone -q "$base/origin.git" clone && cd clone
    while read -r sha path; do
      assert_file_sha "$path" "$sha" "v$version: fresh clone: $path"
    done < "$base/expected.txt"
    echo "$_failures" > "$base/clone-failures"
  )
  _failures=$((_failures + $(cat "$base/clone-failures")))

  # Safe to re-run.
  run_capture git dvx migrate dvc
  assert_eq 0 "$RC" "v$version: re-run exits 0"
  assert_contains "$OUT" "nothing to migrate" "v$version: re-run finds nothing to do"
done

# An output found nowhere: named, non-zero exit, nothing committed.
make_dvc_project 3 "$TEST_ROOT/broken/proj" "$TEST_ROOT/broken/dvcstore"
rm -rf "$TEST_ROOT/broken/dvcstore"/files
head=$(git rev-parse HEAD)
run_capture git dvx migrate dvc
assert_eq 1 "$RC" "missing data fails the migration: $OUT"
assert_contains "$OUT" "'models/base.bin' (from models/base.bin.dvc): md5" "the missing output is named"
assert_eq "$head" "$(git rev-parse HEAD)" "nothing committed"
[ -e models/base.bin.dvc ] && pass || fail "the .dvc file is kept"
finish
