#!/usr/bin/env bash
# How long `carelog serve` takes to be ready on a store, and the memory it holds then
# (Docs/performance-log.md, "The access register's visits in columns"). Serves STORE itself (a start
# saves the access register's state in STORE/cache; nothing is appended), with the test identity
# provider's configuration and the report warmer off, polls `/ready` every 0.1 s from launch, reads
# the process's memory from /proc once it answers 200, and stops it with SIGTERM. REPEAT starts.
#
# Usage: Tools/service-start.sh STORE [REPEAT=3] [PORT=8191]
#   e.g. Tools/service-start.sh /work/fixtures/demo10m 3   (the first start of a store never served
#   folds the access register from the whole log; later ones resume its saved state)
# Needs curl and a release build of carelog (built if missing); CARELOG overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${1:?usage: Tools/service-start.sh STORE [REPEAT] [PORT]}
REPEAT=${2:-3}
PORT=${3:-8191}
if [ -z "${CARELOG:-}" ]; then
  [ -x .build/release/carelog ] || swift build -c release --product carelog 2>&1 | tail -1
  CARELOG="$PWD/.build/release/carelog"
fi
CONFIG=$(mktemp)
trap 'rm -f "$CONFIG"' EXIT
sed "s|\"test-jwks.json\"|\"$PWD/Tools/service/test-jwks.json\"|" Tools/service/test-config.json > "$CONFIG"
for run in $(seq 1 "$REPEAT"); do
  start=$(date +%s%N)
  "$CARELOG" serve --store "$STORE" --config "$CONFIG" --port "$PORT" --no-warm 2>/dev/null &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/ready" || true)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "carelog serve exited before it was ready" >&2; exit 1; }
    sleep 0.1
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  memory=$(awk '/^(VmRSS|RssAnon|VmHWM):/ { printf "%s %d MiB  ", $1, $2 / 1024 }' "/proc/$pid/status")
  echo "start $run: ready after $ready ms; $memory"
  kill -TERM "$pid"
  wait "$pid" || true
done
