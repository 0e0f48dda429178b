#!/usr/bin/env bash
# Three versions of a dataset, tags, switching commits and rolling one path
# back with `git checkout <tag> -- <path>`.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' '*.parquet' >/dev/null
git add .gitattributes && git commit -qm "track"
declare -a shas
for v in 1 2 3; do
  { echo "id,value"; for i in $(seq 1 2000); do echo "$i,$((i * v))"; done; } > data.csv
  head -c $((200000 * v)) /dev/urandom > table.parquet
  shas[$v]="$(sha256sum data.csv | cut -d' ' -f1) $(sha256sum table.parquet | cut -d' ' -f1)"
  git add data.csv table.parquet && git commit -qm "version $v" && git tag "v$v"
done

for v in 1 3 2; do
  git checkout -q "v$v"
  assert_eq "${shas[$v]}" "$(sha256sum data.csv | cut -d' ' -f1) $(sha256sum table.parquet | cut -d' ' -f1)" \
    "checkout v$v restores both files"
done
git checkout -q main
git checkout v1 -- data.csv
assert_eq "${shas[1]%% *}" "$(sha256sum data.csv | cut -d' ' -f1)" "roll back one path to v1"
assert_eq "${shas[3]##* }" "$(sha256sum table.parquet | cut -d' ' -f1)" "other files stay at v3"
assert_eq "M  data.csv" "$(git status --porcelain)" "the rollback is staged as a modification"

# ls-files at each tag lists the right oids.
for v in 1 2 3; do
  out=$(git dvx ls-files --long "v$v")
  assert_contains "$out" "${shas[$v]%% *}  " "ls-files v$v shows data.csv's oid"
  assert_contains "$out" "* " "objects present locally are starred"
done
finish
