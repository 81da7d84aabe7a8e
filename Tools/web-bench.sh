#!/usr/bin/env bash
# Page response times of the web pages (Docs/performance.md; a row of Tools/bench.sh): copies STORE
# (page reads and the test identities' grants are appended to the copy, never to STORE), serves it
# with the release `carelog serve` and the test identity provider, and times each page on loopback
# (server: cold and warm) and in headless Chromium (time to first byte, first paint).
#
# Usage: Tools/web-bench.sh STORE [REPEAT=3] [WORKDIR=/tmp/carelog-web-bench] [page_times.py options…]
#   e.g. Tools/web-bench.sh /work/fixtures/demo   (the 1,000-person, 12-month demo)
#   The service's report warmer warms today's dashboards meanwhile; `--no-warm` turns it off, and
#   `--warm-date 2020-12-31 --wait-warm` warms the pages' date first (Docs/performance.md).
# Needs chromium, chromium-driver and selenium (Tools/setup.sh) and a release build of carelog.
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${1:?usage: Tools/web-bench.sh STORE [REPEAT] [WORKDIR]}
REPEAT=${2:-3}
W=${3:-/tmp/carelog-web-bench}
[ -x .build/release/carelog ] || swift build -c release --product carelog 2>&1 | tail -1
rm -rf "$W/store"
mkdir -p "$W"
cp -r "$STORE" "$W/store"
CARELOG="$PWD/.build/release/carelog" python3 Tools/web-tests/page_times.py --store "$W/store" --repeat "$REPEAT" "${@:4}"
rm -rf "$W/store"
