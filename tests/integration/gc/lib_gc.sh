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

# The oids of "TEXT..." (via OID), sorted, one per line.
oids_of() { for t in "$@"; do echo "${OID[$t]}"; done | sort; }
