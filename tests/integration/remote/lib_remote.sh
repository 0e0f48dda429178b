# Helpers for the sync tests (push/fetch/pull, hooks, clone). Source after
# ../lib.sh; the S3 ones also source ../lib_s3.sh (s3rver and the proxy).

# The remote key of an oid under a prefix: <prefix>/aa/bb/<oid>.
oid_key() { echo "$1/${2:0:2}/${2:2:2}/$2"; }

# Writes N bytes of seeded pseudo-random data to FILE.
random_file() {  # file bytes seed
  $PY - "$1" "$2" "$3" <<'PYEOF'
import random, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
with open(path, "wb") as f:
    left = n
    while left > 0:
        k = min(left, 1 << 20)
        f.write(rng.randbytes(k))
        left -= k
PYEOF
}

# Counts the PUT lines of a DVX_REMOTE_LOG=1 run's output.
count_puts() { grep -c ": PUT " <<<"$1" || true; }
