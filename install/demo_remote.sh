#!/usr/bin/env bash
# Demo: data versioned with plain git. Push to a local-directory store, clone
# into a second folder, and watch the data arrive through `git clone` alone.
# Usage: install/demo_remote.sh WORKDIR   (git-dvx must be on PATH)
set -euo pipefail
work=${1:?usage: demo_remote.sh WORKDIR}
mkdir -p "$work"
work=$(cd "$work" && pwd)
rm -rf "$work/remote-demo"
demo="$work/remote-demo"
mkdir -p "$demo"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

# A private HOME so the demo's global git config never touches the user's.
export HOME="$demo/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Demo User"
git config --global user.email demo@example.com
git config --global init.defaultBranch main
git config --global advice.detachedHead false
run git dvx install >/dev/null

say "A project with data, a shared store folder and a git remote"
git init -q --bare "$demo/origin.git"
git init -q "$demo/alice"
cd "$demo/alice"
run git dvx install --local
run git dvx track 'data/**'
run git dvx remote add --default team-store "$demo/store"
mkdir -p data
python3 - <<'PY'
import random
rng = random.Random(1)
with open("data/train.csv", "w") as f:
    f.write("id,x,y\n")
    for i in range(200000):
        f.write(f"{i},{rng.random():.6f},{rng.randint(0, 1)}\n")
with open("data/model.bin", "wb") as f:
    f.write(rng.randbytes(8 << 20))
PY
run git add .gitattributes .dvxconfig data
run git commit -qm "dataset and model"
run git remote add origin "$demo/origin.git"

say "git push: the pre-push hook uploads the data to the store first"
run git push -q origin main
echo "store now holds:"; (cd "$demo/store" && find . -type f | sed 's/^/  /')
echo "git holds only pointers:"; git cat-file -p HEAD:data/model.bin | sed 's/^/  /'

say "git clone into a second folder: the data arrives through plain git"
cd "$demo"
run git clone -q "$demo/origin.git" bob
cd bob
run ls -l data
for f in data/train.csv data/model.bin; do
  a=$(sha256sum "$demo/alice/$f" | cut -d' ' -f1)
  b=$(sha256sum "$f" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then echo "  $f: identical ($a)"; else echo "  $f: DIFFERENT" >&2; exit 1; fi
done
run git status --short
echo
echo "Done: the clone in $demo/bob has every byte; the store is $demo/store."
