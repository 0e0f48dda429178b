# Shared by the lineage tests: builds a repository with a three-stage
# pipeline (prepare -> train -> evaluate) over several commits, without
# git-dvx: pointers come from `git lfs pointer --file` (the git-lfs oracle)
# and dvx.lock is written by hand with oids from `sha256sum`.
#
#   v1  first run of the pipeline
#   v2  data changed (data/raw.csv): every stage re-ran
#   v3  param changed (train.epochs): train and evaluate re-ran
#   v4  code changed (src/evaluate.sh): evaluate re-ran
#   v5  README only (no tracked data changed)
#   bad dvx.lock malformed (fixed again in the next commit, HEAD)
#
# Real file contents live in $REAL/<rev>/<path>; the repository holds
# pointers for data/raw.csv, data/prepared.csv and models/model.pkl.

set -euo pipefail

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

make_pipeline_repo() {  # $1 = folder to create
  local repo=$1
  REAL=$(dirname "$repo")/real
  mkdir -p "$repo" "$REAL/work"
  cd "$repo"
  git init -q -b main .
  git config user.name "Ana Lyst"
  git config user.email ana@example.com
  git config commit.gpgsign false
  mkdir -p data models metrics src
  printf 'data/raw.csv filter=dvx -text\ndata/prepared.csv filter=dvx -text\nmodels/*.pkl filter=dvx -text\n' > .gitattributes
  cat > src/prepare.sh <<'S'
sort -n data/raw.csv | awk -v s="$1" 'NR % s != 0' > data/prepared.csv
S
  cat > src/train.sh <<'S'
awk -v e="$1" -v lr="$2" '{t += $1} END {print "model", t * e * lr}' data/prepared.csv > models/model.pkl
S
  cat > src/evaluate.sh <<'S'
printf '{"score": %s}\n' "$(awk '{print $3 % 97}' models/model.pkl)" > metrics/eval.json
S
  seq 1 300 | awk '{print ($1 * 37) % 101}' > "$REAL/work/raw.csv"
  set_params 5 10 0.5
  run_and_commit "First run" v1

  seq 1 400 | awk '{print ($1 * 41) % 103}' > "$REAL/work/raw.csv"
  run_and_commit "New raw data" v2

  set_params 5 20 0.5
  run_and_commit "More epochs" v3

  cat > src/evaluate.sh <<'S'
printf '{"score": %s, "v": 2}\n' "$(awk '{print $3 % 89}' models/model.pkl)" > metrics/eval.json
S
  run_and_commit "Better evaluation" v4

  echo "Pipeline demo" > README
  git add README
  git commit -q -m "Add README"
  git tag v5
  cp dvx.lock "$REAL/good.lock"
  printf 'schema = 1\n[stages.train\ncmd = "oops"\n' > dvx.lock
  git add dvx.lock
  git commit -q -m "Break the lock"
  git tag bad
  cp "$REAL/good.lock" dvx.lock
  git add dvx.lock
  git commit -q -m "Fix the lock"
}

set_params() {  # split epochs lr
  printf '[prepare]\nsplit = %s\n\n[train]\nepochs = %s\nlr = %s\n' "$1" "$2" "$3" > params.toml
  SPLIT=$1 EPOCHS=$2 LR=$3
}

entry() {  # kind path real-file
  printf '\n[[stages.%s.%s]]\npath = "%s"\noid = "%s"\nsize = %s\n' "$STAGE" "$1" "$2" "$(sha "$3")" "$(size "$3")"
}

# Runs the three stages on the real files, writes dvx.lock, commits pointers.
run_and_commit() {  # message tag
  local w=$REAL/work
  mkdir -p "$w/data" "$w/models" "$w/metrics" "$w/src"
  cp src/*.sh "$w/src/" && cp params.toml "$w/"
  cp "$w/raw.csv" "$w/data/raw.csv"
  (cd "$w" && sh src/prepare.sh "$SPLIT" && sh src/train.sh "$EPOCHS" "$LR" && sh src/evaluate.sh)
  {
    echo "schema = 1"
    STAGE=evaluate
    printf '\n[stages.evaluate]\ncmd = "sh src/evaluate.sh"\n'
    entry deps models/model.pkl "$w/models/model.pkl"
    entry deps src/evaluate.sh "$w/src/evaluate.sh"
    entry metrics metrics/eval.json "$w/metrics/eval.json"
    STAGE=prepare
    printf '\n[stages.prepare]\ncmd = "sh src/prepare.sh %s"\n' '${prepare.split}'
    printf '\n[stages.prepare.params."params.toml"]\n"prepare.split" = %s\n' "$SPLIT"
    entry deps data/raw.csv "$w/data/raw.csv"
    entry deps src/prepare.sh "$w/src/prepare.sh"
    entry outs data/prepared.csv "$w/data/prepared.csv"
    STAGE=train
    printf '\n[stages.train]\ncmd = "sh src/train.sh %s %s"\n' '${train.epochs}' '${train.lr}'
    printf '\n[stages.train.params."params.toml"]\n"train.epochs" = %s\n"train.lr" = %s\n' "$EPOCHS" "$LR"
    entry deps data/prepared.csv "$w/data/prepared.csv"
    entry deps src/train.sh "$w/src/train.sh"
    entry outs models/model.pkl "$w/models/model.pkl"
  } > dvx.lock
  for p in data/raw.csv data/prepared.csv models/model.pkl; do
    git lfs pointer --file="$w/$p" > "$p" 2>/dev/null
  done
  cp "$w/metrics/eval.json" metrics/eval.json
  git add .gitattributes dvx.lock params.toml src data models metrics
  git commit -q -m "$1"
  git tag "$2"
  # Keep each revision's real files for the oracles.
  mkdir -p "$REAL/$2"
  (cd "$w" && cp -r data models metrics src params.toml "$REAL/$2/")
}
