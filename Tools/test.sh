#!/usr/bin/env bash
# The README's test command: install what is needed, build, and run every test
# (unit, contract, property, crash and multi-process tests, and small runs of the harnesses).
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
# The tree must be as swift format writes it, with no force unwraps in Sources (Tools/lint.sh).
Tools/lint.sh
# The Python verifier of Docs/proofs.md needs `cryptography`; its tests are skipped without it.
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet --user cryptography 2>/dev/null || true
swift build --build-tests
# A small demo exported into every source shape and imported back through the mappings: same facts, same reports.
Tools/source-roundtrip.sh 20 2
# The HTTP service against its OpenAPI document, with schemathesis (bounded in time; skipped when it cannot be installed).
Tools/service-contract.sh
# The web pages in a real browser (Docs/web.md): headless Chromium through the test identity provider.
python3 -m unittest discover -s Tools/web-tests -v
# Last, so the test runner's closing line ends the output.
swift test --skip-build "$@"
