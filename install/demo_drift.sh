#!/usr/bin/env bash
# Demo part: two versions of a dataset, one column shifted, and the drift
# report between them (table and the CI gate). Called by install/demo.sh
# with its work folder; expects the churn-model repository there.
set -euo pipefail
work=${1:?usage: demo_drift.sh WORK_DIR}
cd "$work/churn-model"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "Drift: has the data changed statistically between two versions?"
/usr/bin/env python3 - <<'PY'
import random
random.seed(7)
for name, shift in (("events-v1.csv", 0.0), ("events-v2.csv", 0.6)):
    with open(name, "w") as f:
        f.write("user,latency_ms,amount,country\n")
        for i in range(4000):
            f.write(f"{i},{random.gauss(100, 15):.3f},{random.gauss(50 + shift * 10, 8):.3f},"
                    f"{random.choice(['de', 'fr', 'es', 'it'])}\n")
PY
mkdir -p data
mv events-v1.csv data/events.csv
git add data/events.csv && git commit -qm "events, October" && git tag events-v1
mv events-v2.csv data/events.csv
git add data/events.csv && git commit -qm "events, November (amount shifted)" && git tag events-v2
show git dvx drift data/events.csv --from events-v1 --to events-v2
printf '$ git dvx drift data/events.csv --from events-v1 --to events-v2 --fail-on-drift --format json > drift.json\n'
if git dvx drift data/events.csv --from events-v1 --to events-v2 --fail-on-drift --format json > "$work/drift.json"; then
  echo "gate: no drift"
else
  echo "gate: drift detected (exit $?), report in $work/drift.json"
fi
