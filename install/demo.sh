#!/usr/bin/env bash
# The main job, end to end, on the embedded default (a local-directory
# remote; no cloud account): version a dataset in three versions, roll one
# back, push the data to a directory store, clone it back, run a pipeline,
# check drift, and show lineage. Everything happens in a temporary folder
# with a temporary HOME, so your own git config is left alone.
#   install/demo.sh [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
command -v git-dvx >/dev/null || { echo "demo: git-dvx is not on PATH (run install/install.sh)" >&2; exit 2; }
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/git-dvx-demo.XXXXXX")}
mkdir -p "$work/home"
export HOME="$work/home"
export GIT_AUTHOR_NAME="Ana Analyst" GIT_AUTHOR_EMAIL="ana@example.com"
export GIT_COMMITTER_NAME="Ana Analyst" GIT_COMMITTER_EMAIL="ana@example.com"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "Set up git-dvx once per machine and per repository"
show git dvx install
mkdir -p "$work/churn-model" && cd "$work/churn-model" && git init -q
show git dvx install --local
show git dvx track 'data/**' '*.parquet' 'models/*.bin'
git add .gitattributes && git commit -qm "Version data with git-dvx"

step "Three versions of a dataset, each just 'git add' and 'git commit'"
mkdir -p data models
for v in 1 2 3; do
  { echo "customer_id,tenure_months,monthly_charge,plan"
    for i in $(seq 1 3000); do
      echo "$i,$(( (i * 7 + v * 13) % 72 )),$(( 20 + (i * 31 + v) % 90 )).$(( i % 100 )),$([ $((i % (2 + v))) -eq 0 ] && echo pro || echo basic)"
    done; } > data/customers.csv
  head -c $((1000000 + v * 100000)) /dev/urandom > models/weights.bin
  git add data/customers.csv models/weights.bin
  git commit -qm "customers v$v" && git tag "data-v$v"
  sha[$v]=$(sha256sum data/customers.csv | cut -d' ' -f1)
  echo "committed data-v$v: data/customers.csv sha256 ${sha[$v]:0:16}…"
done
show git cat-file -p HEAD:data/customers.csv
show git dvx ls-files

step "Roll one dataset back to version 1"
show git checkout data-v1 -- data/customers.csv
now=$(sha256sum data/customers.csv | cut -d' ' -f1)
[ "$now" = "${sha[1]}" ] && echo "data/customers.csv is byte-identical to data-v1 (sha256 ${now:0:16}…)" ||
  { echo "demo: rollback gave the wrong bytes" >&2; exit 1; }
show git dvx status
git checkout -q HEAD -- data/customers.csv

"$here/install/demo_remote.sh" "$work/sync"          # push to a directory store, clone it back
"$here/install/demo_pipeline.sh" "$work/churn-model" # repro, a param change, commits
"$here/install/demo_lineage.sh" "$work/churn-model"  # lineage of the model, log of the raw data
"$here/install/demo_drift.sh" "$work"                # two versions, one shifted column
step "Done: the demo lives in $work"
