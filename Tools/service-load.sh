#!/usr/bin/env bash
# Load on loopback: 64 connections POSTing single events to `carelog serve` with the feed's API
# key for a bounded time (wrk, Debian package), beside carelog-bench's in-process group-commit
# figure measured in the same sitting; then a report request on the demo store timed beside the
# same report from the CLI. Release builds. Prints LOAD lines and a short table.
#
# Usage: Tools/service-load.sh [SECONDS=10] [DEMO_PEOPLE=1000] [WORKDIR=/tmp/carelog-load]
#   SECONDS      how long wrk runs (each of the two append runs)
#   DEMO_PEOPLE  size of the demo for the report timing (1000 ≈ 1.07M events; 0 skips it)
# FLOOR=0 skips the floor runs after the appends (GET /health and an append already recorded,
# each as long as an append run, with the server's and wrk's CPU per request).
# DEMO_STORE=DIR copies that store (say /work/fixtures/demo, or bench.sh's demo) instead of
# building the demo. BIN=DIR runs the binaries saved in DIR without building. SERVE_FLAGS adds flags
# to `carelog serve` (say --no-tree, to measure the appends without the Merkle tree's background
# extension beside a run with it). The report section also times `carelog serve` start-up to /ready twice:
# the first start folds the access register from the whole log and saves it in <store>/cache,
# the second resumes from it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
people=${2:-1000}
work=${3:-/tmp/carelog-load}
threads=4
visits_per_thread=${VISITS_PER_THREAD:-60000}
port=${LOAD_PORT:-18090}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
# BUILD=debug measures the debug build (only to check the script; figures are release builds).
build=${BUILD:-release}
# BIN=DIR runs the carelog and carelog-bench saved in DIR (say a build kept from before a change,
# for before/after runs side by side) and builds nothing.
if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  swift build -c "$build" --product carelog 2>&1 | tail -1
  swift build -c "$build" --product carelog-bench 2>&1 | tail -1
  bin=.build/$build
fi
mkdir -p "$work"
server=""
stop() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap stop EXIT
start() { # start STORE: serve it on $port and wait until it answers
  # shellcheck disable=SC2086 # SERVE_FLAGS is a list of flags
  "$bin/carelog" serve --store "$1" --config Tools/service/test-config.json --port "$port" ${SERVE_FLAGS:-} 2>"$work/serve.log" &
  server=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "the service did not start; see $work/serve.log" >&2; exit 1
}

echo "## machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## in-process group commit (carelog-bench store, 64 callers)"
rm -rf "$work/bench"
[ -f "$work/workload.ndjson" ] || python3 ../shared/bench/peers/gen_workload.py --n 20000 --out "$work/workload.ndjson"
"$bin/carelog-bench" store --workload "$work/workload.ndjson" --only concurrent --callers 64 --per-caller 200 \
  --repeat 3 --scratch "$work/bench" 2>&1 | grep -i "concurrent" || true

echo "## HTTP: 64 connections, single VisitCheckedIn appends with the feed's API key, ${seconds}s"
rm -rf "$work/store"
"$bin/carelog" init --store "$work/store" >/dev/null
python3 - "$work/seed.ndjson" "$threads" "$visits_per_thread" <<'PY'
import sys
out, threads, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(out, "w") as f:
    f.write('{"stream":"access/G1","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/A0001","data":{"subject":"ecm-feed","role":"feed","scope":{"kind":"partnership"},"effectiveFrom":"2020-01-01"}}\n')
    f.write('{"stream":"staff/S001","type":"StaffJoined","occurredAt":"2020-01-02T09:00:00Z","actor":"system/hr","data":{"joinedOn":"2020-01-02","role":"homeCareWorker","team":"barrhead"}}\n')
    f.write('{"stream":"person/P001","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S001","data":{"firstServiceOn":"2020-01-06","model":"timeAndTask","plannedHoursPerWeek":7,"team":"barrhead","locality":"barrhead"}}\n')
    for t in range(1, threads + 1):
        for n in range(1, per + 1):
            f.write('{"stream":"visit/L%d-%d","type":"VisitScheduled","occurredAt":"2020-01-06T06:00:00Z","actor":"system/roster","data":{"personId":"P001","plannedStart":"2020-01-06T09:00:00Z","plannedMinutes":30,"carersNeeded":1,"timeCritical":false}}\n' % (t, n))
