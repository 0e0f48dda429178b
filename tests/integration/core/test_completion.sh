#!/usr/bin/env bash
# The installed bash completion: `git dvx <TAB>` through git's own completion
# and `git-dvx <TAB>` complete commands, options, remotes and stage names.
. "$(dirname "$0")/../lib.sh"

prefix=$TEST_ROOT/prefix
cmake --install "$DVX_BUILD_DIR" --prefix "$prefix" >/dev/null
script=$prefix/share/bash-completion/completions/git-dvx
[ -f "$script" ] && pass || fail "completion installed at $script"

new_repo "$TEST_ROOT/repo"
git dvx remote add --default team-store "$TEST_ROOT/store" >/dev/null
git dvx remote add archive "$TEST_ROOT/archive" >/dev/null
printf '[stages.prepare]\ncmd = "true"\nouts = ["a"]\n[stages.train]\ncmd = "true"\ndeps = ["a"]\n' > dvx.toml

# complete WORDS...: the candidates bash would offer for the last word, via
# git's completion (git dvx ...) or ours (git-dvx ...), one per line, sorted.
complete_words() {
  bash -c '
    . /usr/share/bash-completion/completions/git
    . "$0"
    COMP_WORDS=("${@}"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
    if [ "${COMP_WORDS[0]}" = git ]; then __git_wrap__git_main; else _git_dvx_standalone; fi
    printf "%s\n" "${COMPREPLY[@]}" | sed "s/ *$//" | sort' "$script" "$@"
}

out=$(complete_words git dvx pu)
assert_eq $'pull\npush' "$out" "git dvx pu<TAB>: the commands"
out=$(complete_words git-dvx tr)
assert_eq "track" "$out" "git-dvx tr<TAB>: the command"
out=$(complete_words git dvx drift --th)
assert_eq "--threshold" "$out" "git dvx drift --th<TAB>: the option"
out=$(complete_words git dvx push "")
assert_eq $'archive\nteam-store' "$out" "git dvx push <TAB>: the remotes"
out=$(complete_words git dvx repro tr)
assert_eq "train" "$out" "git dvx repro tr<TAB>: the stage"
out=$(complete_words git dvx remote mo)
assert_eq "modify" "$out" "git dvx remote mo<TAB>: the verb"
finish
