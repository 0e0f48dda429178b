#!/usr/bin/env bash
# One command for a fresh machine: installs the dependencies, builds git-dvx,
# installs it (binary + hook script + attribute sets) and, with --demo, runs
# the end-to-end demo on a local-directory remote.
#   install/install.sh [--prefix DIR] [--demo]
# Default prefix /usr/local (git finds `git dvx` once git-dvx is on PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
prefix=/usr/local
demo=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --demo) demo=1; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ "$demo" = 1 ]; then "$here/install/deps.sh" --demo; else "$here/install/deps.sh" --build-only; fi
# Only what gets installed (the binary and its man pages): the tests are
# built by tests/run.sh.
"$here/install/build.sh" "$here/build" --target git-dvx man
cmake --install "$here/build" --prefix "$prefix" >/dev/null
echo "git-dvx installed to $prefix/bin/git-dvx ($("$prefix/bin/git-dvx" version))"
if [ "$demo" = 1 ]; then
  PATH="$prefix/bin:$PATH" "$here/install/demo.sh"
fi
