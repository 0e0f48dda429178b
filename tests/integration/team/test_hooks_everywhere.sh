#!/usr/bin/env bash
# With only the global `git dvx install`, every repository the filter works
# in gets git-dvx's hooks (as git-lfs does): a change committed in any clone
# and pushed with plain `git push` reaches the others through plain
# `git pull`. Foreign hooks are chained, core.hooksPath is respected, and
# `install --skip-repo` / dvx.autoinstallhooks=false turn it off.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"

is_dvx_hook() { grep -q "git-dvx hook" "$1" 2>/dev/null; }

team_setup
as alice git branch -q --set-upstream-to=origin/main  # team_setup pushed without -u
# alice's repository got its hooks from the filter run by `git add`, so her
# plain `git push` uploaded the data.
for u in alice bob carol; do
  for h in pre-push post-checkout post-merge; do
    is_dvx_hook "$TEAM/$u/.git/hooks/$h" && pass || fail "$u: .git/hooks/$h is git-dvx's"
  done
done
expected=$(printf '%s\n' "$(sha_of "$TEAM/alice/data/a.bin")" "$(sha_of "$TEAM/alice/data/b.bin")" | sort)
assert_eq "$expected" "$(store_oids)" "alice's plain git push uploaded both objects"
for u in bob carol; do
  assert_file_sha "$TEAM/$u/data/a.bin" "$(sha_of "$TEAM/alice/data/a.bin")" "$u's clone has a.bin"
done

# A change from any clone reaches the two others.
round() {  # USER FILE SEED
  local user=$1 file=$2 seed=$3 sha others u
  as "$user" team_data "$file" 70000 "$seed"
  as "$user" git add "$file"
  as "$user" git commit -qm "$file from $user"
  run_capture as "$user" git push -q
  assert_eq 0 "$RC" "$user: plain git push: $OUT"
  sha=$(sha_of "$TEAM/$user/$file")
  assert_contains "$(store_oids)" "$sha" "$user's push put the new $file in the store"
  for u in alice bob carol; do
    [ "$u" = "$user" ] && continue
    run_capture as "$u" git pull -q
    assert_eq 0 "$RC" "$u: plain git pull of $user's change: $OUT"
    assert_file_sha "$TEAM/$u/$file" "$sha" "$u has $user's $file byte for byte"
    assert_eq "" "$(as "$u" git status --porcelain)" "$u's worktree is clean after the pull"
  done
}
round bob data/a.bin bob1
round carol data/b.bin carol1
round alice data/c.bin alice1

# During a clone the filter writes the hooks before git looks for
# post-checkout, so git runs the fresh hook; the data arrived either way.
(HOME=$(_team_home carol) GIT_TRACE="$TEAM/clone.trace" git clone -q "$TEAM_ORIGIN" "$TEAM/carol-t")
assert_contains "$(grep "run_command" "$TEAM/clone.trace")" "carol-t/.git/hooks/post-checkout" \
  "git runs the post-checkout hook the filter installed during the clone"
for f in data/a.bin data/b.bin data/c.bin; do
  assert_file_sha "$TEAM/carol-t/$f" "$(sha_of "$TEAM/alice/$f")" "the clone has $f"
done

# Hooks in place are left alone (not rewritten by every filter run).
inode=$(stat -c %i "$TEAM/bob/.git/hooks/pre-push")
as bob git checkout -q HEAD~1 && as bob git checkout -q main
assert_eq "$inode" "$(stat -c %i "$TEAM/bob/.git/hooks/pre-push")" "an installed hook is not rewritten"

# clone_no_checkout USER DIR: a clone whose filter has not run yet.
clone_no_checkout() { (HOME=$(_team_home "$1") git clone -q -n "$TEAM_ORIGIN" "$2"); }
# as_in USER DIR CMD...: runs CMD as USER in DIR.
as_in() { local user=$1 dir=$2; shift 2; (export HOME; HOME=$(_team_home "$user"); cd "$dir" && "$@"); }

