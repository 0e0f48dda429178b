#!/usr/bin/env bash
# Conflicts are visible (issue 11): alice and bob change the same data file;
# bob's `git pull` conflicts. `git dvx status` lists the file as a conflict
# (and pointer text staged by mistake as such), `--exit-code` says "not
# clean"; diff and drift compare the two sides; after `git checkout
# --theirs` + `git add` + commit, status is clean again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"

team_setup
# The clones got their hooks from the filter (global install only).
for u in alice bob; do assert_hooks "$u"; done
as alice git dvx push -q

csv() {  # FILE SEED SHIFT: 2000 rows of id,value,group
  "$PY" - "$@" <<'EOF'
import random, sys
path, seed, shift = sys.argv[1], sys.argv[2], float(sys.argv[3])
r = random.Random(seed)
with open(path, "w") as f:
    f.write("id,value,group\n")
    for i in range(2000):
        f.write(f"{i},{r.gauss(shift, 1):.6f},{r.choice('abc')}\n")
EOF
}
as alice csv data/t.csv base 0
as alice git add data/t.csv
as alice git commit -qm "table"
as alice git push -q origin main 2>/dev/null
as bob git pull -q
base_sha=$(as bob sha_of data/t.csv)

as bob git dvx status --exit-code >/dev/null || fail "bob's clean tree: status --exit-code should be 0"
assert_contains "$(as bob git dvx status)" "3 tracked files, all up to date and cached" "clean status"

as alice csv data/t.csv alice 0.5
alice_sha=$(as alice sha_of data/t.csv)
as alice git commit -qam "alice: shifted table"
as alice git push -q origin main 2>/dev/null
as bob csv data/t.csv bob -0.5
bob_sha=$(as bob sha_of data/t.csv)
as bob git commit -qam "bob: other table"

run_capture as bob git pull --no-rebase
assert_eq 1 "$RC" "bob's pull conflicts"
assert_contains "$OUT" "CONFLICT (content): Merge conflict in data/t.csv" "git reports the conflict"
# What git leaves in the worktree: the pointer text with conflict markers.
assert_contains "$(cat "$TEAM/bob/data/t.csv")" "<<<<<<< HEAD" "worktree holds conflict markers"
assert_contains "$(cat "$TEAM/bob/data/t.csv")" "oid sha256:$alice_sha" "markers hold theirs' pointer"

run_capture as bob git dvx status
assert_contains "$OUT" "Unmerged data files" "status has a conflict section"
assert_contains "$OUT" "conflict   data/t.csv  ours ${bob_sha:0:10}" "status lists the conflict with ours"
assert_contains "$OUT" "theirs ${alice_sha:0:10}" "status names theirs"
assert_not_contains "$OUT" "all up to date" "a conflict is not 'up to date'"
run_capture as bob git dvx status --exit-code
assert_eq 1 "$RC" "status --exit-code during a conflict"
json=$(as bob git dvx status --json)
assert_eq "conflict $bob_sha $alice_sha False" \
  "$("$PY" -c 'import json,sys; d=json.load(sys.stdin); f=[x for x in d["files"] if x["path"]=="data/t.csv"][0]; print(f["worktree"], f["ours"], f["theirs"], d["clean"])' <<<"$json")" \
  "status --json describes the conflict"

# Comparing the two sides: the two commits work for diff and drift.
run_capture as bob git dvx diff HEAD MERGE_HEAD
assert_eq 0 "$RC" "diff HEAD MERGE_HEAD exits 0"
assert_contains "$OUT" "data/t.csv" "diff names the file"
assert_contains "$OUT" "${bob_sha:0:10}" "diff shows ours"
assert_contains "$OUT" "${alice_sha:0:10}" "diff shows theirs"
run_capture as bob git dvx drift data/t.csv --from HEAD --to MERGE_HEAD --format json
assert_eq "value True" \
  "$("$PY" -c 'import json,sys; d=json.load(sys.stdin); c=[x for x in d["columns"] if x["name"]=="value"][0]; print(c["name"], c["drift"])' <<<"$OUT" 2>&1)" \
  "drift between the two sides finds the shifted column"

# A blind `git add` stages the marker text: status still says "not clean".
as bob git add data/t.csv
run_capture as bob git dvx status
assert_contains "$OUT" "pointer text data/t.csv" "staged conflict markers are listed as pointer text"
run_capture as bob git dvx status --exit-code
assert_eq 1 "$RC" "status --exit-code with staged conflict markers"
# Undo it: recreate the conflict, then resolve properly with theirs.
as bob git checkout -m data/t.csv
assert_contains "$(as bob git dvx status)" "conflict   data/t.csv" "git checkout -m brings the conflict back"

as bob git checkout --theirs data/t.csv
assert_file_sha "$TEAM/bob/data/t.csv" "$alice_sha" "--theirs writes alice's data"
as bob git add data/t.csv
as bob git commit -q --no-edit
run_capture as bob git dvx status --exit-code
assert_eq 0 "$RC" "status --exit-code after the resolution"
assert_contains "$OUT" "3 tracked files, all up to date and cached" "status clean after the resolution"
assert_eq "$(as alice git rev-parse HEAD:data/t.csv)" "$(as bob git rev-parse HEAD:data/t.csv)" \
  "the resolved commit stages alice's pointer"
assert_file_sha "$TEAM/bob/data/t.csv" "$alice_sha" "bob's file is alice's data"
[ "$base_sha" != "$alice_sha" ] && [ "$bob_sha" != "$alice_sha" ] || fail "the three versions differ"

finish
