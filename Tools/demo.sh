#!/usr/bin/env bash
# The README's main job: install what is needed, build in release mode, and build the demo
# partnership in ./demo-store, printing its improvement RAG table, reviews due and compliance.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
swift build -c release --product carelog
exec .build/release/carelog demo --store "${CARELOG_DEMO_STORE:-demo-store}" --force "$@"
