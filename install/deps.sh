#!/usr/bin/env bash
# Installs everything git-dvx needs to build, test and benchmark on a fresh
# Debian 12 machine. Idempotent: skips what is already there.
set -euo pipefail

# Build and runtime libraries.
build_pkgs=(build-essential cmake ninja-build pkg-config ccache git help2man man-db
  libgit2-dev libcurl4-openssl-dev libssl-dev libboost-program-options-dev
  libfmt-dev libtomlplusplus-dev nlohmann-json3-dev libsqlite3-dev
  libsnappy-dev libzstd-dev liblz4-dev zlib1g-dev libyaml-cpp-dev
  libpcre2-dev googletest libgtest-dev libgmock-dev)
# What the demo itself runs (install/demo*.sh write data and pipeline
# stages in Python; a minimal Debian has no python3).
demo_pkgs=(python3)
# Test oracles and benchmark anchors (third-party tools we check against).
test_pkgs=(git-lfs python3-scipy python3-pandas python3-botocore python3-boto3 awscli
  graphviz hyperfine bc nodejs npm)
# --- helpers: append further Debian packages below this line ---
# strace: the crash/durability tests see syscalls with strace -f; clang with
# its libFuzzer/ASan runtimes for the fuzz tier (tests/fuzz/); GNU time for
# the memory-bound tests (tests/integration/drift/test_drift_limits.sh);
# Ceph's RADOS Gateway, the stricter S3 peer (tests/support/rgw.sh);
# python3-jsonschema checks every --json output against docs/json/;
# chromium renders the HTML reports headless (tests/integration/drift/).
extra_pkgs=(strace clang libclang-rt-14-dev time
  ceph-mon ceph-osd radosgw ceph-common uuid-runtime python3-jsonschema chromium)

#   deps.sh               everything: build, demo, tests and benchmarks
#   deps.sh --demo        what install.sh --demo needs: build and demo
#   deps.sh --build-only  build only
mode=${1:-all}
want=("${build_pkgs[@]}")
if [ "$mode" != --build-only ]; then want+=("${demo_pkgs[@]}"); fi
if [ "$mode" = all ]; then want+=("${test_pkgs[@]}" "${extra_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if [ "$p" = nodejs ] || [ "$p" = npm ]; then
    command -v "${p/nodejs/node}" >/dev/null 2>&1 && continue
  fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm tools used by the tests (s3rver: the S3 peer; DuckDB: Parquet oracle),
# installed into a project-local folder so nothing global changes.
if [ "$mode" = all ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  tools="${DVX_NODE_TOOLS:-$here/.node-tools}"
  if [ ! -f "$tools/.installed-v1" ]; then
    mkdir -p "$tools"
    [ -f "$tools/package.json" ] || echo '{"name":"dvx-test-tools","private":true}' >"$tools/package.json"
    if ! (cd "$tools" && npm install --no-audit --no-fund --loglevel=error s3rver@3 @duckdb/node-api >/dev/null); then
      echo "deps: npm could not install s3rver and @duckdb/node-api into $tools (npm's error above)" >&2
      exit 1
    fi
    touch "$tools/.installed-v1"
  fi
fi