PY
"$bin/carelog" import "$work/seed.ndjson" --store "$work/store" --chunk 10000 >/dev/null
start "$work/store"
# The start-up warming pass folds the dashboards over the whole seeded log on a low-priority
# thread; on two cores it would take a share of the timed run. Time the appends once it is done
# (bounded): its later passes wait for 2 s without new events or 30 s after the first.
warm_start=$(date +%s.%N)
for _ in $(seq 1 1200); do
  curl -sf "http://127.0.0.1:$port/ready" | grep -q '"reports" *: *"warming"' || break
  sleep 0.1
done
echo "LOAD warm_wait_s=$(echo "$(date +%s.%N) - $warm_start" | bc)"
# The feed's role may not take a checkpoint: read the head from the store (LMDB allows a second process).
head() { "$bin/carelog" checkpoint --store "$work/store" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sequence"])'; }
# The Merkle tree's size (meta treeSize, 0 when absent), read with mdb_dump.
tree_size() {
  local hex
  hex=$(mdb_dump -s meta "$work/store" | awk -v key="$(printf treeSize | od -An -tx1 | tr -d ' \n')" \
    'found { print $1; exit } $1 == key { found = 1 }')
  echo $((16#${hex:-0}))
}
# The service's background extension of the tree covers the seeded log first (unless --no-tree).
if [[ "${SERVE_FLAGS:-}" != *--no-tree* ]]; then
  for _ in $(seq 1 600); do [ "$(tree_size)" -ge "$(head)" ] && break; sleep 0.1; done
  echo "LOAD tree_size_before=$(tree_size)"
fi
before=$(head)
# The server's CPU time (user+sys, /proc) over the run: per append it is less distorted by load than req/s.
cpu0=$(awk '{print $14+$15}' /proc/$server/stat)
# wrk's own CPU (user+sys) too: it shares the two cores, so what it takes per request is not the server's.
LOAD_API_KEY=demo-ecm-feed-key /usr/bin/time -f '%U %S' -o "$work/wrk-time.txt" \
  wrk -t "$threads" -c 64 -d "${seconds}s" --latency -s Tools/service/load-append.lua \
  "http://127.0.0.1:$port" | tee "$work/wrk-apikey.txt" | grep -E "LOAD|Latency|Requests/sec"
cpu1=$(awk '{print $14+$15}' /proc/$server/stat)
after=$(head)
[[ "${SERVE_FLAGS:-}" == *--no-tree* ]] || { sleep 1; echo "LOAD tree_size_1s_after=$(tree_size) head=$after"; }
ticks=$(getconf CLK_TCK)
echo "LOAD appended_in_store=$((after - before)) server_cpu_s=$(echo "scale=2; ($cpu1 - $cpu0) / $ticks" | bc) server_cpu_us_per_append=$(( (cpu1 - cpu0) * 1000000 / ticks / (after - before) )) wrk_cpu_us_per_append=$(awk -v n=$((after - before)) '{printf "%d", ($1 + $2) * 1000000 / n}' "$work/wrk-time.txt")"
if [ "${FLOOR:-1}" != 0 ]; then
  # The floor under an append, on the same server and 64 connections: GET /health (no sign-in, no
  # store: HTTP, Hummingbird, the Swift runtime and the request log line), then one append
  # repeated whose fact is recorded first, alone (so every timed request is sign-in, access
  # decision, parsing and planning, answered 200 alreadyRecorded, with no commit). Server and wrk
  # CPU per request; the append's CPU above minus the second is what its durable commit costs.
  echo "## floor: the same server and connections, ${seconds}s each: /health, and an append already recorded"
  recorded='{"stream":"visit/L1-1","type":"VisitCheckedIn","occurredAt":"2020-01-06T09:04:00Z","actor":"system/load","data":{"checkedInAt":"2020-01-06T09:04:00Z","staffId":"S001","method":"electronic"}}'
  floor() { # floor NAME PATH [METHOD BODY KEY]
    local c0 c1 w n
    c0=$(awk '{print $14+$15}' /proc/$server/stat)
    LOAD_METHOD=${3:-GET} LOAD_BODY=${4:-} LOAD_API_KEY=${5:-} /usr/bin/time -f '%U %S' -o "$work/wrk-time.txt" \
      wrk -t "$threads" -c 64 -d "${seconds}s" -s Tools/service/load-fixed.lua "http://127.0.0.1:$port$2" \
      >"$work/wrk-$1.txt"
    c1=$(awk '{print $14+$15}' /proc/$server/stat)
    n=$(sed -n 's/^LOAD requests=\([0-9]*\).*/\1/p' "$work/wrk-$1.txt")
    w=$(awk -v n="$n" '{printf "%d", ($1 + $2) * 1000000 / n}' "$work/wrk-time.txt")
    grep "^LOAD statuses" "$work/wrk-$1.txt" | sed "s/^LOAD /LOAD floor=$1 /"
    echo "LOAD floor=$1 $(grep '^LOAD requests' "$work/wrk-$1.txt" | sed 's/^LOAD //') server_cpu_us_per_request=$(( (c1 - c0) * 1000000 / ticks / n )) wrk_cpu_us_per_request=$w"
  }
  floor health /health
  curl -s -o /dev/null -X POST -H "X-API-Key: demo-ecm-feed-key" -H "Content-Type: application/x-ndjson" \
    --data-binary "$recorded" "http://127.0.0.1:$port/v1/events"
  floor append-already-recorded /v1/events POST "$recorded" demo-ecm-feed-key
fi
stop
"$bin/carelog" verify --store "$work/store" | tail -1

if [ "$people" -gt 0 ]; then
  echo "## report on the demo (${people} people): CLI vs HTTP, reviews-due and compliance as JSON"
  rm -rf "$work/demo-$people"
  if [ -n "${DEMO_STORE:-}" ]; then
    cp -r "$DEMO_STORE" "$work/demo-$people"
    rm -rf "$work/demo-$people/cache"
  else
    "$bin/carelog" demo --store "$work/demo-$people" --people "$people" --months 12 >/dev/null
  fi
  "$bin/carelog" access grant --store "$work/demo-$people" --subject staff/S0001 --role auditor --scope partnership \
    --from 2020-01-01 --granted-by staff/A0001 >/dev/null
  for first in true false; do
    s=$(date +%s.%N)
    start "$work/demo-$people"
    e=$(date +%s.%N)
    echo "LOAD startup from_checkpoint=$([ "$first" = true ] && echo no || echo yes) seconds=$(echo "$e - $s" | bc)"
    [ "$first" = true ] && stop
  done
  token="$(python3 Tools/service/dev-token.py token staff/S0001 --minutes 30)"
  for kind in reviews-due compliance; do
    command_kind=$kind
    [ "$kind" = "reviews-due" ] && command_kind=review-due
    for run in 1 2 3; do
      s=$(date +%s.%N)
      "$bin/carelog" report "$command_kind" --store "$work/demo-$people" --as-at 2020-12-31 --format json >/dev/null
      m=$(date +%s.%N)
      status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$port/v1/reports/$kind?asAt=2020-12-31&format=json")
      e=$(date +%s.%N)
      echo "LOAD report=$kind run=$run cli_s=$(echo "$m - $s" | bc) http_s=$(echo "$e - $m" | bc) http_status=$status"
    done
  done
  stop
fi
