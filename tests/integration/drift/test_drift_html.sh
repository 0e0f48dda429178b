#!/usr/bin/env bash
# git dvx drift --format html: one self-contained file, rendered by headless
# Chromium in a network namespace with no network (unshare -n) and with
# every host unresolvable: the page loads, names every column, and draws
# exactly one chart per compared column (histogram for numbers, bars for
# categories); the screenshot is a real PNG of the page.
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
CHROMIUM=$(command -v chromium || true)
if [ -z "$CHROMIUM" ]; then
  echo "FAIL: chromium missing (apt-get install chromium; see install/deps.sh)" >&2
  exit 1
fi

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' >/dev/null
git add .gitattributes && git commit -qm attributes
$PY "$HERE/gen_data.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" 4000 3500 31
cp "$TEST_ROOT/v1.csv" data.csv && git add data.csv && git commit -qm v1 && git tag v1
cp "$TEST_ROOT/v2.csv" data.csv && git add data.csv && git commit -qm v2 && git tag v2

run_capture git dvx drift data.csv --from v1 --to v2 --format html -o "$TEST_ROOT/report.html" --fail-on-drift
assert_eq 1 "$RC" "drift found: exit 1 with --fail-on-drift, report still written"
assert_contains "$OUT" "drift report written to $TEST_ROOT/report.html" "says where the report went"
html=$(cat "$TEST_ROOT/report.html")
assert_contains "$html" "<!DOCTYPE html>" "an HTML document"
for bad in 'http:' 'https:' '<script' '<link' 'src=' 'url('; do
  assert_not_contains "$html" "$bad" "self-contained: no $bad"
done
git dvx drift data.csv --from v1 --to v2 --format json >"$TEST_ROOT/report.json"

# Render offline: no network namespace, no DNS, no proxy reachable.
render() { # render ARGS... : chromium on the report, its stdout
  timeout 120 unshare -n "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 \
    --virtual-time-budget=3000 "$@" "file://$TEST_ROOT/report.html" 2>"$TEST_ROOT/chromium.err"
}
rc=0
render --dump-dom >"$TEST_ROOT/dom.html" || rc=$?
assert_eq 0 "$rc" "chromium loads the page offline"
rc=0
$PY - "$TEST_ROOT/dom.html" "$TEST_ROOT/report.json" <<'PY' || rc=1
import json, sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts, self.figures, self.captions, self.texts, self._cap = [], 0, [], [], False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "chart" in (a.get("class") or "").split():
            self.charts.append((a.get("data-column"), a.get("data-kind")))
        self.figures += tag == "figure"
        self._cap = tag == "figcaption"
    def handle_endtag(self, tag):
        self._cap = False if tag == "figcaption" else self._cap
    def handle_data(self, data):
        self.texts.append(data)
        if self._cap:
            self.captions.append(data)

p = Page()
p.feed(open(sys.argv[1]).read())
report = json.load(open(sys.argv[2]))
bad = []
text = " ".join(p.texts)
charted = [c for c in report["columns"] if c["status"] in ("compared", "identifier")]
if p.figures != len(report["columns"]):
    bad.append(f"{p.figures} figures for {len(report['columns'])} columns")
for c in report["columns"]:
    if c["name"] not in p.captions:
        bad.append(f"{c['name']}: no figure caption")
    if c["name"] not in text:
        bad.append(f"{c['name']}: not in the page")
for c in charted:
    want = "histogram" if c["kind"] == "numeric" else "bars"
    got = [k for n, k in p.charts if n == c["name"]]
    if got != [want]:
        bad.append(f"{c['name']}: charts {got}, expected one {want}")
if len(p.charts) != len(charted):
    bad.append(f"{len(p.charts)} charts for {len(charted)} charted columns")
verdict = "drifted" if report["drift"] else "no drift"
if verdict not in text:
    bad.append(f"verdict {verdict!r} missing")
print(f"{len(p.charts)} charts, {p.figures} figures, columns {[c['name'] for c in report['columns']]}")
for b in bad:
    print("MISMATCH:", b)
sys.exit(1 if bad else 0)
PY
assert_eq 0 "$rc" "every column named, one chart per compared column"

rc=0
render --screenshot="$TEST_ROOT/report.png" --window-size=1280,1800 >/dev/null || rc=$?
assert_eq 0 "$rc" "chromium screenshots the page offline"
assert_eq "89504e470d0a1a0a" "$(head -c 8 "$TEST_ROOT/report.png" | od -An -tx1 | tr -d ' \n')" "the screenshot is a PNG"
size=$(stat -c %s "$TEST_ROOT/report.png")
[ "$size" -gt 20000 ] || fail "screenshot of $size bytes: an empty page?"
if [ -n "${DVX_DRIFT_SCREENSHOT:-}" ]; then cp "$TEST_ROOT/report.png" "$DVX_DRIFT_SCREENSHOT"; fi

# --output writes nothing when the command fails.
run_capture git dvx drift data.csv --from v1 --to nope --format html -o "$TEST_ROOT/none.html"
assert_eq 2 "$RC" "unknown revision exits 2"
[ ! -e "$TEST_ROOT/none.html" ] || fail "a failed drift wrote $TEST_ROOT/none.html"

finish
