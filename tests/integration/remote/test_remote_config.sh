#!/usr/bin/env bash
# git dvx remote add/modify/list/remove/default: .dvxconfig (checked with
# python's tomllib) and git config --local; bad input gets clear messages.
set -euo pipefail
: "${DVX_BIN:?}"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T" && git init -q repo && cd repo
dvx() { "$DVX_BIN" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
toml() { /usr/bin/python3 -c 'import tomllib, sys; d = tomllib.load(open(".dvxconfig", "rb"))
for k in sys.argv[1].split("."): d = d[k]
print(str(d).lower() if isinstance(d, bool) else d)' "$1"; }

dvx remote add --default storage s3://my-bucket/datasets
dvx remote modify storage region eu-west-1
dvx remote modify storage endpoint http://127.0.0.1:9000
dvx remote modify storage path-style true
dvx remote modify storage sse aws:kms
dvx remote modify storage sse-kms-key-id alias/data
dvx remote modify storage jobs 12
dvx remote modify storage multipart-threshold 32MiB
dvx remote add nas ../nas
dvx remote modify --local storage profile personal

[ "$(toml core.remote)" = storage ] || fail "default"
[ "$(toml remote.storage.url)" = s3://my-bucket/datasets ] || fail url
[ "$(toml remote.storage.region)" = eu-west-1 ] || fail region
[ "$(toml remote.storage.path-style)" = true ] || fail path-style
[ "$(toml remote.storage.jobs)" = 12 ] || fail jobs
[ "$(toml remote.storage.sse)" = aws:kms ] || fail sse
[ "$(toml remote.nas.url)" = ../nas ] || fail nas
[ "$(git config --local dvx.remote.storage.profile)" = personal ] || fail "local profile"
if grep -q personal .dvxconfig; then fail "--local value leaked into .dvxconfig"; fi

out=$(dvx remote list)
grep -qP '^storage\ts3://my-bucket/datasets\t\(default\)$' <<<"$out" || fail "list: $out"
grep -qP '^nas\t\.\./nas$' <<<"$out" || fail "list nas: $out"
dvx remote list -v | grep -q 'profile = personal' || fail "list -v"
[ "$(dvx remote default)" = storage ] || fail "default print"
dvx remote default nas
[ "$(toml core.remote)" = nas ] || fail "default set"

# Bad input: clear messages, non-zero exit, nothing written.
before=$(sha256sum .dvxconfig)
expect_err() {  # pattern, command...
  local pat=$1; shift
  if err=$("$@" 2>&1); then fail "expected failure: $*"; fi
  grep -q -- "$pat" <<<"$err" || fail "message for '$*' lacks '$pat': $err"
}
expect_err "unknown remote option 'colour'" dvx remote modify storage colour blue
expect_err "'secret-access-key' is refused: credentials never go into .dvxconfig or git config" dvx remote modify storage secret-access-key abc
expect_err "'aws_access_key_id' is refused: credentials never go into .dvxconfig or git config" dvx remote modify --local storage aws_access_key_id AKIA
expect_err "AES256 or aws:kms" dvx remote modify storage sse rot13
expect_err "no remote named 'ghost'" dvx remote modify ghost region x
expect_err "no remote named 'ghost'" dvx remote remove ghost
expect_err "already exists" dvx remote add storage s3://x/y
expect_err "unsupported URL scheme 'gs'" dvx remote add g gs://bucket/p
expect_err "usage: git dvx" dvx remote add onlyname
expect_err "unknown 'remote' subcommand" dvx remote frobnicate
[ "$before" = "$(sha256sum .dvxconfig)" ] || fail ".dvxconfig changed by a failed command"
if git config --local --get-regexp 'secret|aws_access' >/dev/null; then fail "secret in git config"; fi

dvx remote modify --unset storage sse-kms-key-id
if toml remote.storage.sse-kms-key-id 2>/dev/null; then fail "unset"; fi

dvx remote remove storage
! grep -q storage .dvxconfig || fail "remove left storage in .dvxconfig"
! git config --local --get dvx.remote.storage.profile >/dev/null || fail "remove left git config"

# Broken TOML: file and line in the message.
printf '[remote.nas]\nurl = "../nas\n' >.dvxconfig
expect_err ".dvxconfig:2:" dvx remote list

# Outside a repository.
cd "$T"
expect_err "not in a git repository" dvx remote list
echo "ok"
