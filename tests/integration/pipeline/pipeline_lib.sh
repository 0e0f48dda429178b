# Helpers shared by the pipeline integration tests (sourced).
set -euo pipefail

: "${DVX_BIN:?DVX_BIN must point to the git-dvx binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dvx-pipe.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin"
ln -s "$DVX_BIN" "$WORK/bin/git-dvx"
export PATH="$WORK/bin:$PATH"
export GIT_CONFIG_NOSYSTEM=1 HOME="$WORK/home"
mkdir -p "$HOME"
git config --global user.name tester
git config --global user.email tester@example.com
git config --global init.defaultBranch main
COUNT="$WORK/executions"   # side-effect file outside the outs: one line per stage execution
: >"$COUNT"
export COUNT
PY=/usr/bin/python3  # Debian python (tomllib)

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }
# count NAME: how many times stage NAME executed so far
count() { grep -cx "$1" "$COUNT" || true; }
expect_count() { local got; got=$(count "$1"); [ "$got" = "$2" ] || fail "stage $1 executed $got times, expected $2"; }
expect_contains() { grep -qF -- "$2" <<<"$1" || fail "expected output to contain '$2', got:
$1"; }
expect_not_contains() { if grep -qF -- "$2" <<<"$1"; then fail "expected output not to contain '$2', got:
$1"; fi; }
# lock_oid STAGE KIND PATH: the oid dvx.lock records (read with python's tomllib-free parser: the toml module)
lock_field() {
  /usr/bin/python3 - "$1" "$2" "$3" "$4" <<'PY'
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
sha() { sha256sum "$1" | cut -d' ' -f1; }
