#!/usr/bin/env bash
# A PNG of each web page on a small demo store, as each role sees it, into Docs/screenshots/
# (Docs/web.md shows them). Needs chromium, chromium-driver and selenium (Tools/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product carelog
python3 Tools/web-tests/screenshots.py "${1:-Docs/screenshots}"
