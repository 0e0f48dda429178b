# bash completion for git-dvx: `git dvx <TAB>` (git's completion calls
# _git_dvx) and `git-dvx <TAB>`. Commands and options come from the
# installed binary's own --help, remotes from `git dvx remote list`, stage
# names from `git dvx stage list`, so the script never goes stale.
# Installed to share/bash-completion/completions/git-dvx.

_git_dvx_commands() {
  git-dvx --help 2>/dev/null | awk '/^commands:/ {on = 1; next} on && NF > 1 {print $1}'
}

_git_dvx_options() {  # COMMAND
  git-dvx "$1" --help 2>/dev/null | grep -oE '^  (-[a-zA-Z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+'
}

_git_dvx_remotes() { git-dvx remote list 2>/dev/null | awk -F'\t' '{print $1}'; }
_git_dvx_stages() { git-dvx stage list 2>/dev/null | awk '{print $1}'; }

# Completes words[cword] given the words after `dvx`: $1 is the index of the
# command word in words[].
_git_dvx_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} first=$1 cmd
  if [ "$COMP_CWORD" -le "$first" ]; then
    COMPREPLY=($(compgen -W "$(_git_dvx_commands)" -- "$cur"))
    return
  fi
  cmd=${COMP_WORDS[first]}
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_git_dvx_options "$cmd")" -- "$cur"))
    return
  fi
  case $cmd in
    push | pull | fetch) COMPREPLY=($(compgen -W "$(_git_dvx_remotes)" -- "$cur")) ;;
    repro | dag | lineage) COMPREPLY=($(compgen -W "$(_git_dvx_stages)" -- "$cur")) ;;
    remote)
      if [ "$COMP_CWORD" -eq $((first + 1)) ]; then
        COMPREPLY=($(compgen -W "add modify list remove default" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(_git_dvx_remotes)" -- "$cur"))
      fi
      ;;
    model)
      if [ "$COMP_CWORD" -eq $((first + 1)) ]; then
        COMPREPLY=($(compgen -W "register assign unassign deprecate list show get" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(git-dvx model list --json 2>/dev/null | grep -oE '"name": "[^"]+"' | cut -d'"' -f4)" -- "$cur"))
      fi
      ;;
    exp)
      if [ "$COMP_CWORD" -eq $((first + 1)) ]; then
        COMPREPLY=($(compgen -W "run show diff apply branch remove queue push pull" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(git for-each-ref --format='%(refname:lstrip=3)' refs/dvx/exps refs/dvx/exps-failed 2>/dev/null)" -- "$cur"))
      fi
      ;;
    *) COMPREPLY=() ;;
  esac
  # Paths for everything else and after the special words.
  [ ${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- "$cur"))
  return 0
}

# Called by git's own completion for `git dvx ...`.
_git_dvx() {
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    [ "${COMP_WORDS[i]}" = dvx ] && break
  done
  _git_dvx_complete $((i + 1))
}

_git_dvx_standalone() { _git_dvx_complete 1; }
complete -o default -F _git_dvx_standalone git-dvx
