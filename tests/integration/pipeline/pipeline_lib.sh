# Pipeline-specific helpers for tests/integration/pipeline; source after
# ../lib.sh (temporary HOME, git, assertions, pass/fail counting).

# Side-effect file outside the outs: stage commands append one line per execution.
COUNT="$TEST_ROOT/executions"
: >"$COUNT"
export COUNT
# count NAME: how many times stage NAME executed so far
count() { grep -cx "$1" "$COUNT" || true; }
expect_count() { assert_eq "$2" "$(count "$1")" "executions of stage $1"; }

# lock_field STAGE KIND PATH FIELD: a field of an entry dvx.lock records (read with python's tomllib)
lock_field() {
  $PY - "$1" "$2" "$3" "$4" <<'PY'
import sys, tomllib
lock = tomllib.load(open("dvx.lock", "rb"))
stage, kind, path, field = sys.argv[1:]
for e in lock["stages"][stage].get(kind, []):
    if e["path"] == path:
        print(e[field]); break
else:
    print("")
PY
}

# ok NAME: reports a group of checks, "not ok" when one of them failed since the last group.
_ok_failures=0
ok() {
  if [ "$_failures" -eq "$_ok_failures" ]; then echo "ok - $*"; else echo "not ok - $*"; fi
  _ok_failures=$_failures
}
