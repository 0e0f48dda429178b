# Shared helpers for the integration tests: real git driving the real
# git-dvx in throw-away repositories. Source it first thing:
#   . "$(dirname "$0")/../lib.sh"
# ctest sets DVX_BIN, DVX_SOURCE_DIR, DVX_TESTDATA_DIR and DVX_BUILD_DIR.
set -euo pipefail

: "${DVX_BIN:?run through ctest (DVX_BIN unset)}"
DVX_SOURCE_DIR=${DVX_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PY=/usr/bin/python3  # Debian's python with scipy/botocore/boto3 (not a pyenv one)

# A private HOME and PATH with git-dvx first: global git config and hooks
# written by tests never leak into the machine's.
TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/dvx-test.XXXXXX")
export HOME="$TEST_ROOT/home"
mkdir -p "$HOME" "$TEST_ROOT/bin"
ln -sf "$DVX_BIN" "$TEST_ROOT/bin/git-dvx"
export PATH="$TEST_ROOT/bin:$PATH"
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL="committer@example.com"
export GIT_CONFIG_NOSYSTEM=1
git config --global init.defaultBranch main
git config --global advice.detachedHead false
unset GIT_DVX_SKIP_SMUDGE
# Start outside the source checkout (ctest runs tests from the build folder,
# inside it): a command run before the test's first `cd` must never act on
# the project's own repository (its hooks, its config).
cd "$TEST_ROOT"
export GIT_CEILING_DIRECTORIES=$(dirname "$TEST_ROOT")

_cleanup_hooks=()
on_exit() { _cleanup_hooks+=("$1"); }
_run_cleanup() {
  local rc=$?
  for h in "${_cleanup_hooks[@]}"; do eval "$h" || true; done
  chmod -R u+w "$TEST_ROOT" 2>/dev/null || true
  rm -rf "$TEST_ROOT"
  exit $rc
}
trap _run_cleanup EXIT

_failures=0
_checks=0
fail() { echo "FAIL: $*" >&2; _failures=$((_failures + 1)); }
pass() { _checks=$((_checks + 1)); }

assert_eq() {  # expected actual message
  if [ "$1" == "$2" ]; then pass; else fail "$3: expected [$1], got [$2]"; fi
}
assert_contains() {  # haystack needle message
  if [[ "$1" == *"$2"* ]]; then pass; else fail "$3: [$2] not in [$1]"; fi
}
assert_not_contains() {
  if [[ "$1" != *"$2"* ]]; then pass; else fail "$3: [$2] unexpectedly in [$1]"; fi
}
# sha256 of a file (sha256sum is the oracle).
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
assert_file_sha() {  # file expected-sha256 message
  local got
  got=$(sha256sum "$1" 2>/dev/null | cut -d' ' -f1 || true)
  assert_eq "$2" "$got" "$3"
}
# Runs a command that must fail; stores its stderr+stdout in $OUT and exit code in $RC.
expect_failure() {
  set +e
  OUT=$("$@" 2>&1)
  RC=$?
  set -e
  if [ "$RC" -eq 0 ]; then fail "expected failure: $*"; else pass; fi
}
run_capture() {
  set +e
  OUT=$("$@" 2>&1)
  RC=$?
  set -e
}

# A new repository with git-dvx installed (local scope) at $1; cd into it.
new_repo() {
  mkdir -p "$1"
  cd "$1"
  git init -q
  git dvx install --local >/dev/null
}

# Prints "N passed, N failed" and exits non-zero on failure.
finish() {
  echo "$_checks passed, $_failures failed"
  [ "$_failures" -eq 0 ]
}
