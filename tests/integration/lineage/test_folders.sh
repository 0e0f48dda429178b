#!/usr/bin/env bash
# Folders and ranges (issue 14): `git dvx log FOLDER` lists the versions of
# every tracked file under it (as `git log -- FOLDER`), `git dvx diff` takes
# paths (after `--` or as the first non-revision), and `git dvx ls-files A..B`
# lists the files whose pointer B added or changed since A (as
# `git lfs ls-files A B`; removals not listed). Oracles: git log, git diff,
# sha256sum.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track 'data/**/*.csv' 'other/*.csv' >/dev/null
mkdir -p data/sub other docs
seq 1 100 >data/a.csv
echo "about the data" >data/README.md  # plain git content, not tracked
seq 1 50 >other/c.csv
echo "plain" >docs/guide.md
git add .
git commit -qm "r1: a, notes, c"
git tag r1
seq 1 70 >data/sub/b.csv
git add data/sub/b.csv
git commit -qm "r2: b"
git tag r2
seq 1 60 >other/c.csv
git commit -qam "r3: c only"
git tag r3
seq 1 200 >data/a.csv
git rm -q data/sub/b.csv
git commit -qam "r4: a changed, b removed"
git tag r4
sha_a4=$(sha_of data/a.csv)
sha_c3=$(sha_of other/c.csv)

# The oracle: git's own log of the folder, one "commit path" per changed
# tracked file (README.md is plain git content and never a version).
pairs_git() {  # FOLDER
  git log --format='C %H' --name-only -- "$1" |
    awk '/^C /{c=$2; next} NF && $0 != "data/README.md" {print c, $0}' | sort
}
pairs_dvx() {  # ARGS...
  git dvx log "$@" --json |
    "$PY" -c 'import json,sys; [print(v["commit"], v["path"]) for v in json.load(sys.stdin)["versions"]]' | sort
}
assert_eq "$(pairs_git data)" "$(pairs_dvx data)" "log of a folder = git log -- data (tracked files)"
assert_eq 4 "$(pairs_dvx data | wc -l)" "a twice, b added and removed"
assert_eq "$(pairs_dvx data)" "$(pairs_dvx data/)" "a trailing slash is the same folder"
assert_eq "$(pairs_git data/sub)" "$(pairs_dvx data/sub)" "log of a subfolder"
assert_eq "$(pairs_dvx data)" "$(cd data && pairs_dvx .)" "'.' inside the folder"
# Newest first, as git log; the removal shows as such.
first=$(git dvx log data --json | "$PY" -c 'import json,sys; v=json.load(sys.stdin)["versions"]; print(v[0]["path"], v[0]["oid"], v[1]["path"], v[1]["removed"], v[-1]["commit"])')
assert_eq "data/a.csv $sha_a4 data/sub/b.csv True $(git rev-parse r1)" "$first" "folder log order and contents"
# The text table names each file.
run_capture git dvx log data
assert_eq 0 "$RC" "log of a folder exits 0"
assert_eq 4 "$(grep -c 'r[124]:' <<<"$OUT")" "one line per version"
assert_contains "$(grep 'r2: b' <<<"$OUT")" "data/sub/b.csv" "the table names the file"
assert_contains "$(grep 'r4:' <<<"$OUT" | head -1)" "data/a.csv" "the table names the file (r4)"
assert_not_contains "$OUT" "README" "plain files are not versions"
# A range limits the walk, as for a file.
assert_eq "$(git log --format=%H r2..r4 -- data | sort -u)" \
  "$(pairs_dvx data r2..r4 | cut -d' ' -f1 | sort -u)" "folder log over a range"
# A folder without tracked files, and a path that never existed.
run_capture git dvx log docs
assert_eq 1 "$RC" "log of a folder with no tracked file fails"
assert_contains "$OUT" "no file under 'docs' is tracked by git-dvx in HEAD" "says so"
run_capture git dvx log nosuch
assert_eq 1 "$RC" "log of an unknown path fails"
assert_contains "$OUT" "'nosuch' is not in the history of HEAD" "names the path"

# diff restricted to paths. Oracle: git diff --name-status.
names_dvx() {  # ARGS...: "A path" / "D path" / "M path", sorted
  git dvx diff --json "$@" | "$PY" -c '
import json,sys
d=json.load(sys.stdin)
for k,t in (("added","A"),("removed","D"),("modified","M")):
    for c in d[k]: print(t, c["path"])' | sort
}
names_git() { git diff --name-status "$@" | awk '$2 != "data/README.md" && $2 !~ /^docs/ {print $1, $2}' | sort; }
assert_eq "$(names_git r1 r4 -- data)" "$(names_dvx r1 r4 -- data)" "diff r1 r4 -- data"
assert_eq "M data/a.csv" "$(names_dvx r1 r4 -- data)" "only a.csv under data changed r1..r4"
assert_eq "M other/c.csv" "$(names_dvx r1 r4 other)" "a path without -- (not a revision, exists)"
assert_eq "$(names_git r2 r4)" "$(names_dvx r2..r4)" "no path: every tracked file"
assert_eq "D data/sub/b.csv" "$(names_dvx r2 -- data/sub)" "worktree against r2, under data/sub"
assert_eq "no tracked data changed" "$(git dvx diff r3 r4 -- other)" "nothing under other changed r3..r4"
(cd data && assert_eq "M data/a.csv" "$(names_dvx r1 r4 -- .)" "a path relative to the current folder"
 [ "$_failures" -eq 0 ]) || fail "diff from a subfolder"

# ls-files with a range: added or changed pointers, removals left out.
ls_paths() { git dvx ls-files "$@" | awk '{print $NF}'; }
assert_eq "$(printf '%s\n' data/a.csv other/c.csv)" "$(ls_paths r1..r4)" "ls-files r1..r4: a and c changed (b added then removed)"
assert_eq "$(printf '%s\n' data/a.csv other/c.csv)" "$(ls_paths r1 r4)" "two revisions as git lfs ls-files A B"
assert_eq "data/sub/b.csv" "$(ls_paths r1..r2)" "ls-files r1..r2: b added"
assert_eq "other/c.csv" "$(ls_paths r2..r3)" "ls-files r2..r3"
assert_eq "" "$(ls_paths r3..r4 | grep sub || true)" "a removal is not listed"
assert_eq "data/a.csv" "$(ls_paths r3..r4)" "r3..r4: a changed, c unchanged left out"
got=$(git dvx ls-files --long r2..r3)
assert_eq "$sha_c3" "$(awk '{print $1}' <<<"$got")" "the new pointer's oid"
assert_eq "" "$(ls_paths ..r4)" "..r4 is HEAD..r4: nothing changed"
run_capture git dvx ls-files r1...r4
assert_eq 2 "$RC" "a symmetric range is a usage error"
assert_contains "$OUT" "'r1...r4' is a symmetric range" "names the range"
run_capture git dvx ls-files r1..nosuch
assert_eq 1 "$RC" "an unknown revision fails"
assert_contains "$OUT" "nosuch" "names the revision"

finish
