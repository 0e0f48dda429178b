#!/usr/bin/env bash
# History across `git dvx migrate dvc`: a hand-made DVC 3.x project with two
# committed versions of data/raw.csv (v1's object only in DVC's remote, v2's
# only in DVC's cache) and a folder tracked by one .dvc file. After the
# migration, `git dvx log` lists the versions from before it (named by DVC's
# md5), and `drift` and `diff --rows` read old revisions through the .dvc
# files: from DVC's cache, else its remote (in a fresh clone, as the old
# commit's .dvc/config names it); an object found nowhere is an error.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
. "$HERE/../pipeline/pipeline_lib.sh"  # ok: reports a group of checks

git dvx install --global --skip-repo >/dev/null
remote="$TEST_ROOT/dvcstore"
mkdir -p "$TEST_ROOT/proj" "$remote"
cd "$TEST_ROOT/proj"
git init -q
gen() {  # STEP: writes the DVC project's files for version STEP (1 or 2)
  $PY - "$1" "$remote" <<'PY'
import hashlib, json, os, sys
step, remote = int(sys.argv[1]), sys.argv[2]
def md5(b): return hashlib.md5(b).hexdigest()
def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f: f.write(data)
def obj(root, data): write(os.path.join(root, "files/md5", md5(data)[:2], md5(data)[2:]), data)
def dvc_file(path, h, size, extra=""):
    write(path + ".dvc", ("outs:\n- md5: %s\n  size: %d\n%s  hash: md5\n  path: %s\n" % (h, size, extra, os.path.basename(path))).encode())
write(".dvc/config", ("[core]\n    remote = storage\n['remote \"storage\"']\n    url = %s\n" % remote).encode())
write(".dvc/.gitignore", b"/config.local\n/tmp\n/cache\n")
rows = 100 if step == 1 else 150
raw = ("x,y\n" + "".join("%d,%.3f\n" % (i, (i % 17) * (1.0 if step == 1 else 2.5)) for i in range(rows))).encode()
write("data/raw.csv", raw)
obj(remote if step == 1 else ".dvc/cache", raw)   # v1 only in the remote, v2 only in the cache
dvc_file("data/raw.csv", md5(raw), len(raw))
write("data/.gitignore", b"/raw.csv\n/crlf.csv\n")
if step == 1:
    # DVC 2.x (no "hash: md5" line): a text file's md5 is of its bytes with
    # CRLF read as LF (DVC's dos2unix); its cache keeps the bytes as they are,
    # at <cache>/ab/cdef (2.x layout). The oracle is Python's md5 here.
    crlf = b"k,v\r\n" + b"".join(b"%d,%d\r\n" % (i, 3 * i) for i in range(30))
    h2 = md5(crlf.replace(b"\r\n", b"\n"))
    assert h2 != md5(crlf)
    write("data/crlf.csv", crlf)
    write(os.path.join(".dvc/cache", h2[:2], h2[2:]), crlf)
    write("data/crlf.csv.dvc", ("outs:\n- md5: %s\n  size: %d\n  path: crlf.csv\n" % (h2, len(crlf))).encode())
    write("data/.gitignore", b"/raw.csv\n/crlf.csv\n")
    a = b"k,v\n" + b"".join(b"%d,%d\n" % (i, i * i) for i in range(40))
    write("images/a.csv", a); obj(".dvc/cache", a)
    manifest = json.dumps([{"md5": md5(a), "relpath": "a.csv"}]).encode()
    h = md5(manifest) + ".dir"   # DVC names a folder's manifest <md5>.dir
    write(os.path.join(".dvc/cache/files/md5", h[:2], h[2:]), manifest)
    write("images.dvc", ("outs:\n- md5: %s\n  size: %d\n  nfiles: 1\n  hash: md5\n  path: images\n" % (h, len(a))).encode())
    write(".gitignore", b"/images\n")
print(md5(raw))
PY
}
md5_1=$(gen 1)
git add -A && git commit -qm "v1 of the data (DVC)"
c1=$(git rev-parse HEAD)
md5_2=$(gen 2)
git add -A && git commit -qm "v2 of the data (DVC)"
c2=$(git rev-parse HEAD)
sha_2=$(sha_of data/raw.csv)
git init -q --bare "$TEST_ROOT/origin.git" && git remote add origin "$TEST_ROOT/origin.git"
run_capture git dvx migrate dvc
assert_eq 0 "$RC" "migrate dvc: $OUT"

