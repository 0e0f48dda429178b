#!/usr/bin/env bash
# Help as git users expect it: `git dvx --help` and `git help dvx` (which git
# turns into `man git-dvx`), `man git-dvx-<command>` after `cmake --install`;
# per-command help lists only options the docs describe; usage errors name
# the usage instead of a raw parser message.
. "$(dirname "$0")/../lib.sh"

prefix=$TEST_ROOT/prefix
cmake --install "$DVX_BUILD_DIR" --prefix "$prefix" >/dev/null
export PATH="$prefix/bin:$PATH" MANPATH="$prefix/share/man:" MANPAGER=cat PAGER=cat MANWIDTH=100
assert_eq "$prefix/bin/git-dvx" "$(command -v git-dvx)" "the installed binary comes first on PATH"

run_capture git dvx --help
assert_eq 0 "$RC" "git dvx --help exits 0"
assert_contains "$OUT" "git-dvx - data and model versioning with plain git" "git dvx --help shows the man page's NAME"
assert_contains "$OUT" "man git-dvx-push" "the page points to the per-command pages"
assert_contains "$OUT" "push" "the page lists the commands"

run_capture git help dvx
assert_eq 0 "$RC" "git help dvx exits 0"
assert_contains "$OUT" "data and model versioning with plain git" "git help dvx shows the page"

run_capture man git-dvx-push
assert_eq 0 "$RC" "man git-dvx-push exits 0"
assert_contains "$OUT" "git-dvx-push - " "the push page is named git-dvx-push"
assert_contains "$OUT" "--all" "the push page lists push's options"
assert_contains "$(git dvx push --help)" "--all" "git dvx push --help prints the same options"

# Every command: help exits 0, has a man page, and lists only options that
# docs/ or the README describe; no internal option (the names that carry
# positional arguments) and no float noise in defaults.
commands=$(git-dvx --help | awk '/^  [a-z]/{print $1}')
[ "$(echo "$commands" | wc -l)" -gt 15 ] && pass || fail "git-dvx --help lists the commands: [$commands]"
for c in $commands; do
  run_capture git dvx "$c" --help
  assert_eq 0 "$RC" "git dvx $c --help exits 0"
  assert_contains "$OUT" "usage: git dvx $c" "git dvx $c --help starts with its usage"
  for internal in "--args " "--path " "--revs " "--stages " "--pattern " "--action " "(=" "0000000"; do
    assert_not_contains "$OUT" "$internal" "git dvx $c --help shows no internal option or raw default"
  done
  for o in $(echo "$OUT" | grep -oE '^  (-[a-z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+'); do
    [ "$o" = --help ] && continue
    if grep -rqF -- "$o" "$DVX_SOURCE_DIR/docs" "$DVX_SOURCE_DIR/README.md"; then pass; else
      fail "git dvx $c --help lists $o, which no page of docs/ describes"
    fi
  done
  [ -f "$prefix/share/man/man1/git-dvx-$c.1" ] && pass || fail "man page git-dvx-$c.1 installed"
done

# A stray argument is a usage error (exit 2) that shows the usage.
new_repo "$TEST_ROOT/repo"
expect_failure git dvx dag train
assert_eq 2 "$RC" "git dvx dag train exits 2"
assert_contains "$OUT" "too many arguments (usage: git dvx dag" "names the usage, not Boost's message"
assert_not_contains "$OUT" "positional" "no raw parser wording"

finish
