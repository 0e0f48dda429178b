# Helpers for the gc tests. Source after lib.sh.

# put FILE TEXT: writes TEXT (plus a newline) to FILE and sets OID[TEXT] to
# its sha256, computed by sha256sum (the oracle), never by git-dvx.
declare -A OID
put() {
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "$2" >"$1"
  OID[$2]=$(sha_of "$1")
}

# The oids in a cache folder, one per line, sorted.
cache_oids() { (cd "$1" && find . -mindepth 3 -maxdepth 3 -type f -printf '%f\n' | grep -E '^[0-9a-f]{64}$' | sort || true); }
# A listing that changes when anything in the cache changes (names, sizes, mtimes).
cache_listing() { (cd "$1" && find . -printf '%p %s %T@\n' | sort); }
# Sets every object (and temporary) of the cache back by DAYS days.
age_cache() { find "$1" -type f -exec touch -d "$2 days ago" {} +; }

# use_store KIND BUCKET PREFIX: makes "store" the current repository's
# default store: the folder $STORE for KIND dir, else the S3 peer KIND
# (s3rver, rgw; started through lib_s3.sh) at s3://BUCKET/PREFIX.
use_store() {
  if [ "$1" = dir ]; then
    STORE=$TEST_ROOT/store
    git dvx remote add --default store "$STORE" >/dev/null
  else
    s3_start "$2" "$1"
    git dvx remote add --default store "s3://$S3_BUCKET/$3" >/dev/null
    git dvx remote modify store endpoint "$DVX_S3_ENDPOINT" >/dev/null
  fi
}

# The oids of "TEXT..." (via OID), sorted, one per line.
oids_of() { for t in "$@"; do echo "${OID[$t]}"; done | sort; }
