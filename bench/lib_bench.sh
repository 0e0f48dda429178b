# What the benches share. Source it, then:
#   bench_workdir NAME       # $work: a fresh folder, removed at exit (read-only cache files too)
#   bench_home DIR DVX_BIN   # HOME=DIR/home with git's identity, git-dvx on PATH
bench_workdir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/dvx-$1.XXXXXX")
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
}
bench_home() {
  export HOME="$1/home" GIT_CONFIG_NOSYSTEM=1
  mkdir -p "$HOME" "$1/bin"
  ln -sf "$2" "$1/bin/git-dvx"
  export PATH="$1/bin:$PATH"
  git config --global user.name bench && git config --global user.email bench@example.com
  git config --global init.defaultBranch main
}
