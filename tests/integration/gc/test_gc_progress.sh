#!/usr/bin/env bash
# Progress on a terminal for gc, prune and gc --remote (run under a pty with
# script(1)): a "scanning N objects in git history" line (N as git itself
# counts them), a "removing i/N objects (bytes) from WHERE" line, both
# redrawn at most every 200 ms (not once per object) and closed by
# "... done", then the one-line summary. Off a terminal and with --json:
# no progress at all (--json's output stays parseable JSON).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_gc.sh"
unset GIT_DVX_PROGRESS

# on_tty CMD...: runs CMD with stdin, stdout and stderr on a pty; the raw
# bytes (\r, escape sequences) in $TTY_OUT.
on_tty() {
  local cmd
  printf -v cmd '%q ' "$@"
  TTY_OUT=$(script -qec "$cmd" /dev/null </dev/null)
}
# Redraws of the live line (\r then clear-to-end-of-line).
redraws() { grep -o $'\r\033\\[K' <<<"$1" | wc -l; }

new_repo "$TEST_ROOT/repo"
CACHE=$PWD/.git/dvx/objects
git dvx track 'data/**' >/dev/null
use_store dir
mkdir -p data/many
for i in $(seq 400); do echo "file $i" >"data/many/f$i.txt"; done
put data/a.txt old-a
# v1 a day old: prune --recent 0 keeps what commits of the current second
# use (git rev-list --since=now), so a v1 made in the same second as the
# prune below (a fast run) kept old-a.
git add .gitattributes .dvxconfig data
GIT_COMMITTER_DATE="$(date -d '1 day ago' -R)" GIT_AUTHOR_DATE="$(date -d '1 day ago' -R)" git commit -qm v1
git dvx push >/dev/null
put data/a.txt new-a && git add data && git commit -qm v2
# lost(TEXT...): objects no commit names (staged, then unstaged).
lost() {
  local t
  for t in "$@"; do put "data/$t.txt" "$t" && git add "data/$t.txt" && git rm -q --cached "data/$t.txt"; done
}
scanned=$(git rev-list --objects --all --reflog --indexed-objects | wc -l)
[ "$scanned" -gt 400 ] && pass || fail "the history lists over 400 git objects ($scanned)"

# gc --json on a terminal, deleting: no progress, the output is JSON.
lost lost-0
on_tty git dvx gc --force --grace 0 --json
assert_not_contains "$TTY_OUT" "scanning" "--json: no scanning line"
assert_not_contains "$TTY_OUT" "removing" "--json: no removing line"
printf '%s' "$TTY_OUT" | tr -d '\r' | $PY -c 'import json, sys; print(json.load(sys.stdin)["removed_count"])' \
  >"$TEST_ROOT/json.out" 2>&1 || true # not JSON: the assertion below says so
assert_eq 1 "$(cat "$TEST_ROOT/json.out")" "--json on a terminal prints only JSON"
lost lost-1 lost-2

# gc off a terminal: no progress on stderr.
git dvx gc --dry-run --grace 0 >/dev/null 2>"$TEST_ROOT/err"
assert_eq "" "$(cat "$TEST_ROOT/err")" "off a terminal, gc writes no progress"

# gc on a terminal.
on_tty git dvx gc --force --grace 0
assert_contains "$TTY_OUT" "scanning $scanned objects in git history ... done" "scanning line, git's own count"
assert_contains "$TTY_OUT" "removing 2 objects (14 B) from $CACHE ... done" "removing line with the bytes freed"
assert_contains "$TTY_OUT" "gc: 2 objects (14 B) removed, " "one-line summary"
n=$(redraws "$TTY_OUT")
[ "$n" -ge 2 ] && [ "$n" -lt 20 ] && pass || fail "progress redrawn in place a few times, not once per object ($n)"
assert_eq "$(oids_of lost-1 lost-2)" "$(comm -23 <(oids_of lost-1 lost-2 old-a new-a) <(cache_oids "$CACHE"))" \
  "the two unreachable objects are gone"

# prune on a terminal: old-a (v1 only, in the store) goes.
on_tty git dvx prune --force --recent 0 --grace 0
assert_contains "$TTY_OUT" "scanning $scanned objects in git history ... done" "prune: scanning line"
assert_contains "$TTY_OUT" "removing 1 object (6 B) from $CACHE ... done" "prune: removing line"
assert_contains "$TTY_OUT" "prune: 1 object (6 B) removed" "prune: summary"
git dvx prune --dry-run --recent 0 --grace 0 >/dev/null 2>"$TEST_ROOT/err"
assert_eq "" "$(cat "$TEST_ROOT/err")" "off a terminal, prune writes no progress"

# gc --remote on a terminal: an object in the store that nothing names.
printf 'orphan\n' >"$TEST_ROOT/orphan"
orphan=$(sha_of "$TEST_ROOT/orphan")
mkdir -p "$STORE/${orphan:0:2}/${orphan:2:2}" && cp "$TEST_ROOT/orphan" "$STORE/${orphan:0:2}/${orphan:2:2}/$orphan"
on_tty git dvx gc --remote --force --grace 0
assert_contains "$TTY_OUT" "scanning $scanned objects in git history ... done" "gc --remote: scanning line"
assert_contains "$TTY_OUT" "removing 1 object (7 B) from $STORE ... done" "gc --remote: removing line"
assert_contains "$TTY_OUT" "gc --remote: 1 object (7 B) removed" "gc --remote: summary"
[ ! -e "$STORE/${orphan:0:2}/${orphan:2:2}/$orphan" ] && pass || fail "the orphan left the store"
on_tty git dvx gc --remote --json --grace 0
assert_not_contains "$TTY_OUT" "scanning" "gc --remote --json: no progress"
finish
