#!/usr/bin/env bash
# Crash trials: SIGKILL at a random moment during `git add`, `git checkout`
# (the whole process group, and the filter process alone), `git push` to a
# directory store and to S3 (s3rver; its objects are re-hashed through the
# aws CLI), `git dvx pull`, `git dvx fetch` and `git dvx repro`. After
# each kill: every cache and store object's content still matches its name;
# then the command is run again (after removing the index.lock the killed git
# left, as git itself advises) and every tracked worktree file must have its
# expected sha256, `git status --porcelain` be clean, no temporary file be in
# the worktree, and `git dvx fsck` agree.
#   TRIALS=N      trials per command (default 2, for CI)
#   COMMANDS="add pull"  a subset
# Prints one line per command: trials and failed trials.
. "$(dirname "$0")/../lib.sh"

TRIALS=${TRIALS:-2}
COMMANDS=${COMMANDS:-add checkout-group checkout-filter push push-s3 pull fetch repro}
STORE="$TEST_ROOT/store"
git dvx install >/dev/null
git init -q --bare "$TEST_ROOT/origin.git"
new_repo "$TEST_ROOT/work"
git dvx track '*.bin' >/dev/null
git dvx remote add --default store "$STORE" >/dev/null
if [[ " $COMMANDS " == *" push-s3 "* ]]; then
  . "$DVX_SOURCE_DIR/tests/integration/lib_s3.sh"
  s3_start dvx-crash
  git dvx remote add s3store "s3://$S3_BUCKET/objects" >/dev/null
  git dvx remote modify s3store endpoint "$DVX_S3_ENDPOINT" >/dev/null
fi
git remote add origin "$TEST_ROOT/origin.git"

# Random files: many small ones and a few that take a while to copy or hash.
write_files() {  # count-small count-large seed-tag
  mkdir -p data
  for i in $(seq 1 "$1"); do head -c $((RANDOM * 4 + 1000)) /dev/urandom > "data/s$i.bin"; done
  for i in $(seq 1 "$2"); do head -c $(((RANDOM % 6 + 4) * 1000000)) /dev/urandom > "data/l$i.bin"; done
}
# The expected sha256 of every tracked file of the worktree, for sha256sum -c.
snapshot() { git ls-files -z | xargs -0 sha256sum > "$1"; }

write_files 40 4
git add -A && git commit -qm base && git push -q origin main
snapshot "$TEST_ROOT/expect-main"
git checkout -q -b alt
for i in 1 2 3 4 5 6 7 8 9 10; do head -c $((RANDOM * 4 + 1000)) /dev/urandom > "data/s$i.bin"; done
head -c 7000000 /dev/urandom > data/l1.bin
git rm -q data/s40.bin && head -c 3000000 /dev/urandom > data/new.bin
git add -A && git commit -qm alt && git push -q origin alt
snapshot "$TEST_ROOT/expect-alt"
git checkout -q main

# The pipeline of the repro trials: one stage whose out depends on a param.
cat > dvx.toml <<'T'
[stages.join]
cmd  = "cat data/l1.bin data/l2.bin data/l3.bin > joined.bin && sed -n 's/^n = //p' params.toml >> joined.bin"
deps = ["data/l1.bin", "data/l2.bin", "data/l3.bin"]
outs = ["joined.bin"]
params = ["n"]
T
echo "n = 0" > params.toml
git dvx repro >/dev/null
git add -A && git commit -qm pipeline && git push -q origin main
snapshot "$TEST_ROOT/expect-main"

trial_failed=0
check() {  # condition-output label: any output is a failure
  if [ -n "$1" ]; then
    fail "$label: $2: $1"
    trial_failed=1
  else
    pass
  fi
}

# Every object's content must match its name (64-hex file names).
objects_sound() {  # folder
  [ -d "$1" ] || return 0
  find "$1" -type f -regextype egrep -regex '.*/[0-9a-f]{64}' -print0 |
    xargs -0 -r sha256sum | awk '{n = split($2, p, "/"); if ($1 != p[n]) print $2}'
}

# The git-dvx filter process under git (git starts it through /bin/sh -c).
filter_of() {
  ps -eo pid=,ppid=,args= | awk -v top="$1" '
    {parent[$1] = $2; args[$1] = $0}
    END {for (p in args) if (args[p] ~ /[0-9] git-dvx filter-process$/ &&
                             (parent[p] == top || parent[parent[p]] == top)) print p}'
}