# --- log: the versions from before the migration ------------------------------------------
log=$(git dvx log data/raw.csv --json)
$PY - "$log" "$sha_2" "$md5_1" "$md5_2" "$c1" "$c2" <<'PY' && pass || fail "log across the migration: $log"
import json, sys
doc = json.loads(sys.argv[1]); sha2, m1, m2, c1, c2 = sys.argv[2:7]
vs = doc["versions"] if isinstance(doc, dict) else doc
got = [(v["oid"], v["previous_oid"]) for v in vs]
assert got == [(sha2, "md5:" + m2), ("md5:" + m2, "md5:" + m1), ("md5:" + m1, None)], got
assert [v["commit"] for v in vs[1:]] == [c2, c1], vs
assert vs[0]["subject"].startswith("Switch from DVC to git-dvx"), vs[0]
PY
table=$(git dvx log data/raw.csv)
assert_contains "$table" "md5:${md5_1:0:6}" "the table names DVC's md5 for the old versions"
ok "git dvx log follows data/raw.csv.dvc into the commits before the migration"

# --- drift and diff --rows read the old revisions -----------------------------------------
drift_rows() {  # JSON of git dvx drift on stdin: "<rows before> <rows after>"
  $PY -c 'import json, sys; d = json.load(sys.stdin); print(d["rows_before"], d["rows_after"])'
}
run_capture git dvx drift data/raw.csv --from "$c1" --to "$c2" --format json
[ "$RC" -eq 0 ] && pass || fail "drift between two DVC-era commits: $OUT"
assert_eq "100 150" "$(printf '%s' "$OUT" | drift_rows)" "drift read v1 (DVC remote) and v2 (DVC cache)"
run_capture git dvx drift data/raw.csv --from "$c1" --format json
[ "$RC" -eq 0 ] && pass || fail "drift from a DVC-era commit to the worktree: $OUT"
assert_eq "100 150" "$(printf '%s' "$OUT" | drift_rows)" "drift from v1 to the migrated worktree"
run_capture git dvx drift images/a.csv --from "$c1" --format json
[ "$RC" -eq 0 ] && pass || fail "drift of a file of a DVC-tracked folder: $OUT"
assert_eq "40 40" "$(printf '%s' "$OUT" | drift_rows)" "images/a.csv at v1 through the folder's .dir manifest"
out=$(git dvx diff data/raw.csv --rows --key x "$c1" "$c2" --format json)
# v1: x 0..99, y = (x % 17); v2: x 0..149, y = (x % 17) * 2.5: 50 rows added,
# the 6 rows with x % 17 == 0 unchanged, the other 94 modified.
$PY - "$out" <<'PY' && pass || fail "diff --rows across DVC commits: $out"
import json, sys
d = json.loads(sys.argv[1])
got = [d[k] for k in ("rows_before", "rows_after", "added", "removed", "modified", "unchanged")]
assert got == [100, 150, 50, 0, 94, 6], got
PY
crlf_sha=$(sha_of data/crlf.csv)
assert_eq "$($PY -c 'import hashlib,sys; print(hashlib.sha256(b"k,v\r\n" + b"".join(b"%d,%d\r\n" % (i, 3 * i) for i in range(30))).hexdigest())')" \
  "$crlf_sha" "the CRLF file is migrated byte for byte"
run_capture git dvx drift data/crlf.csv --from "$c1" --format json
[ "$RC" -eq 0 ] && pass || fail "drift of a DVC 2.x CRLF file: $OUT"
assert_eq "30 30" "$(printf '%s' "$OUT" | drift_rows)" "the DVC 2.x object (CRLF, md5 of its LF form) is read and verified"
ok "drift and diff --rows read DVC-era revisions from DVC's cache and remote"

# --- a fresh clone: no .dvc/ on disk; the old commit's .dvc/config names the remote -------
git push -q origin HEAD:main
git clone -q "$TEST_ROOT/origin.git" "$TEST_ROOT/clone"
cd "$TEST_ROOT/clone"
[ ! -e .dvc ] && pass || fail "the clone has no .dvc folder"
run_capture git dvx drift data/raw.csv --from "$c1" --format json
[ "$RC" -eq 0 ] && pass || fail "fresh clone: drift from v1 (DVC remote): $OUT"
assert_eq "100 150" "$(printf '%s' "$OUT" | drift_rows)" "fresh clone: v1 from DVC's remote"
run_capture git dvx drift data/raw.csv --from "$c2"
assert_eq 2 "$RC" "fresh clone: v2 was only in the other machine's DVC cache: $OUT"
assert_contains "$OUT" "data/raw.csv at $c2 was tracked by DVC (data/raw.csv.dvc: md5 $md5_2)" "names file, .dvc and md5"
assert_contains "$OUT" "$remote" "names where it looked"
ok "a fresh clone reads old versions from DVC's remote; an object found nowhere is an error"
finish
