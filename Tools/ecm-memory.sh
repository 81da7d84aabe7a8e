#!/usr/bin/env bash
# Memory and time of the mapped ECM import on a large generated export (Tools/ecm_generate.py):
#   Tools/ecm-memory.sh [MEGABYTES] [CHUNK]     (default 200 MB, --chunk 10000; release build)
#   FORMAT=xlsx Tools/ecm-memory.sh …            (the same rows as an .xlsx workbook: Tools/csv_to_xlsx.py)
# Prints the rows, events, seconds and maximum resident set size of `carelog import --mapping`.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-200}
chunk=${2:-10000}
carelog=${CARELOG:-.build/release/carelog}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 Tools/ecm_generate.py --megabytes "$megabytes" --people 5000 --carers 400 "$work/gen"
"$carelog" init --store "$work/store" > /dev/null
"$carelog" import --store "$work/store" "$work/gen/base.ndjson" > /dev/null
rows=$(($(wc -l < "$work/gen/ecm.csv") - 1))
input="$work/gen/ecm.csv"
if [ "${FORMAT:-csv}" = xlsx ]; then
    python3 Tools/csv_to_xlsx.py "$work/gen/ecm.csv" "$work/gen/ecm.xlsx"
    input="$work/gen/ecm.xlsx"
fi
/usr/bin/time -f "TIME %e %M" "$carelog" import --store "$work/store" --chunk "$chunk" \
    --mapping Docs/examples/ecm-visits.mapping.yaml "$input" > "$work/out" 2> "$work/err" \
    || { tail -5 "$work/out" "$work/err"; exit 1; }
read -r _ seconds rss < <(grep '^TIME' "$work/err")
echo "ecm mapped import (${FORMAT:-csv}): $(du -m "$work/gen/ecm.csv" | cut -f1) MB of CSV, $(du -m "$input" | cut -f1) MB read, $rows rows, $(tail -1 "$work/out")"
rate=$(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
echo "  ${seconds} s, ${rate} rows/s, max RSS $((rss / 1024)) MB (--chunk $chunk)"
