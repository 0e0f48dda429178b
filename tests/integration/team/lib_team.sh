# A team of three as users start: separate HOMEs with only the global
# `git dvx install`, one bare git remote, one directory store. Source after
# lib.sh:
#   . "$(dirname "$0")/../lib.sh"; . "$(dirname "$0")/lib_team.sh"
#   team_setup            # alice creates the project and pushes; bob and carol clone
#   as bob git pull -q    # runs a command as bob, in bob's clone
TEAM=$TEST_ROOT/team
TEAM_ORIGIN=$TEAM/origin.git
TEAM_STORE=$TEAM/store
TEAM_USERS=(alice bob carol)

# The HOME of a user; its global config has only what `git dvx install` and
# a git identity write.
_team_home() { echo "$TEAM/home-$1"; }

# as USER CMD...: runs CMD with USER's HOME in USER's clone (a subshell, so
# the caller's HOME and folder are untouched).
as() {
  local user=$1
  shift
  (
    export HOME
    HOME=$(_team_home "$user")
    export GIT_AUTHOR_NAME="$user" GIT_AUTHOR_EMAIL="$user@example.com"
    export GIT_COMMITTER_NAME="$user" GIT_COMMITTER_EMAIL="$user@example.com"
    cd "$TEAM/$user"
    "$@"
  )
}

# USER's clone has the pre-push hook (the filter installs it: global install only).
assert_hooks() {  # USER
  as "$1" sh -c '[ -x "$(git rev-parse --git-path hooks)/pre-push" ]' && pass || fail "$1's clone has no pre-push hook"
}

_team_user_init() {
  local home
  home=$(_team_home "$1")
  mkdir -p "$home" "$TEAM/$1"
  HOME=$home git config --global init.defaultBranch main
  HOME=$home git config --global advice.detachedHead false
  HOME=$home git dvx install >/dev/null
}

# Writes N bytes of deterministic pseudo-random data (seeded by NAME) to FILE.
team_data() {  # FILE SIZE SEED
  mkdir -p "$(dirname "$1")"
  "$PY" -c 'import random,sys; r=random.Random(sys.argv[2]); sys.stdout.buffer.write(r.randbytes(int(sys.argv[1])))' \
    "$2" "$3" >"$1"
}

# alice: a project tracking data/**, the store as default remote, two data
# files, pushed with plain git; bob and carol: plain `git clone`.
team_setup() {
  mkdir -p "$TEAM"
  git init -q --bare "$TEAM_ORIGIN"
  for u in "${TEAM_USERS[@]}"; do _team_user_init "$u"; done
  as alice git init -q
  as alice git dvx track 'data/**' >/dev/null
  as alice git dvx remote add --default store "$TEAM_STORE" >/dev/null
  as alice team_data data/a.bin 300000 a1
  as alice team_data data/b.bin 5000 b1
  as alice git add .gitattributes .dvxconfig data
  as alice git commit -qm "data v1"
  as alice git remote add origin "$TEAM_ORIGIN"
  as alice git push -q origin main
  for u in bob carol; do
    rmdir "$TEAM/$u"
    (HOME=$(_team_home "$u") git clone -q "$TEAM_ORIGIN" "$TEAM/$u")
  done
}

# Objects in the store, one oid per line, sorted.
store_oids() { (cd "$TEAM_STORE" 2>/dev/null && find . -type f ! -name '.*' -printf '%f\n' | sort); }
