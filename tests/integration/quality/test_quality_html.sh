#!/usr/bin/env bash
# validate --format html and diff --rows --format html: one self-contained
# file each, rendered by headless Chromium with no network (unshare -n, every
# host unresolvable): the page loads, names every column with a violation
# (validate) or a changed cell (diff), and draws one chart per file with
# violations / one chart of changed cells; the screenshot is a real PNG.
# Validate also draws one distribution chart per column of each file,
# checked against pandas and numpy (html_charts_oracle.py).
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || { echo "FAIL: chromium missing (apt-get install chromium; see install/deps.sh)" >&2; exit 1; }

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' >/dev/null
printf 'id,age,city\n1,30,Paris\n2,150,Rome\n2,40,Oslo\n' >a.csv
printf '[checks."*.csv"]\nunique = ["id"]\nrange = { age = [0, 120] }\nallowed = { city = ["Paris", "Rome"] }\n' >dvx.toml
git add .gitattributes a.csv dvx.toml && git commit -q --no-verify -m v1
printf 'id,age,city\n1,31,Paris\n2,150,Rome\n3,40,Oslo\n' >a.csv

render() {  # FILE ARGS...: chromium on FILE offline
  local f=$1
  shift
  timeout 120 unshare -n "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 --virtual-time-budget=3000 "$@" \
    "file://$f" 2>"$TEST_ROOT/chromium.err"
}
check_page() {  # HTML LABEL CHARTS COLUMN...
  local page=$1 label=$2 charts=$3
  shift 3
  local html
  html=$(cat "$page")
  assert_contains "$html" "<!DOCTYPE html>" "$label: an HTML document"
  for bad in 'http:' 'https:' '<script' '<link' 'src=' 'url('; do assert_not_contains "$html" "$bad" "$label: no $bad"; done
  local rc=0
  render "$page" --dump-dom >"$TEST_ROOT/dom.html" || rc=$?
  assert_eq 0 "$rc" "$label: chromium loads the page offline"
  assert_eq "$charts" "$(grep -o '<svg[^>]*class="chart' "$TEST_ROOT/dom.html" | wc -l)" "$label: charts in the rendered page"
  for col in "$@"; do assert_contains "$(cat "$TEST_ROOT/dom.html")" "$col" "$label: names $col"; done
  rc=0
  (cd "$TEST_ROOT" && render "$page" --screenshot="$TEST_ROOT/shot.png" --window-size=1200,900 >/dev/null) || rc=$?
  assert_eq "89504e47" "$(head -c 4 "$TEST_ROOT/shot.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" "$label: a PNG screenshot"
  rm -f "$TEST_ROOT/shot.png"
}

run_capture git dvx validate --rev HEAD --format html -o "$TEST_ROOT/validate.html"
assert_eq 1 "$RC" "validate --format html still exits 1 on violations"
assert_contains "$OUT" "validation report written to $TEST_ROOT/validate.html" "says where"
# One violations chart, then one distribution chart per column.
check_page "$TEST_ROOT/validate.html" validate 4 "Validation failed" "a.csv" "id" "age" "city" "1 (150)"
for col in id age city; do
  assert_eq 1 "$(grep -o "<svg[^>]*class=\"chart\" data-column=\"$col\"" "$TEST_ROOT/dom.html" | wc -l)" \
    "validate: one chart of column $col"
done

# A larger file: every column's chart against pandas/numpy, in the page Chromium rendered.
"$PY" "$HERE/gen_customers.py" customers.csv 1100 7
printf '[checks."customers.csv"]\nunique = ["customer_id"]\nrange = { age = [0, 120] }\npattern = { email = %s }\nallowed = { city = ["Paris", "Berlin", "Rome", "Madrid", "Lisbon", "Vienna"] }\n' \
  "'^[^@]+@[^@]+\$'" >dvx.toml
run_capture git dvx validate customers.csv --format html -o "$TEST_ROOT/customers.html"
assert_eq 1 "$RC" "validate customers.csv --format html exits 1 (violations): $OUT"
columns=$(head -1 customers.csv | tr ',' ' ')
# 1 violations chart + 7 columns.
check_page "$TEST_ROOT/customers.html" "validate customers" 8 "Validation failed" "customers.csv" $columns
run_capture "$PY" "$HERE/html_charts_oracle.py" "$TEST_ROOT/dom.html" customers.csv
assert_eq 0 "$RC" "validate customers: distribution charts as pandas/numpy: $OUT"
assert_contains "$(cat "$TEST_ROOT/dom.html")" "Distributions of the 7 columns" "validate customers: distributions section"

run_capture git dvx diff a.csv --rows --key id --format html -o "$TEST_ROOT/diff.html"
assert_eq 0 "$RC" "diff --rows --format html exits 0: $OUT"
check_page "$TEST_ROOT/diff.html" "diff --rows" 1 "1 added, 1 removed, 1 modified" "age" "city" "30 → 31"
finish
