# What the benches share. Source it, then:
#   bench_workdir NAME       # $work: a fresh folder, removed at exit (read-only cache files too)
#   bench_home DIR DVX_BIN   # HOME=DIR/home with git's identity, git-dvx on PATH; cd DIR
#   bench_repo TOOL DIR      # cd into a new repository tracking *.bin with TOOL
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
  # Out of the caller's folder: a global `git dvx install` also installs
  # hooks into the repository it runs in (the checkout the bench ran from).
  cd "$1"
}

# bench_repo TOOL DIR: a new repository at DIR tracking *.bin with TOOL: dvx,
# lfs, floor ($work/bin/floor-filter, a no-op filter process: git's own
# cost of the filter protocol), or floorstore (the same filter keeping each
# cleaned content in DIR.store, flushed once: the floor of a durable add). DIR is always new: deleting thousands of
# files just before a timed run makes ext4's inode allocator scan recently
# freed inodes, which added seconds to whichever tool ran next, so old
# repositories are only removed at exit.
bench_repo() {
  mkdir -p "$2" && cd "$2" && git init -q
  case $1 in
    dvx) git dvx install --local --force >/dev/null && git dvx track '*.bin' >/dev/null ;;
    lfs) git lfs install --local >/dev/null && git lfs track '*.bin' >/dev/null ;;
    floor)
      git config filter.floor.process "$work/bin/floor-filter"
      git config filter.floor.required true
      echo '*.bin filter=floor -text' >.gitattributes ;;
    floorstore)  # the no-op filter keeping each content in a store of its own
      git config filter.floor.process "$work/bin/floor-filter $2.store"
      git config filter.floor.required true
      echo '*.bin filter=floor -text' >.gitattributes ;;
  esac
  git add .gitattributes && git commit -qm attrs
}
