#!/usr/bin/env bash
# Strict configuration (issue 11): every bad .dvxconfig or dvx.remote.* git
# config entry stops push (git dvx push and the pre-push hook) with a message
# naming the file, the line and the key; nothing is written anywhere; a
# credential key is refused with where credentials belong, and no command
# prints its value.
. "$(dirname "$0")/../lib.sh"

git init -q --bare "$TEST_ROOT/origin.git"
new_repo "$TEST_ROOT/w/repo"
git dvx track 'data/**' >/dev/null
mkdir -p data && head -c 20000 /dev/urandom >data/a.bin
git add .gitattributes data && git commit -qm data
git remote add origin "$TEST_ROOT/origin.git"
store=$TEST_ROOT/w/store
mkdir -p "$store"
SECRET=wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRET

# writes .dvxconfig from the arguments, one line each
config() { printf '%s\n' "$@" >.dvxconfig; }

# expect_refused WHAT PATTERN...: git dvx push, git push (pre-push hook) and
# remote list all fail with every PATTERN in the message, never the secret,
# and nothing reaches the store, the git remote or a stray folder.
expect_refused() {
  local what=$1
  shift
  for cmd in "git dvx push" "git dvx remote list --verbose" "git push origin main"; do
    run_capture $cmd
    if [ "$RC" -eq 0 ]; then fail "$what: '$cmd' exited 0: $OUT"; else pass; fi
    for pat in "$@"; do assert_contains "$OUT" "$pat" "$what: '$cmd' message"; done
    assert_not_contains "$OUT" "$SECRET" "$what: '$cmd' never prints the secret"
  done
  assert_eq "" "$(find "$store" -type f)" "$what: nothing in the store"
  assert_eq "" "$(git --git-dir="$TEST_ROOT/origin.git" for-each-ref)" "$what: the git push was stopped"
  # (git's and the cache's object folders are named by hash: 42 among them by chance)
  assert_eq "" "$(find "$TEST_ROOT" -name 42 -not -path '*/objects/*')" "$what: no folder 42 anywhere"
}

config '[remote.s]' "url = \"$store\"" 'colour = "blue"'
expect_refused "unknown key" ".dvxconfig:3:10: remote.s.colour: unknown remote option 'colour' for directory remotes" \
  "valid: url, jobs, retries, log"

config '[core]' 'remote = "s"' '' '[remote.s]' 'url = 42'
expect_refused "url = 42" ".dvxconfig:5:7: remote.s.url must be a string (a URL or a directory path), not an integer"

config '[remote.s]' "url = \"$store\"" 'jobs = "x"'
expect_refused 'jobs = "x"' ".dvxconfig:3:8: remote.s.jobs must be an integer, not a string"

config '[remote.s]' "url = \"$store\"" 'jobs = 0'
expect_refused 'jobs = 0' ".dvxconfig:3:8: remote.s.jobs: option 'jobs': 0 is out of range [1, 256]"

config '[remote.s]' "url = \"$store\"" 'log = "yes"'
expect_refused 'log = "yes"' ".dvxconfig:3:7: remote.s.log must be true or false, not a string"

config '[remote.s]' "url = \"$store\"" "secret-access-key = \"$SECRET\""
expect_refused "secret-access-key" ".dvxconfig:3:21: remote.s.secret-access-key: 'secret-access-key' is refused" \
  "credentials never go into .dvxconfig or git config" "AWS_SECRET_ACCESS_KEY" "~/.aws"

config '[remote.s]' "url = \"$store\"" "aws_session_token = \"$SECRET\""
expect_refused "aws_session_token" ".dvxconfig:3:21: remote.s.aws_session_token: 'aws_session_token' is refused"

config '[remote.s]' "url = \"s3://AKIAEXAMPLE:$SECRET@bucket/p\""
expect_refused "credentials in the URL" ".dvxconfig:2:7: remote.s.url: remote URL 's3://***@bucket/p'" \
  "credentials do not belong in the URL"

config '[remote.s]' "url = \"$store\"" 'region = "eu-west-1"'
expect_refused "an S3 option on a directory remote" \
  ".dvxconfig:3:10: remote.s.region: unknown remote option 'region' for directory remotes"

config '[remotes.s]' "url = \"$store\""
expect_refused "unknown table" ".dvxconfig:1:1: unknown table or key 'remotes' in .dvxconfig"

config '[core]' 'remote = "s"' 'cache = "/tmp"' '[remote.s]' "url = \"$store\""
expect_refused "unknown core key" ".dvxconfig:3:9: unknown key 'core.cache'"

# git config: the same checks, naming the key and the file it is set in.
config '[remote.s]' "url = \"$store\""
git config dvx.remote.s.secret-access-key "$SECRET"
expect_refused "secret in git config" \
  "git config dvx.remote.s.secret-access-key (in .git/config): 'secret-access-key' is refused" \
  "git config --file .git/config --unset dvx.remote.s.secret-access-key"
git config --unset dvx.remote.s.secret-access-key
git config dvx.remote.s.jobs many
expect_refused "jobs = many in git config" \
  "git config dvx.remote.s.jobs (in .git/config): option 'jobs': 'many' is not an integer"
git config --unset dvx.remote.s.jobs
git config --global dvx.remote.s.part-size 64MiB
expect_refused "an S3 option in global git config" \
  "git config dvx.remote.s.part-size (in $HOME/.gitconfig): unknown remote option 'part-size' for directory remotes"
git config --global --unset dvx.remote.s.part-size
git config dvx.remote.s.url 42x/
run_capture git dvx remote list
assert_eq 0 "$RC" "a relative directory URL in git config is fine"
git config --unset dvx.remote.s.url

# `remote modify` refuses the same keys and never writes them.
run_capture git dvx remote modify --local s secret-access-key "$SECRET"
assert_eq 2 "$RC" "modify of a secret key exits 2"
assert_contains "$OUT" "'secret-access-key' is refused" "modify refuses the secret key"
assert_not_contains "$OUT" "$SECRET" "modify never prints the secret"
run_capture git dvx remote modify s region eu-west-1
assert_contains "$OUT" "unknown remote option 'region' for directory remotes" "modify checks the backend's options"
if grep -rq "$SECRET" .dvxconfig .git/config "$HOME/.gitconfig"; then fail "the secret was written"; else pass; fi

# A valid configuration works, and --verbose shows its options.
config '[core]' 'remote = "s"' '' '[remote.s]' "url = \"$store\"" 'jobs = 4' 'log = false'
run_capture git dvx remote list --verbose
assert_eq 0 "$RC" "remote list --verbose of a valid config"
assert_eq "$(printf 's\t%s\t(default)\n  from: .dvxconfig\n  jobs = 4\n  log = false' "$store")" "$OUT" "list --verbose"
run_capture git push -q origin main
assert_eq 0 "$RC" "git push with a valid configuration"
assert_eq "1" "$(find "$store" -type f | wc -l)" "the object reached the store"

finish
