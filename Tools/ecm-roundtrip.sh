#!/usr/bin/env bash
# Round trip: a demo store's visits, exported into the ECM shape (Tools/ecm_export.py) and imported
# back through Docs/examples/demo-ecm.mapping.yaml into a new store, give the same visit events
# (stream, type, occurredAt, data; the actor and correlation id necessarily differ).
#   Tools/ecm-roundtrip.sh [PEOPLE] [MONTHS]     (default 20 people, 1 month; debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-20}
months=${2:-1}
carelog=${CARELOG:-.build/debug/carelog}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$carelog" demo --store "$work/demo" --people "$people" --months "$months" > /dev/null
"$carelog" log --store "$work/demo" --format ndjson > "$work/all.ndjson"
python3 Tools/ecm_export.py < "$work/all.ndjson" > "$work/ecm.csv"
# The new store gets the demo's rules, people and staff first (what visits refer to).
grep -E '"stream":"(rules|person|staff)/' "$work/all.ndjson" > "$work/base.ndjson"
"$carelog" init --store "$work/new" > /dev/null
"$carelog" import --store "$work/new" "$work/base.ndjson" > /dev/null
"$carelog" import --store "$work/new" --mapping Docs/examples/demo-ecm.mapping.yaml "$work/ecm.csv" | tail -1
"$carelog" log --store "$work/new" --format ndjson > "$work/new.ndjson"
facts() {
    python3 -c '
import json, sys
exported = {line.split(",")[0] for line in open(sys.argv[1]).read().splitlines()[1:] if line}
for raw in sys.stdin:
    e = json.loads(raw)
    if e["stream"].startswith("visit/V") and e["stream"][7:].lstrip("0") in exported:
        print(e["stream"], e["type"], e["occurredAt"], json.dumps(e["data"], sort_keys=True))
' "$work/ecm.csv" | sort
}
facts < "$work/all.ndjson" > "$work/demo.facts"
facts < "$work/new.ndjson" > "$work/new.facts"
if diff -q "$work/demo.facts" "$work/new.facts" > /dev/null; then
    echo "round trip: $(wc -l < "$work/demo.facts") visit events identical"
else
    diff "$work/demo.facts" "$work/new.facts" | head -20
    echo "round trip: visit events differ" >&2
    exit 1
fi
