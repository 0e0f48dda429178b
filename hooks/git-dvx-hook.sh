#!/bin/sh
# Installed by git-dvx ('git dvx install'): hands this hook to 'git-dvx hook'.
# A hook that was here before is kept as <name>.pre-dvx and runs first.
name=$(basename "$0")
input=$(cat)
if [ -x "$0.pre-dvx" ]; then
  printf '%s' "$input" | "$0.pre-dvx" "$@" || exit $?
fi
if ! command -v git-dvx >/dev/null 2>&1; then
  echo "git-dvx: the $name hook needs git-dvx on PATH (install it, or run 'git dvx uninstall')" >&2
  exit 2
fi
printf '%s' "$input" | git-dvx hook "$name" "$@"