# run_killed MODE CMD...: CMD in its own process group, SIGKILLed after a
# random delay (up to $max_ms): MODE group kills the group, MODE filter only
# git's filter process (waiting for it to start first).
run_killed() {
  local mode=$1 ms=$((RANDOM % max_ms)) pid f=""
  shift
  setsid "$@" >"$TEST_ROOT/killed.out" 2>&1 &
  pid=$!
  if [ "$mode" = filter ]; then
    for _ in $(seq 1 200); do
      f=$(filter_of "$pid")
      [ -n "$f" ] && break
      sleep 0.01
    done
  fi
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  if [ "$mode" = group ]; then kill -9 -- "-$pid" 2>/dev/null || true
  elif [ -n "$f" ]; then kill -9 "$f" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

after_kill() {
  check "$(objects_sound .git/dvx/objects)" "cache objects whose content does not match their name"
  check "$(objects_sound "$STORE")" "store objects whose content does not match their name"
  rm -f .git/index.lock  # git's advice after a killed git
  # A killed push kills the receiving git too (same process group): its ref
  # locks stay in the bare remote, and git's message advises removing them.
  find "$TEST_ROOT/origin.git" -name '*.lock' -delete
}

final_checks() {  # expected-snapshot
  local out
  out=$(sha256sum --quiet -c "$1" 2>&1 || true)
  check "$out" "worktree files without their expected sha256"
  check "$(git status --porcelain)" "git status is not clean"
  check "$(find . -path ./.git -prune -o -name '.dvx-*' -print)" "temporary files in the worktree"
  # fsck must find no problem but stale temporaries: a killed download's
  # file turns stale an hour later (long runs), and fsck rightly names it.
  out=$({ git dvx fsck --json 2>/dev/null || true; } | "$PY" -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["problem"] and f["kind"] != "stale_temporary": print(f["message"])') ||
    out="git dvx fsck --json failed"
  check "$out" "git dvx fsck disagrees"
}

# Every S3 object's content must match its name, read with the aws CLI.
# An object already found sound is read again only when its ETag or
# LastModified changed (a PUT replaced it): otherwise every trial would
# re-read all the objects of the trials before it.
# s3rver answers a PUT once the body went through its MD5 stream, before its
# file write stream has flushed (lib/stores/filesystem.js, putObject): read
# at once after the kill, a just-stored object can still be short. A
# mismatching object is therefore read again a second later; only a second
# mismatch fails.
s3_object_matches() {  # KEY
  [ "$(s3_aws s3 cp "s3://$S3_BUCKET/$1" - | sha256sum | cut -d' ' -f1)" = "${1##*/}" ]
}
s3_objects_sound() {
  local key etag modified seen="$TEST_ROOT/s3-sound"
  touch "$seen"
  s3_aws s3api list-objects-v2 --bucket "$S3_BUCKET" --prefix objects/ \
    --query 'Contents[].[Key,ETag,LastModified]' --output text | grep -v '^None$' |
    while IFS=$'\t' read -r key etag modified; do
      [ -n "$key" ] || continue
      grep -qxF "$key $etag $modified" "$seen" && continue
      if s3_object_matches "$key" || { sleep 1 && s3_object_matches "$key"; }; then
        echo "$key $etag $modified" >> "$seen"
      else
        echo "$key"
      fi
    done
}

# sha256 of object OID as the store of trial CMD (push: directory, push-s3: S3) holds it.
stored_sha() {  # CMD OID
  local o=$2
  if [ "$1" = push ]; then sha_of "$STORE/${o:0:2}/${o:2:2}/$o" 2>/dev/null
  else s3_aws s3 cp "s3://$S3_BUCKET/objects/${o:0:2}/${o:2:2}/$o" - 2>/dev/null | sha256sum | cut -d' ' -f1; fi
}

rerun() {  # CMD...: must succeed
  local out
  out=$("$@" 2>&1) || check "$out" "re-run of '$*' failed"
}

summary=()
for cmd in $COMMANDS; do
  failed=0 forced=0
  for t in $(seq 1 "$TRIALS"); do
    label="$cmd trial $t"
    trial_failed=0
    case $cmd in
      add)
        max_ms=1500
        git checkout -q main
        for i in $(seq 1 12); do head -c $((RANDOM * 8 + 1000)) /dev/urandom > "data/a$t-$i.bin"; done
        head -c 8000000 /dev/urandom > "data/l4.bin"
        run_killed group git add -A
        after_kill
        rerun git add -A
        rerun git commit -qm "add trial $t"
        rerun git push -q origin main  # the checkout trials fetch these objects
        snapshot "$TEST_ROOT/expect-main"
        final_checks "$TEST_ROOT/expect-main" ;;
      checkout-group|checkout-filter)
        max_ms=2500
        from=$(git branch --show-current)
        to=$([ "$from" = main ] && echo alt || echo main)
        # Half the objects of the files that change leave the cache: those
        # are downloaded through the filter's delay, the others smudged.
        git diff --name-only HEAD "$to" | awk 'NR % 2' | while read -r f; do
          o=$(git show "$to:$f" 2>/dev/null | sed -n 's/^oid sha256://p') || true
          if [ -n "$o" ]; then rm -f ".git/dvx/objects/${o:0:2}/${o:2:2}/$o"; fi
        done
        run_killed "${cmd#checkout-}" git checkout -q "$to"
        after_kill
        # A killed git leaves the files it wrote, which the old index calls
        # local changes: git refuses to overwrite them, and the user forces it.
        if ! out=$(git checkout -q "$to" 2>&1); then
          if [[ $out == *"would be overwritten by checkout"* ]]; then
            forced=$((forced + 1))
            rerun git checkout -q -f "$to"
          else
            check "$out" "re-run of 'git checkout $to' failed"
          fi
        fi
        final_checks "$TEST_ROOT/expect-$to" ;;
      push|push-s3)  # to the directory store, or to S3 (then back to the directory store)
        max_ms=1500
        git checkout -q main
        sfx=${cmd#push}
        head -c 6000000 /dev/urandom > "data/p$t$sfx.bin"
        head -c 20000 /dev/urandom > "data/q$t$sfx.bin"
        git add -A && git commit -qm "$cmd trial $t"
        snapshot "$TEST_ROOT/expect-main"
        [ "$cmd" = push ] || git config dvx.defaultremote s3store
        run_killed group git push -q origin main
        after_kill
        [ "$cmd" = push ] || check "$(s3_objects_sound)" "S3 objects whose content does not match their name"
        rerun git push -q origin main
        for f in "data/p$t$sfx.bin" "data/q$t$sfx.bin"; do
          o=$(sha_of "$f")
          [ "$(stored_sha "$cmd" "$o")" = "$o" ] || check "$f" "not in the $cmd store after the re-run"
        done
        if [ "$cmd" = push-s3 ]; then
          git config dvx.defaultremote store
          rerun git dvx push -q  # the pull and fetch trials read the directory store
        fi
        final_checks "$TEST_ROOT/expect-main" ;;
      pull)
        max_ms=1500
        git checkout -q main
        rm -rf .git/dvx/objects data joined.bin
        GIT_DVX_SKIP_SMUDGE=1 git checkout -q -- .
        run_killed group git dvx pull
        after_kill
        rerun git dvx pull
        final_checks "$TEST_ROOT/expect-main" ;;
      fetch)
        max_ms=1000
        rm -rf .git/dvx/objects
        run_killed group git dvx fetch
        after_kill
        rerun git dvx fetch
        final_checks "$TEST_ROOT/expect-$(git branch --show-current)" ;;
      repro)
        max_ms=800
        git checkout -q main
        echo "n = $t$RANDOM" > params.toml
        run_killed group git dvx repro
        after_kill
        rerun git dvx repro
        expected=$( (cat data/l1.bin data/l2.bin data/l3.bin; sed -n 's/^n = //p' params.toml) | sha256sum | cut -d' ' -f1)
        check "$( [ "$(sha_of joined.bin)" = "$expected" ] || echo "joined.bin")" "repro out without its expected sha256"
        rerun git add -A
        rerun git commit -qm "repro trial $t"
        snapshot "$TEST_ROOT/expect-main"
        final_checks "$TEST_ROOT/expect-main" ;;
    esac
    failed=$((failed + trial_failed))
    # A failed trial must not spoil the next one: back to a known state.
    if [ "$trial_failed" = 1 ]; then
      cat "$TEST_ROOT/killed.out" >&2 || true
      git checkout -q -f "$(git branch --show-current)" || true
      git clean -qfdx -e .gitattributes || true
    fi
  done
  summary+=("$(printf '%-16s %3d trials, %d failed' "$cmd" "$TRIALS" "$failed")$(
    [ "$forced" = 0 ] || echo " ($forced re-runs needed checkout -f)")")
done
printf 'crash trials: %s\n' "${summary[@]}"
finish
