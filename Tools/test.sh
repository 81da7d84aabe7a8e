#!/usr/bin/env bash
# The README's test command: install what is needed, build, and run every test
# (unit, contract, property, crash and multi-process tests, and small runs of the harnesses).
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
swift build --build-tests
swift test --skip-build "$@"
# The HTTP service against its OpenAPI document, with schemathesis (bounded in time; skipped when it cannot be installed).
Tools/service-contract.sh
