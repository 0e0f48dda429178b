#!/usr/bin/env bash
# Progress of the filter's downloads (issue 14): `git clone` and `git checkout`
# on a terminal show one line (objects, bytes, rate) ending with the totals,
# after git's GIT_PROGRESS_DELAY; nothing with -q, nothing when stderr is not
# a terminal, nothing when the downloads end before the delay.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"

team_setup
oid_a=$(as alice sha_of data/a.bin)
oid_b=$(as alice sha_of data/b.bin)
as alice git dvx push -q

# Runs CMD as USER under a pseudo-terminal (script(1)); $OUT is what the
# terminal showed, carriage returns and the clear-line sequence removed.
on_tty() {  # USER CMD
  local user=$1
  shift
  set +e
  OUT=$(as "$user" script -qec "$*" /dev/null 2>&1 | sed -e 's/\r/\n/g' -e 's/\x1b\[K//g')
  RC=${PIPESTATUS[0]}
  set -e
}

# A clone on a terminal, no delay: the final line has both objects and their bytes.
GIT_PROGRESS_DELAY=0 on_tty bob git clone "$TEAM_ORIGIN" "$TEAM/clones/c1"
assert_eq 0 "$RC" "clone on a terminal exits 0"
assert_contains "$OUT" "downloading 2 objects (305 kB) from $TEAM_STORE ... done (305 kB, " \
  "clone shows the download total (300000 + 5000 bytes)"
assert_eq 1 "$(grep -c 'downloading 2 objects' <<<"$OUT")" "one summary line for the clone"
assert_file_sha "$TEAM/clones/c1/data/a.bin" "$oid_a" "a.bin written by the clone"
assert_file_sha "$TEAM/clones/c1/data/b.bin" "$oid_b" "b.bin written by the clone"

# -q / --quiet: nothing from git-dvx either.
GIT_PROGRESS_DELAY=0 on_tty bob git clone -q "$TEAM_ORIGIN" "$TEAM/clones/c2"
assert_eq 0 "$RC" "clone -q exits 0"
assert_not_contains "$OUT" "downloading" "clone -q shows no progress"
assert_file_sha "$TEAM/clones/c2/data/a.bin" "$oid_a" "a.bin written by clone -q"

# Not a terminal: nothing.
run_capture as bob env GIT_PROGRESS_DELAY=0 git clone "$TEAM_ORIGIN" "$TEAM/clones/c3"
assert_eq 0 "$RC" "piped clone exits 0"
assert_not_contains "$OUT" "downloading" "a piped clone shows no progress"
assert_file_sha "$TEAM/clones/c3/data/a.bin" "$oid_a" "a.bin written by the piped clone"

# (The default delay, 2 s as git's, is checked by the unit tests of
# transfer/progress: a clone's duration on a loaded machine is not.)

# git checkout of a branch with a new object: one object, its size.
as alice git checkout -qb v2
as alice team_data data/c.bin 120000 c1
as alice git add data/c.bin
as alice git commit -qm "data v2"
as alice git push -q origin v2
as alice git dvx push -q
oid_c=$(as alice sha_of data/c.bin)
(cd "$TEAM/clones/c1" && HOME=$(_team_home bob) git fetch -q origin)
GIT_PROGRESS_DELAY=0 on_tty bob "cd $TEAM/clones/c1 && git checkout v2"
assert_eq 0 "$RC" "checkout on a terminal exits 0"
assert_contains "$OUT" "downloading 1 object (120 kB) from $TEAM_STORE ... done (120 kB, " \
  "checkout shows the one download"
assert_file_sha "$TEAM/clones/c1/data/c.bin" "$oid_c" "c.bin written by the checkout"
GIT_PROGRESS_DELAY=0 on_tty bob "cd $TEAM/clones/c2 && git fetch -q origin && git checkout --quiet v2"
assert_eq 0 "$RC" "checkout --quiet exits 0"
assert_not_contains "$OUT" "downloading" "checkout --quiet shows no progress"
assert_file_sha "$TEAM/clones/c2/data/c.bin" "$oid_c" "c.bin written by checkout --quiet"

finish
