#!/usr/bin/env bash
# Round trip of a demo through the source shapes: every event the demo's log holds is exported into
# the exports a service keeps (ECM visits, case-system services, plans and reviews, training and
# supervision records, a MAR export, a complaints log: Tools/demo_sources.py), imported through the
# mappings of Docs/examples/ with `carelog import --mapping` into a new store (the events no source
# shape carries as NDJSON), and then
#   1. the two logs hold the same facts (stream, type, occurredAt, data; actor and correlation id differ), and
#   2. every report and extract is the same, in Markdown and CSV, apart from the lines that name the log
#      position, store and recording time.
#   Tools/source-roundtrip.sh [PEOPLE] [MONTHS]      (default 20 people, 2 months; debug build)
#   DEMO_STORE=/work/fixtures/demo Tools/source-roundtrip.sh   (an existing demo store, copied first)
# Exits 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-20}
months=${2:-2}
carelog=${CARELOG:-.build/debug/carelog}
chunk=${CHUNK:-50000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${DEMO_STORE:-}" ]; then
    cp -r "$DEMO_STORE" "$work/demo"
else
    "$carelog" demo --store "$work/demo" --people "$people" --months "$months" > /dev/null
fi
"$carelog" log --store "$work/demo" --format ndjson > "$work/demo.ndjson"
python3 Tools/demo_sources.py "$work/sources" < "$work/demo.ndjson"
"$carelog" init --store "$work/new" > /dev/null
start=$(date +%s.%N)
while read -r kind first second; do
    if [ "$kind" = ndjson ]; then
        "$carelog" import --store "$work/new" --chunk "$chunk" "$work/sources/$first" > "$work/out"
    else
        "$carelog" import --store "$work/new" --chunk "$chunk" --mapping "Docs/examples/$first" \
            "$work/sources/$second" > "$work/out"
    fi
    echo "  ${second:-$first}: $(tail -1 "$work/out")"
done < "$work/sources/steps.txt"
echo "  imported in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
"$carelog" log --store "$work/new" --format ndjson > "$work/new.ndjson"

facts() {
    python3 -c '
import json, sys
for raw in sys.stdin:
    e = json.loads(raw)
    print(e["stream"], e["type"], e["occurredAt"], json.dumps(e["data"], sort_keys=True))
' | sort
}
facts < "$work/demo.ndjson" > "$work/demo.facts"
# Corrections, voids and medication errors name an entry by sequence: compare them by the entry named.
python3 - "$work/demo.ndjson" "$work/new.ndjson" "$work/demo.facts.seq" "$work/new.facts.seq" << 'EOF'
import json, sys
for source, target in ((sys.argv[1], sys.argv[3]), (sys.argv[2], sys.argv[4])):
    events = [json.loads(raw) for raw in open(source, encoding="utf-8")]
    with open(target, "w", encoding="utf-8") as out:
        for e in events:
            data = dict(e["data"])
            for key in ("sequence", "marEntrySequence"):
                if key in data:
                    named = events[data[key] - 1]
                    data[key] = [named["stream"], named["type"], named["occurredAt"]]
            out.write(f'{e["stream"]} {e["type"]} {e["occurredAt"]} {json.dumps(data, sort_keys=True)}\n')
EOF
sort -o "$work/demo.facts.seq" "$work/demo.facts.seq"
sort -o "$work/new.facts.seq" "$work/new.facts.seq"
status=0
if diff -q "$work/demo.facts.seq" "$work/new.facts.seq" > /dev/null; then
    echo "round trip: $(wc -l < "$work/demo.facts.seq") events, the same facts in both logs"
else
    diff "$work/demo.facts.seq" "$work/new.facts.seq" | head -20
    echo "round trip: the logs differ" >&2
    status=1
fi

# The period: the demo's first day to its last (UK days of the first and last event).
read -r from to < <(python3 -c '
import json, sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
days = [datetime.strptime(json.loads(l)["occurredAt"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
        .astimezone(ZoneInfo("Europe/London")).date() for l in sys.stdin if "\"visit/" in l]
print(min(days), max(days))' < "$work/demo.ndjson")
reports=(
    "report review-due --as-at $to"
    "report compliance --from $from --to $to --as-at $to"
    "report compliance-trend --from $from --to $to --as-at $to"
    "report rag --as-at $to"
    "report complaints --from $from --to $to --as-at $to"
    "report visit-delivery --from $from --to $to --as-at $to --by team"
    "report visit-delivery --from $from --to $to --as-at $to --by carer"
    "report visit-delivery --from $from --to $to --as-at $to --by person"
    "extract notifications --from $from --to $to --as-at $to --recipient inspector"
)
# Lines naming the log position, store or recording time (the provenance), and the columns that
# carry them in CSV, are left out of the comparison.
provenance='Log position|head hash|[Ss]tore ?[Ii][Dd]|last event recorded|lastRecorded|headHash|storeId|recorded_?[Aa]t'
# The same service keeps the same pseudonym key: the new store gets the demo's, so pseudonyms agree.
# A slot key is checked against the store's pseudonym root key, so the root key goes with it.
"$carelog" extract notifications --store "$work/demo" --from "$from" --to "$to" --recipient inspector > /dev/null
mkdir -m 700 -p "$work/new/keys"
for key in pseudonym-inspector.key pseudonym_root.key; do
    cp "$work/demo/keys/$key" "$work/new/keys/"
done
# The notifications extract names each entry by its log sequence (`1376`, `(#1776)`), a log position
# like the provenance: those numbers are masked; everything else in its rows is compared.
mask() {
    if [[ "$1" == extract* ]]; then
        sed -E 's/\(#[0-9]+\)/(#N)/g; s/^\| [0-9]+ \|/| N |/; s/^([^,]*),[0-9]+,/\1,N,/'
    else
        cat
    fi
}
same=0
for report in "${reports[@]}"; do
    for format in markdown csv; do
        # shellcheck disable=SC2086
        "$carelog" $report --store "$work/demo" --format "$format" 2>&1 | { grep -Ev "$provenance" || true; } | mask "$report" > "$work/a"
        # shellcheck disable=SC2086
        "$carelog" $report --store "$work/new" --format "$format" 2>&1 | { grep -Ev "$provenance" || true; } | mask "$report" > "$work/b"
        if diff -q "$work/a" "$work/b" > /dev/null; then
            same=$((same + 1))
        else
            echo "differs: carelog $report --format $format"
            diff "$work/a" "$work/b" | head -10
            status=1
        fi
    done
done
echo "round trip: $same of $((${#reports[@]} * 2)) reports the same ($from to $to)"
exit $status
