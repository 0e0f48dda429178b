#!/usr/bin/env bash
# git dvx drift on a CSV with one huge field: refused fast with a message
# naming the file, version and line, in bounded memory (the issue saw a
# 200 MB field peak at 1.04 GB RSS and a 2.2 GB one pass 10.8 GB). The
# limit is 64 MiB by default and --max-field-size changes it.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' >/dev/null
printf 'a,b\n1,x\n2,y\n' >big.csv
git add .gitattributes big.csv && git commit -qm v1

# 300 MB fields, unquoted and quoted, on line 3 of the worktree version.
max_rss_kb=$((460 * 1024))  # the mapped file (~286 MiB) plus 174 MiB
for quote in '' '"'; do
  { printf 'a,b\n1,x\n2,%s' "$quote"; head -c 300000000 /dev/zero | tr '\0' 'v'; printf '%s\n3,z\n' "$quote"; } >big.csv
  run_capture /usr/bin/time -v -o "$TEST_ROOT/time.txt" git dvx drift big.csv
  assert_eq 2 "$RC" "exit 2 for a 300 MB field (quote: '$quote')"
  assert_contains "$OUT" "git-dvx: big.csv at worktree: line 3: a field is larger than 67108864 bytes" \
    "message names file, version and line (quote: '$quote')"
  assert_not_contains "$OUT" "internal error" "no internal error"
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TEST_ROOT/time.txt")
  if [ -n "$rss" ] && [ "$rss" -lt "$max_rss_kb" ]; then pass; else fail "max RSS ${rss:-?} kB, bound $max_rss_kb kB (quote: '$quote')"; fi
  echo "300 MB field (quote: '$quote'): max RSS ${rss} kB"
done
rm -f big.csv

# --max-field-size: a 2,000-byte field is refused under 1k and read under 4k.
{ printf 'a,b\n1,x\n2,'; head -c 2000 /dev/zero | tr '\0' 'w'; printf '\n'; } >big.csv
run_capture git dvx drift big.csv --max-field-size 1k
assert_eq 2 "$RC" "refused under --max-field-size 1k"
assert_contains "$OUT" "big.csv at worktree: line 3: a field is larger than 1024 bytes" "message with the chosen limit"
run_capture git dvx drift big.csv --max-field-size 4k --format json
assert_eq 0 "$RC" "read under --max-field-size 4k: $OUT"
summary=$(echo "$OUT" | $PY -c '
import json, sys
c = [c for c in json.load(sys.stdin)["columns"] if c["name"] == "b"][0]
print(c["after"]["rows"], c["after"]["unique"])' 2>&1)
assert_eq "2 2" "$summary" "the long value is read as one more category"
run_capture git dvx drift big.csv --max-field-size 0
assert_eq 2 "$RC" "--max-field-size 0 is refused"
assert_contains "$OUT" "--max-field-size" "message names the option"

finish
