#!/usr/bin/env bash
# Lineage part of the git-dvx demo (run by install/demo.sh after the
# pipeline part): what produced the model, every version of the raw data,
# what changed between the two pipeline runs, and the same lineage as
# Graphviz DOT and OpenLineage events.
#
# usage: install/demo_lineage.sh REPO   (the demo repository, after
#        install/demo_pipeline.sh ran its pipeline twice)
set -euo pipefail
repo=${1:?usage: demo_lineage.sh REPO}
cd "$repo"
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

model=model.json
[ -n "$(git ls-files "$model")" ] || { echo "demo_lineage: no committed $model (run demo_pipeline.sh first)" >&2; exit 0; }
run git dvx lineage "$model"
run git dvx lineage data/raw.csv --downstream
run git dvx log "$model"
run git dvx log data/raw.csv
run git dvx diff HEAD~1 HEAD
say "git dvx lineage $model --format dot | dot -Tsvg > lineage.svg"
if command -v dot >/dev/null; then
  git dvx lineage "$model" --format dot | dot -Tsvg > "$repo/../lineage.svg" && echo "wrote $(cd "$repo/.." && pwd)/lineage.svg"
fi
say "git dvx lineage $model --format openlineage | head -c 400"
git dvx lineage "$model" --format openlineage | head -c 400; echo " ..."
