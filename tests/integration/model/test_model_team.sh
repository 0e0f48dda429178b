#!/usr/bin/env bash
# The registry travels with git: alice registers churn on a branch she never
# pushes and publishes only the tags (`git push origin --tags`); the pre-push
# hook uploads the model's data with them. carol, in a fresh clone (her own
# HOME, only the global install), gets churn@prod with the right bytes from
# the store; bob assigns a stage and pushes that tag; the tags are the same
# objects in every clone and in the bare remote.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../team/lib_team.sh"
ORACLE=$(cd "$(dirname "$0")" && pwd)/gto_oracle.py

team_setup
as alice git checkout -q -b experiment
as alice git dvx track 'models/**' >/dev/null
as alice team_data models/churn.pkl 250000 churn1
sha1=$(sha_of "$TEAM/alice/models/churn.pkl")
as alice sh -c 'printf "churn:\n  type: model\n  path: models/churn.pkl\n" >artifacts.yaml'
as alice git add .gitattributes artifacts.yaml models
as alice git commit -qm "churn model 1"
as alice team_data models/churn.pkl 180000 churn2
sha2=$(sha_of "$TEAM/alice/models/churn.pkl")
as alice git commit -qam "churn model 2"
as alice git dvx model register churn HEAD~1 >/dev/null
as alice git dvx model register churn HEAD >/dev/null
as alice git dvx model assign churn --version v0.0.1 --stage prod >/dev/null
as alice git dvx model assign churn --version v0.0.2 --stage staging >/dev/null
assert_not_contains "$(store_oids)" "$sha1" "before the push the store lacks the model"

# Only the tags are pushed: the hook uploads what they reference.
run_capture as alice git push origin --tags
assert_eq 0 "$RC" "git push --tags succeeds"
assert_contains "$OUT" "uploaded to store 'store'" "the pre-push hook reports the upload"
assert_contains "$(store_oids)" "$sha1" "the store has v0.0.1's model (prod)"
assert_contains "$(store_oids)" "$sha2" "the store has v0.0.2's model (staging)"
assert_eq "" "$(git --git-dir="$TEAM_ORIGIN" branch --list experiment)" "the branch itself was not pushed"

# carol: a fresh clone gets the tags; the model bytes come from the store.
rm -rf "$TEAM/carol"
(HOME=$(_team_home carol) git clone -q "$TEAM_ORIGIN" "$TEAM/carol")
carol_obj=$TEAM/carol/.git/dvx/objects/${sha1:0:2}/${sha1:2:2}/$sha1
[ ! -e "$carol_obj" ] && pass || fail "carol's cache has the model before get"
as carol git dvx model get churn@prod -o "$TEAM/prod.pkl" 2>/dev/null
assert_file_sha "$TEAM/prod.pkl" "$sha1" "carol: model get churn@prod is v0.0.1's bytes"
assert_file_sha "$carol_obj" "$sha1" "the object came from the store into carol's cache"
as carol git dvx model get churn:latest -o "$TEAM/latest.pkl" 2>/dev/null
assert_file_sha "$TEAM/latest.pkl" "$sha2" "carol: churn:latest is v0.0.2's bytes"
assert_eq "$(as alice git dvx model list --json)" "$(as carol git dvx model list --json)" \
  "carol's registry is alice's"

# bob moves prod to v0.0.2 and pushes that one tag; alice fetches it.
as bob git fetch -q --tags
sleep 1  # a later second than alice's assignment
out=$(as bob git dvx model assign churn --version v0.0.2 --stage prod 2>&1)
assert_contains "$out" "Created git tag 'churn#prod#3'" "bob's tag continues the counter"
assert_contains "$out" "To publish: git push origin 'churn#prod#3'" "the push hint names the tag"
as bob git push -q origin 'churn#prod#3'
as alice git fetch -q --tags
assert_eq "$(as bob git rev-parse 'churn#prod#3')" "$(git --git-dir="$TEAM_ORIGIN" rev-parse 'churn#prod#3')" \
  "the tag object in the remote is bob's"
assert_eq "$(as bob git rev-parse 'churn#prod#3')" "$(as alice git rev-parse 'churn#prod#3')" \
  "alice has bob's tag object"
as alice git dvx model get churn@prod -o "$TEAM/prod-now.pkl" --force 2>/dev/null
assert_file_sha "$TEAM/prod-now.pkl" "$sha2" "alice: churn@prod is now v0.0.2"
for u in alice bob; do
  for t in $(as $u git tag -l); do
    assert_eq tag "$(as $u git cat-file -t "$t")" "$u: $t is annotated"
  done
done
expected=$(git --git-dir="$TEAM_ORIGIN" for-each-ref refs/tags \
  --format='%(refname:strip=2)%09%(objecttype)%09%(*objectname)%09%(taggerdate:unix)' | "$PY" "$ORACLE" parse)
assert_contains "$expected" '"prod": "v0.0.2"' "GTO's reading of the remote's tags: prod is v0.0.2"
got=$(as alice git dvx model list --json | "$PY" -c '
import json, sys
m = json.load(sys.stdin)["models"][0]
print(m["stages"]["prod"], m["stages"]["staging"], m["latest"])')
assert_eq "v0.0.2 v0.0.2 v0.0.2" "$got" "alice reads the same registry"

# Tags pushed without the hook: the data is missing and get says so.
as alice team_data models/churn.pkl 1000 churn3
as alice git commit -qam "churn model 3"
as alice git dvx model register churn >/dev/null
as alice git push -q --no-verify origin 'churn@v0.0.3'
as carol git fetch -q --tags
expect_failure as carol git dvx model get churn@v0.0.3 -o "$TEAM/v3.pkl"
assert_contains "$OUT" "models/churn.pkl at" "get names the file"
assert_contains "$OUT" "$TEAM_STORE" "get names the store"
[ ! -e "$TEAM/v3.pkl" ] && pass || fail "a failed get wrote the file"

finish
