# A pipeline over the team's data, for the repro tests of this folder.
# Source after lib.sh and lib_team.sh.
#
#   prepare  data/a.bin data/b.bin -> features/ (folder out)
#   train    features/ + params.toml train.factor -> model.txt
#   extra    more/c.bin -> extra.txt
#   sizes    data/ (folder dep) -> sizes.txt
# Every command appends its stage name to $SIDE (outside every repository),
# so a test can tell which stages ran, and in which clone.
. "$(dirname "${BASH_SOURCE[0]}")/../pipeline/pipeline_lib.sh" # ok, lock_field
SIDE=$TEST_ROOT/side-effects
export SIDE
: >"$SIDE"


write_pipeline() {
  printf '[train]\nfactor = 3\n' >params.toml
  cat >dvx.toml <<'T'
[stages.prepare]
cmd = "echo prepare >> \"$SIDE\"; mkdir -p features && tr 'a-m' 'n-z' < data/a.bin > features/a.rot && cat data/b.bin data/a.bin | cksum > features/ck.txt"
deps = ["data/a.bin", "data/b.bin"]
outs = ["features"]

[stages.train]
cmd = "echo train >> \"$SIDE\"; f=$(sed -n 's/^factor = //p' params.toml); (sha256sum features/a.rot features/ck.txt; echo \"factor $f\") | sha256sum > model.txt"
deps = ["features"]
params = ["train.factor"]
outs = ["model.txt"]

[stages.extra]
cmd = "echo extra >> \"$SIDE\"; od -An -tx1 -N 1000 more/c.bin > extra.txt"
deps = ["more/c.bin"]
outs = ["extra.txt"]

[stages.sizes]
cmd = "echo sizes >> \"$SIDE\"; cat data/a.bin data/b.bin | wc -c > sizes.txt; sha256sum data/*.bin | cut -c1-64 >> sizes.txt"
deps = ["data"]
outs = ["sizes.txt"]
T
}

# The files a pipeline run writes, in a fixed order.
PIPELINE_OUTS=(features/a.rot features/ck.txt model.txt extra.txt sizes.txt dvx.lock)

# Alice: hooks, data v1 uploaded, more/c.bin added, the pipeline run and
# pushed with plain git (the pre-push hook uploads data and outs).
team_pipeline_setup() {
  team_setup
  assert_hooks alice
  as alice git dvx push >/dev/null 2>&1 # data v1, pushed by team_setup before the hooks existed
  as alice git dvx track 'more/**' >/dev/null
  as alice team_data more/c.bin 7000 c1
  as alice write_pipeline
  as alice git dvx repro >/dev/null
  as alice git add .gitattributes dvx.toml dvx.lock params.toml data more features model.txt extra.txt sizes.txt
  as alice git commit -qm "pipeline"
  as alice git push -q origin main
  for u in bob carol; do # cloned by team_setup while the store was still empty
    assert_hooks "$u"
    as $u git pull -q
    as $u git dvx pull >/dev/null 2>&1
  done
  : >"$SIDE"
}

# sha256 of each pipeline file of USER's clone, one "sha path" per line.
outs_sha() {
  (cd "$TEAM/$1" && for f in "${PIPELINE_OUTS[@]}"; do echo "$(sha_of "$f") $f"; done)
}

# True when FILE holds pointer text.
is_pointer() { head -c 100 "$1" | grep -q '^version https://git-lfs.github.com/spec/v1'; }

# A clone made as the CI recipe does it, in $TEAM/USER with its own HOME.
skip_smudge_clone() {
  _team_user_init "$1"
  rmdir "$TEAM/$1"
  (HOME=$(_team_home "$1") GIT_DVX_SKIP_SMUDGE=1 git clone -q "$TEAM_ORIGIN" "$TEAM/$1")
  assert_hooks "$1"
}
