#!/usr/bin/env bash
# Runs Carelog's benchmarks beside the reference programs of ../shared/bench/peers in one
# sitting, so every ratio compares figures measured minutes apart on the same machine, and
# prints one table (figure, reference, ratio, target). Medians of 3 runs, with min–max.
#
# Usage: Tools/bench.sh [EVENTS=100000] [DEMO_PEOPLE=1000] [WORKDIR=/tmp/carelog-bench] [ECM_ROWS=100000] [PROOF_LEAVES=10000000]
#   EVENTS       size of the standard workload (gen_workload.py), e.g. 100000 or 1000000
#   DEMO_PEOPLE  size of the demo partnership for the projection figures (1000 ≈ 1.07M events)
#   ECM_ROWS     rows of the generated ECM export for the mapped-import rows (Tools/ecm_generate.py)
#   PROOF_LEAVES tree size for the proof figures (an extract of 1,000 rows)
# Option (environment): GROWTH="PEOPLE:MONTHS ..." also builds a demo of each size and measures how the
#   report figures grow with the log, e.g. GROWTH="1000:12 1000:110 10000:12" (about 1M, 5M and 10M
#   events; the last takes about 40 minutes to generate).
# Option (environment): IMPORT_ROUNDS=N rounds of one raw C pass and one `carelog import --chunk 10000`
#   of the demo export, alternated so each ratio is of the same minute (default 5).
# Option (environment): PROOFS_STORE=DIR measures the 1,000-row proof bundle on that store (copied,
#   never written) instead of the demo above.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-100000}
PEOPLE=${2:-1000}
W=${3:-/tmp/carelog-bench}
PROOF_LEAVES=${5:-10000000}
P=../shared/bench/peers
mkdir -p "$W"
Tools/setup.sh
command -v gcc >/dev/null || { echo "gcc is needed for the raw LMDB reference" >&2; exit 1; }
python3 -c 'import eventsourcing' 2>/dev/null || pip install -q 'eventsourcing>=9,<10' >/dev/null 2>&1 || echo "(eventsourcing not installed: its rows are skipped)" >&2

E="$W/events-$EVENTS.ndjson"
[ -f "$E" ] || python3 "$P/gen_workload.py" --n "$EVENTS" --out "$E"
gcc -O2 -Wall -o "$W/lmdb_raw" "$P/lmdb_raw.c" -llmdb
swift build -c release --product carelog 2>&1 | tail -1
swift build -c release --product carelog-bench 2>&1 | tail -1
BIN=.build/release
OUT="$W/results.txt"
: > "$OUT"
run() { echo "## $1" >> "$OUT"; shift; "$@" >> "$OUT" 2>&1 || echo "(failed: $*)" >> "$OUT"; }

# References (../shared/reference/perf-baselines.md describes each).
rm -rf "$W"/ref-*
run ref.lmdb.single "$W/lmdb_raw" write --input "$E" --db "$W/ref-a" --txn 1 --limit 2000 --repeat 3
run ref.lmdb.batch "$W/lmdb_raw" write --input "$E" --db "$W/ref-d" --txn 1000 --append --repeat 3
run ref.lmdb.scan "$W/lmdb_raw" scan --db "$W/ref-d" --repeat 5
run ref.sqlite.single python3 "$P/sqlite_bench.py" write --input "$E" --db "$W/ref-sq1.db" --sync FULL --txn 1 --index --limit 2000 --repeat 3
run ref.sqlite.batch python3 "$P/sqlite_bench.py" write --input "$E" --db "$W/ref-sq2.db" --sync FULL --txn 1000 --index --repeat 3
if python3 -c 'import eventsourcing' 2>/dev/null; then
  run ref.es.single python3 "$P/es_bench.py" --input "$E" --persistence sqlite --db "$W/ref-es.sqlite" --txn 1 --limit 5000 --repeat 3
  run ref.es.batch python3 "$P/es_bench.py" --input "$E" --persistence sqlite --db "$W/ref-es2.sqlite" --txn 1000 --repeat 3
fi

# Carelog.
run carelog.store "$BIN/carelog-bench" store --workload "$E" --batch 100000 --singles 2000 --callers 32 --per-caller 200 --repeat 3 --scratch "$W/store"
# The Merkle tree (Docs/proofs.md): single appends and bulk import with and without the tree caught up
# over them, in one run; the tree check of `carelog verify`; proofs for 1,000 rows on a PROOF_LEAVES tree.
run carelog.store-tree "$BIN/carelog-bench" store --workload "$E" --batch 100000 --singles 2000 --only single,import,tree --repeat 3 --scratch "$W/store-tree"
# The import in batches of 10,000 alone, and with the tree extended on another thread after each commit.
run carelog.store-following "$BIN/carelog-bench" store --workload "$E" --batch 10000 --only import,tree-following --repeat 3 --scratch "$W/store-following"
run carelog.proofs "$BIN/carelog-bench" proofs --leaves "$PROOF_LEAVES" --rows 1000 --repeat 3
rm -rf "$W/demo"
run carelog.demo "$BIN/carelog" demo --store "$W/demo" --people "$PEOPLE" --months 12
# A 1,000-row extract bundle on a real store (Tools/proofs-bench.sh: tree built and signed, bundle
# written, checked by `carelog verify-bundle` and the Python verifier), on the demo above or on the
# store PROOFS_STORE names (e.g. a 10.7M-event demo made once with `carelog demo --people 10000`).
run carelog.proofs-bundle Tools/proofs-bench.sh "${PROOFS_STORE:-$W/demo}" "$W/proofs-bundle" 1000
# The service on loopback: 64 connections appending over HTTP beside carelog-bench's in-process
# group commit, a report over HTTP beside the CLI, start-up with and without the register checkpoint.
DEMO_STORE="$W/demo" run carelog.service-load Tools/service-load.sh 10 "$PEOPLE" "$W/service-load"
for projection in reviews-due compliance rag notifications audit; do
  run "carelog.projection.$projection" "$BIN/carelog-bench" projections --store "$W/demo" --only "$projection" --repeat 3
