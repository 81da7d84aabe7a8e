#!/usr/bin/env bash
# The OpenAPI contract, checked by an independent tool: starts `carelog serve` on loopback over a
# fresh store with the test identity provider (Tools/service/), then runs schemathesis (PyPI)
# against /openapi.json at a small size: no 5xx, every response conforms to the document.
# Bounded: schemathesis gets at most $CONTRACT_SECONDS (default 120) and the server is always
# stopped. Skips (exit 0, with a message) when schemathesis cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${CONTRACT_SECONDS:-120}"
if ! command -v schemathesis >/dev/null 2>&1; then
    timeout 180 python3 -m pip install -q schemathesis >/dev/null 2>&1 || true
fi
if ! command -v schemathesis >/dev/null 2>&1; then
    echo "service contract: schemathesis is not installed and could not be; skipped"
    exit 0
fi
carelog="$(swift build --show-bin-path)/carelog"
work="$(mktemp -d)"
port="${CONTRACT_PORT:-18080}"
server=""
cleanup() {
    if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
"$carelog" init --store "$work/store" >/dev/null
# Staff need a role in the log (Docs/access.md): the contract runs as an auditor, who may read every route.
"$carelog" access grant --store "$work/store" --subject staff/S0001 --role auditor --scope partnership \
    --from 2020-01-01 --granted-by staff/A0001 >/dev/null
"$carelog" serve --store "$work/store" --config Tools/service/test-config.json --port "$port" \
    2>"$work/serve.log" &
server=$!
for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
done
token="$(python3 Tools/service/dev-token.py token staff/S0001 --minutes 10)"
# filter_too_much is a health check of the generator, not of the server: it fails a run when too
# many generated values are not sendable (header values a client may not send, say), which
# depends on the random seed.
timeout "$seconds" schemathesis run "http://127.0.0.1:$port/openapi.json" \
    --url "http://127.0.0.1:$port" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples 20 \
    --suppress-health-check=filter_too_much \
    --request-timeout 10
echo "service contract: schemathesis found no failures"
