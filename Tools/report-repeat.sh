#!/usr/bin/env bash
# Back-to-back report requests on one running service: starts `carelog serve` on STORE (the test
# identity provider's configuration; the store is appended to: each read is recorded, so use a
# copy), waits until `/ready` says the reports are warm, asks for the same visit-delivery report
# N times in a row with a service manager's token, and prints each request's seconds and the
# process's resident memory after them (Docs/performance-log.md, "Appends while the service works
# in the background"). The store needs an AccessGranted for SUBJECT (a service manager).
#
# Usage: Tools/report-repeat.sh STORE [N=14] [SUBJECT=staff/M001] [PORT=18093]
#   e.g. CARELOG=.build/release/carelog Tools/report-repeat.sh /tmp/demo10m-copy 14
# GAP=SECONDS pauses between requests. QUERY overrides the report's query string.
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${1:?usage: Tools/report-repeat.sh STORE [N] [SUBJECT] [PORT]}
N=${2:-14}
SUBJECT=${3:-staff/M001}
PORT=${4:-18093}
QUERY=${QUERY:-asAt=2020-12-31&from=2020-10-01&to=2020-12-31&by=team&format=json}
if [ -z "${CARELOG:-}" ]; then
  [ -x .build/release/carelog ] || swift build -c release --product carelog 2>&1 | tail -1
  CARELOG="$PWD/.build/release/carelog"
fi
CONFIG=$(mktemp)
sed "s|\"test-jwks.json\"|\"$PWD/Tools/service/test-jwks.json\"|" Tools/service/test-config.json > "$CONFIG"
"$CARELOG" serve --store "$STORE" --config "$CONFIG" --port "$PORT" 2>/dev/null &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$CONFIG"' EXIT
until curl -s "http://127.0.0.1:$PORT/ready" | grep -q '"reports" *: *"\(warm\|off\)"'; do
  kill -0 "$pid" 2>/dev/null || { echo "carelog serve exited before it was ready" >&2; exit 1; }
  sleep 0.2
done
token=$(python3 Tools/service/dev-token.py token "$SUBJECT" --minutes 30)
for _ in $(seq 1 "$N"); do
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$PORT/v1/reports/visit-delivery?$QUERY"
  sleep "${GAP:-0}"
done
awk '/^(VmRSS|VmHWM):/ { printf "%s %d MiB  ", $1, $2 / 1024 } END { print "" }' "/proc/$pid/status"