# --- A foreign pre-push hook is kept, chained, and still runs.
clone_no_checkout carol "$TEAM/carol-f"
printf '#!/bin/sh\necho "foreign pre-push ran" >> "%s"\n' "$TEAM/foreign.log" > "$TEAM/carol-f/.git/hooks/pre-push"
chmod +x "$TEAM/carol-f/.git/hooks/pre-push"
foreign_sha=$(sha_of "$TEAM/carol-f/.git/hooks/pre-push")
run_capture as_in carol "$TEAM/carol-f" git checkout -q main
assert_eq 0 "$RC" "checkout in a clone with a foreign pre-push hook: $OUT"
assert_contains "$OUT" "pre-push hook now runs first" "the chaining is announced"
assert_eq "$foreign_sha" "$(sha_of "$TEAM/carol-f/.git/hooks/pre-push.pre-dvx")" "the foreign hook is kept byte for byte"
is_dvx_hook "$TEAM/carol-f/.git/hooks/pre-push" && pass || fail "git-dvx's pre-push is in place"
as_in carol "$TEAM/carol-f" team_data data/d.bin 9000 carol-f
as_in carol "$TEAM/carol-f" git add data/d.bin
as_in carol "$TEAM/carol-f" git commit -qm "d from carol-f"
run_capture as_in carol "$TEAM/carol-f" git push -q
assert_eq 0 "$RC" "push with the chained hook: $OUT"
assert_eq "foreign pre-push ran" "$(cat "$TEAM/foreign.log" 2>/dev/null)" "the foreign pre-push hook ran once"
assert_contains "$(store_oids)" "$(sha_of "$TEAM/carol-f/data/d.bin")" "git-dvx's pre-push uploaded the object too"
# smudge_d: a checkout that runs the filter (rewrites data/d.bin).
smudge_d() { rm -f data/d.bin && git checkout -- data/d.bin; }
run_capture as_in carol "$TEAM/carol-f" smudge_d
assert_eq 0 "$RC" "checkout with the hooks in place: $OUT"
assert_not_contains "$OUT" "runs first" "the note is printed once, not on every command"
# A foreign hook that later replaces one of git-dvx's is chained in turn.
printf '#!/bin/sh\nexit 0\n' > "$TEAM/carol-f/.git/hooks/post-merge"
run_capture as_in carol "$TEAM/carol-f" smudge_d
assert_eq 0 "$RC" "checkout after post-merge was replaced: $OUT"
assert_eq "$(printf '#!/bin/sh\nexit 0')" "$(cat "$TEAM/carol-f/.git/hooks/post-merge.pre-dvx")" "the new foreign post-merge is chained"
is_dvx_hook "$TEAM/carol-f/.git/hooks/post-merge" && pass || fail "git-dvx's post-merge is back"
# A second foreign pre-push would have to replace the chained one: a warning, no loss.
printf '#!/bin/sh\nexit 0\n' > "$TEAM/carol-f/.git/hooks/pre-push"
run_capture as_in carol "$TEAM/carol-f" smudge_d
assert_eq 0 "$RC" "a hook problem never fails the filter"
d_oid=$(git -C "$TEAM/carol-f" cat-file -p HEAD:data/d.bin | sed -n 's/^oid sha256://p')
assert_file_sha "$TEAM/carol-f/data/d.bin" "$d_oid" "the file was written all the same"
assert_contains "$OUT" "warning: could not install git-dvx's hooks" "a second foreign pre-push: one warning"
assert_eq 1 "$(grep -c "could not install" <<<"$OUT")" "the warning is printed once"
assert_eq "$foreign_sha" "$(sha_of "$TEAM/carol-f/.git/hooks/pre-push.pre-dvx")" "the first chained hook is not overwritten"

# --- core.hooksPath (absolute, and relative to the worktree root) is respected.
clone_no_checkout bob "$TEAM/bob-abs"
as_in bob "$TEAM/bob-abs" git config core.hooksPath "$TEAM/shared-hooks"
as_in bob "$TEAM/bob-abs" git checkout -q main
is_dvx_hook "$TEAM/shared-hooks/pre-push" && pass || fail "core.hooksPath (absolute): the hooks went there"
[ ! -e "$TEAM/bob-abs/.git/hooks/pre-push" ] && pass || fail "core.hooksPath: nothing in .git/hooks"
clone_no_checkout bob "$TEAM/bob-rel"
as_in bob "$TEAM/bob-rel" git config core.hooksPath .hooks
as_in bob "$TEAM/bob-rel" git checkout -q main
is_dvx_hook "$TEAM/bob-rel/.hooks/pre-push" && pass || fail "core.hooksPath (relative): the hooks went there"
as_in bob "$TEAM/bob-rel" team_data data/e.bin 5000 bob-rel
as_in bob "$TEAM/bob-rel" git add data/e.bin
as_in bob "$TEAM/bob-rel" git commit -qm "e from bob-rel"
as_in bob "$TEAM/bob-rel" git push -q
assert_contains "$(store_oids)" "$(sha_of "$TEAM/bob-rel/data/e.bin")" "the hook under core.hooksPath uploaded the object"

# --- Turning it off: dvx.autoinstallhooks=false in one repository...
clone_no_checkout bob "$TEAM/bob-off"
as_in bob "$TEAM/bob-off" git config dvx.autoinstallhooks false
as_in bob "$TEAM/bob-off" git checkout -q main
[ ! -e "$TEAM/bob-off/.git/hooks/pre-push" ] && pass || fail "dvx.autoinstallhooks=false: no hook installed"
assert_file_sha "$TEAM/bob-off/data/a.bin" "$(sha_of "$TEAM/bob/data/a.bin")" "the filter still works"
# ...or `git dvx install --skip-repo` for a user.
home=$(_team_home dave)
mkdir -p "$home"
HOME=$home git config --global init.defaultBranch main
OUT=$(HOME=$home git dvx install --skip-repo)
assert_contains "$OUT" "dvx.autoinstallhooks=false" "install --skip-repo says the filter will not install hooks"
assert_eq "false" "$(HOME=$home git config --global dvx.autoinstallhooks)" "install --skip-repo sets the switch"
(HOME=$home git clone -q "$TEAM_ORIGIN" "$TEAM/dave")
for h in pre-push post-checkout post-merge; do
  [ ! -e "$TEAM/dave/.git/hooks/$h" ] && pass || fail "--skip-repo: no $h in dave's clone"
done
assert_file_sha "$TEAM/dave/data/a.bin" "$(sha_of "$TEAM/bob/data/a.bin")" "--skip-repo: the clone still has the data"
HOME=$home git dvx install >/dev/null
assert_eq "" "$(HOME=$home git config --global dvx.autoinstallhooks || true)" "a plain install turns auto-install back on"

# --- A repo-local install only: the filter leaves the hooks to that install.
home=$(_team_home erin)
mkdir -p "$home" "$TEAM/erin"
(
  export HOME=$home
  cd "$TEAM/erin" && git init -q && git dvx install --local --skip-hooks >/dev/null
  git dvx track '*.bin' >/dev/null && team_data x.bin 3000 erin && git add . 2>&1
)
[ ! -e "$TEAM/erin/.git/hooks/pre-push" ] && pass || fail "repo-local install only: no hook auto-installed"
finish
