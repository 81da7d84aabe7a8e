#!/usr/bin/env bash
# The import's memory as it runs: imports FILE into a new store with `--chunk CHUNK` and prints,
# every 3 seconds, the seconds elapsed and the resident heap (RssAnon) and pages mapped from files
# (RssFile, mostly the store and its cache) in MiB, then `wall user sys maxRSS-KiB` and the summary.
#
# Usage: Tools/import-memory.sh CARELOG CHUNK FILE [STORE=/tmp/carelog-import-memory]
# (Docs/performance-log.md, "The fact index": the 10.7M export and its first half, for memory against length.)
set -euo pipefail
bin=$1; chunk=$2; input=$3; store=${4:-/tmp/carelog-import-memory}
rm -rf "$store" && "$bin" init --store "$store" > /dev/null
/usr/bin/time -f '%e %U %S %M' -o "$store.time" "$bin" import --store "$store" --chunk "$chunk" "$input" > "$store.log" 2>&1 &
timer=$!
sleep 0.2
pid=$(pgrep -P "$timer" | head -1)
start=$(date +%s)
while kill -0 "$timer" 2> /dev/null; do
    awk -v t=$(($(date +%s) - start)) '/RssAnon/{a=$2} /RssFile/{f=$2} END{printf "%d:%d/%d ", t, a/1024, f/1024}' "/proc/$pid/status" 2> /dev/null || true
    sleep ${INTERVAL:-3}
done
echo
echo "$(cat "$store.time") $(tail -1 "$store.log")"