done
# Reports through the projection checkpoints (an LMDB cache in a scratch directory): a full rebuild
# that saves its states (-first, compare with the rebuild above) and the report at the head after
# 1,000 new events on a warm checkpoint (-warm, seconds).
for projection in compliance-first rag-first compliance-warm rag-warm; do
  run "carelog.projection.$projection" "$BIN/carelog-bench" projections --store "$W/demo" --only "$projection" --repeat 3
done
# Replay from borrowed bytes: every demo event decoded to a care event in place (replay) and through an
# envelope per event (replay-envelopes), and the compliance and RAG rebuilds through envelopes, for the
# borrowed-vs-envelope ratios of the same sitting.
for projection in replay replay-envelopes compliance-envelopes rag-envelopes; do
  run "carelog.projection.$projection" "$BIN/carelog-bench" projections --store "$W/demo" --only "$projection" --repeat 3
done
# Catch-up subscriptions across processes: a child process commits one event at a time, this one subscribes.
run carelog.subscription "$BIN/carelog-bench" subscription --events 2000
# A past period on a growing log: compliance for the demo's first month on a tenth of the log and on all
# of it (through the decisive-day summary a whole-log report built), and on all of it without a cache.
run carelog.projection.past "$BIN/carelog-bench" projections --store "$W/demo" --only past-short,past-long,past-long-nocache --repeat 3
# The service's access register: folded from the whole log, resumed from its state saved at the head or
# 1,000 events before it and saved again (seconds, peak and held heap), and 10,000 access lookups (a
# carer's schedule, a visit's person, a person's scope).
run carelog.projection.access "$BIN/carelog-bench" projections --store "$W/demo" --only access-register,access-register-resume,access-register-resume-gap,access-decisions --repeat 3
# User path: the demo's NDJSON export through `carelog import` (full parsing, validation, reference
# and fact-identity checks, one batch and --chunk 10000), beside raw C LMDB writing the same lines
# 1,000 per durable transaction. Each run prints RESULT_IMPORT secs=… events=… maxrss_kb=….
DX="$W/demo-export.ndjson"
# The whole export, corrections included: the demo never states a fact twice, so it re-imports as is.
"$BIN/carelog" log --store "$W/demo" --format ndjson > "$DX"
DXN=$(wc -l < "$DX")
# Peak memory against the file's size: its first half, and the file twice (the second copy all
# "already recorded"), with --chunk 10000.
head -n $((DXN / 2)) "$DX" > "$W/demo-export-half.ndjson"
cat "$DX" "$DX" > "$W/demo-export-double.ndjson"
rm -rf "$W"/ref-demo
run ref.lmdb.demo-batch "$W/lmdb_raw" write --input "$DX" --db "$W/ref-demo" --txn 1000 --repeat 3
# DuckDB from cold over the same export: load it and answer one compliance measure (the ECM rate).
python3 -c 'import duckdb' 2>/dev/null || pip install -q duckdb >/dev/null 2>&1 || echo "(duckdb not installed: its row is skipped)" >&2
if python3 -c 'import duckdb' 2>/dev/null; then
  run ref.duckdb.compliance python3 Tools/duckdb_compliance.py --input "$DX" --repeat 3
