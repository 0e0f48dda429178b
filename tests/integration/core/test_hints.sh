#!/usr/bin/env bash
# First-contact messages (issue 14): `git dvx table` reads CSV as well as
# Parquet; a file that still holds pointer text gets the next step
# ('git dvx pull PATH') instead of a reader error; `git dvx track` of files
# already committed as plain content says to renormalize them; counts in
# messages have their plural right ("1 object").
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"

# --- table reads CSV (delimiter detected, quoted fields, nulls), TSV by extension.
printf 'name,x,flag\n"a,b",1,yes\nc,2.5,\nd,,no\n' >t.csv
run_capture git dvx table t.csv
assert_eq 0 "$RC" "table of a CSV exits 0"
assert_eq "$(printf 'name,x,flag\n"a,b",1,yes\nc,2.5,\nd,,no')" "$OUT" "table prints the CSV back as read"
got=$(git dvx table t.csv --format json | "$PY" -c '
import json,sys
d=json.load(sys.stdin)
want = [("name", "categorical", ["a,b", "c", "d"]), ("x", "numeric", [1, 2.5, None]),
        ("flag", "categorical", ["yes", None, "no"])]
print(d["rows"], [(c["name"], c["kind"], c["values"]) for c in d["columns"]] == want)')
assert_eq "3 True" "$got" "JSON: kinds and values (nulls as null)"
assert_eq "$(printf 'x,name\n1,"a,b"')" "$(git dvx table t.csv --columns x,name --limit 1)" "--columns picks and orders"
run_capture git dvx table t.csv --columns nosuch
assert_eq 2 "$RC" "an unknown column is a usage error"
assert_contains "$OUT" "t.csv: no column 'nosuch'" "names the file and the column"
printf 'a\tb\n1\tx,y\n' >t.tsv
assert_eq "$(printf 'a,b\n1,"x,y"')" "$(git dvx table t.tsv)" "a .tsv is tab-separated"
printf 'a;b\n1;2\n' >semi.txt
assert_eq "$(printf 'a,b\n1,2')" "$(git dvx table semi.txt --delimiter ';')" "--delimiter"

# --- pointer text: the next step, not a reader error (CSV and Parquet names).
git dvx track 'data/**' >/dev/null
mkdir -p data
cp t.csv data/t.csv
head -c 3000 /dev/urandom >data/p.parquet
git add .gitattributes data
git commit -qm data
oid_t=$(sha_of data/t.csv)
oid_p=$(sha_of data/p.parquet)
rm data/t.csv data/p.parquet
GIT_DVX_SKIP_SMUDGE=1 git checkout -- data
assert_contains "$(cat data/p.parquet)" "oid sha256:$oid_p" "p.parquet holds its pointer"
run_capture git dvx table data/p.parquet
assert_eq 1 "$RC" "table of pointer text fails"
assert_contains "$OUT" "data/p.parquet: holds the git-dvx pointer of object ${oid_p:0:12}… (3.00 kB), not its data; run 'git dvx pull data/p.parquet' first" \
  "names the file, the object and the next step"
assert_not_contains "$OUT" "magic" "no Parquet reader error"
run_capture git dvx table data/t.csv
assert_eq 1 "$RC" "table of a CSV's pointer text fails"
assert_contains "$OUT" "run 'git dvx pull data/t.csv' first" "CSV: the next step"
git dvx pull data/t.csv 2>/dev/null || true
git checkout -- data 2>/dev/null
assert_file_sha data/t.csv "$oid_t" "after checkout the data is back"
assert_eq "$(printf 'name,x,flag\n"a,b",1,yes')" "$(git dvx table data/t.csv --limit 1)" "then table reads it"

# --- track of files committed before as plain content: how to convert them.
mkdir -p models
head -c 5000 /dev/urandom >models/m.bin
head -c 6000 /dev/urandom >models/n.bin
git add models && git commit -qm "models as plain blobs"
run_capture git dvx track 'models/*.bin'
assert_eq 0 "$RC" "track exits 0"
assert_contains "$OUT" "tracking \"models/*.bin\"" "track says what it tracks"
assert_contains "$OUT" "2 files already in git as plain content (models/m.bin, models/n.bin); to store them with git-dvx, run" \
  "names the committed files"
assert_contains "$OUT" "git add --renormalize ." "the command to run"
# The hint is right: renormalizing turns both into pointers.
git add .gitattributes && git add --renormalize . && git commit -qm "models through git-dvx"
for f in models/m.bin models/n.bin; do
  assert_contains "$(git cat-file -p "HEAD:$f")" "oid sha256:$(sha_of "$f")" "$f is a pointer after renormalizing"
done
run_capture git dvx track 'models/*.bin'
assert_contains "$OUT" "already tracked" "tracking again"
assert_not_contains "$OUT" "renormalize" "nothing left to convert: no hint"
head -c 100 /dev/urandom >one.dat
git add one.dat && git commit -qm one
run_capture git dvx track '*.dat'
assert_contains "$OUT" "1 file already in git as plain content (one.dat); to store it with git-dvx" "singular"

# --- plurals.
new_repo "$TEST_ROOT/single"
git dvx track '*.bin' >/dev/null
head -c 1000 /dev/urandom >a.bin
git add . && git commit -qm one
run_capture git dvx fsck
assert_eq "ok: 1 object verified, every pointer has its object" "$OUT" "fsck: 1 object"
git init -q --bare "$TEST_ROOT/single.git"
git remote add origin "$TEST_ROOT/single.git"
run_capture git push -q origin main
assert_eq 0 "$RC" "push without a store goes ahead"
assert_contains "$OUT" "the pushed commits reference 1 data object that was NOT uploaded" "pre-push: 1 object, was"
rm .git/dvx/objects/*/*/*
run_capture git dvx fsck
assert_contains "$OUT" "fsck found 1 problem (0 objects checked)" "fsck: 1 problem"

finish
