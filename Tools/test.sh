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
# The executables allocate through mimalloc (Package.swift; Docs/performance-log.md, "The allocator"): the
# Swift runtime's malloc must bind to it, not to the C library's, or the import figures do not hold.
LD_DEBUG=bindings .build/debug/carelog --help 2>&1 >/dev/null \
  | grep -E "libswiftCore\.so \[0\] to [^ ]*libmimalloc[^ ]* \[0\]: normal symbol .malloc'" >/dev/null \
  || { echo "carelog does not allocate through mimalloc (is libmimalloc-dev installed?)" >&2; exit 1; }
# A small demo exported into every source shape and imported back through the mappings: same facts, same reports.
Tools/source-roundtrip.sh 20 2
# The proof-bundle measurement (Tools/proofs-bench.sh) on a small demo, so it cannot rot (its figures
# come from release builds on the 1.07M and 10.7M demos, Docs/performance.md); it needs `cryptography`.
if python3 -c 'import cryptography' 2>/dev/null; then
  PB="${TMPDIR:-/tmp}/carelog-proofs-ci"
  rm -rf "$PB"
  .build/debug/carelog demo --store "$PB/demo" --people 50 --months 3 > /dev/null
  BIN=.build/debug Tools/proofs-bench.sh "$PB/demo" "$PB/run" 10 | grep '^RESULT_BUNDLE_SIZE'
  rm -rf "$PB"
fi
# The HTTP service against its OpenAPI document, with schemathesis (bounded in time; skipped when it cannot be installed).
Tools/service-contract.sh
# The web pages in a real browser (Docs/web.md): headless Chromium through the test identity provider.
python3 -m unittest discover -s Tools/web-tests -v
# Last, so the test runner's closing line ends the output.
swift test --skip-build "$@"