fi
import_runs() {
  local input=${INPUT:-$DX}
  local lines
  lines=$(wc -l < "$input")
  for _ in 1 2 3; do
    rm -rf "$W/import"
    "$BIN/carelog" init --store "$W/import" > /dev/null
    /usr/bin/time -f "TIME %e %M" "$BIN/carelog" import --store "$W/import" "$@" "$input" > "$W/import.out" 2> "$W/import.err" || { cat "$W/import.err"; return 1; }
    read -r _ secs rss < <(grep '^TIME' "$W/import.err")
    echo "RESULT_IMPORT secs=$secs events=$lines maxrss_kb=$rss $(head -1 "$W/import.out")"
  done
}
run carelog.import.batch import_runs
run carelog.import.chunk10000 import_runs --chunk 10000
# The same import and raw C in alternated rounds (IMPORT_ROUNDS, default 5): in each round one raw C
# pass and then one import of the same file, so each ratio is of the same minute (the VM's speed
# drifts by ±20 % between minutes, and the passes above are minutes apart). Each round prints
# RESULT_ROUND raw_secs=… import_secs=… events=….
import_rounds() {
  local lines raw secs
  lines=$(wc -l < "$DX")
  for _ in $(seq "${IMPORT_ROUNDS:-5}"); do
    rm -rf "$W/ref-round" "$W/import"
    raw=$("$W/lmdb_raw" write --input "$DX" --db "$W/ref-round" --txn 1000 | sed -n 's/^RESULT .* secs=\([0-9.]*\) .*/\1/p')
    "$BIN/carelog" init --store "$W/import" > /dev/null
    /usr/bin/time -f "TIME %e %M" "$BIN/carelog" import --store "$W/import" --chunk 10000 "$DX" > "$W/import.out" 2> "$W/import.err" || { cat "$W/import.err"; return 1; }
    read -r _ secs _ < <(grep '^TIME' "$W/import.err")
    echo "RESULT_ROUND raw_secs=$raw import_secs=$secs events=$lines"
  done
  rm -rf "$W/ref-round"
}
run carelog.import.rounds import_rounds
INPUT="$W/demo-export-half.ndjson" run carelog.import.chunk10000-half import_runs --chunk 10000
INPUT="$W/demo-export-double.ndjson" run carelog.import.chunk10000-double import_runs --chunk 10000
# Web pages on the demo: server time (cold, warm) and Chromium's time to first byte and first paint
# per page (RESULT_PAGE lines), on a copy of the store (Tools/web-bench.sh; skipped without chromium).
if command -v chromium >/dev/null && python3 -c 'import selenium' 2>/dev/null; then
  run carelog.web.pages Tools/web-bench.sh "$W/demo" 3 "$W/web"
fi
# How the report figures grow with the log (GROWTH, see the usage above): one demo per size, every
# report measure once in one process (rebuilds, warm checkpoints, past month).
for size in ${GROWTH:-}; do
  people=${size%%:*}
  months=${size##*:}
  rm -rf "$W/growth"
  run "carelog.growth-demo.$people-$months" "$BIN/carelog" demo --store "$W/growth" --people "$people" --months "$months"
  run "carelog.growth.$people-$months" "$BIN/carelog-bench" projections --store "$W/growth" --repeat 1 \
    --only compliance,rag,compliance-warm,rag-warm,past-short,past-long
done
rm -rf "$W/growth"
# Mapped import (Docs/import.md): a generated ECM export of ECM_ROWS rows (Tools/ecm_generate.py) through
# Docs/examples/ecm-visits.mapping.yaml, beside the NDJSON import of the same events (its NDJSON twin: what
# the mapped import appended, from `carelog log`), both --chunk 10000 into a store holding the people and
# staff the rows name. Each run prints RESULT_MAPPED secs=… rows=… events=… maxrss_kb=….
ECM_ROWS=${4:-100000}
G="$W/ecm-$ECM_ROWS"
[ -f "$G/ecm.csv" ] || python3 Tools/ecm_generate.py --rows "$ECM_ROWS" --people 5000 --carers 400 "$G"
if [ ! -f "$G/twin.ndjson" ]; then
  rm -rf "$W/ecm-twin"
  "$BIN/carelog" init --store "$W/ecm-twin" > /dev/null
  "$BIN/carelog" import --store "$W/ecm-twin" "$G/base.ndjson" > /dev/null
  "$BIN/carelog" import --store "$W/ecm-twin" --chunk 10000 --mapping Docs/examples/ecm-visits.mapping.yaml "$G/ecm.csv" > /dev/null
  "$BIN/carelog" log --store "$W/ecm-twin" --format ndjson | tail -n +$(($(wc -l < "$G/base.ndjson") + 1)) > "$G/twin.ndjson"
fi
mapped_runs() {
  local rows events
  rows=$(($(wc -l < "$G/ecm.csv") - 1))
  events=$(wc -l < "$G/twin.ndjson")
  for _ in 1 2 3; do
    rm -rf "$W/ecm-import"
    "$BIN/carelog" init --store "$W/ecm-import" > /dev/null
    "$BIN/carelog" import --store "$W/ecm-import" "$G/base.ndjson" > /dev/null
    /usr/bin/time -f "TIME %e %M" "$BIN/carelog" import --store "$W/ecm-import" --chunk 10000 "$@" > "$W/import.out" 2> "$W/import.err" || { cat "$W/import.err"; return 1; }
    read -r _ secs rss < <(grep '^TIME' "$W/import.err")
    echo "RESULT_MAPPED secs=$secs rows=$rows events=$events maxrss_kb=$rss $(tail -1 "$W/import.out")"
  done
}
run carelog.import.ecm-mapped mapped_runs --mapping Docs/examples/ecm-visits.mapping.yaml "$G/ecm.csv"
run carelog.import.ecm-ndjson mapped_runs "$G/twin.ndjson"
python3 Tools/bench_table.py "$OUT" "$EVENTS" "$PEOPLE"
