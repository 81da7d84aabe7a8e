#!/usr/bin/env python3
"""One compliance measure over a Carelog NDJSON export, answered by DuckDB from cold.

The reference for "report at the head, cold" in Tools/bench.sh: each run opens a fresh in-memory
DuckDB, loads the export (`carelog log --format ndjson`) and computes the ECM rate — delivered
visits whose check-ins and check-outs were all electronic ÷ delivered visits (visits with a
check-in), for visits planned in [--from, --to). It is one measure of the seventeen Carelog's
compliance report computes, without corrections, rules or teams: a floor for what a column store
needs, not the same work. Prints one `RESULT_DUCKDB secs=… events=… rate=…` line per run and a
SUMMARY line (seconds) like the other references.

Usage: duckdb_compliance.py --input EXPORT.ndjson [--from 2020-01-01] [--to 2021-01-01] [--repeat 3]
"""
import argparse
import statistics
import time

import duckdb

QUERY = """
WITH ev AS (
  SELECT stream, type, data FROM read_json(?, format = 'newline_delimited',
    columns = {stream: 'VARCHAR', type: 'VARCHAR', data: 'JSON'})
  WHERE type IN ('VisitScheduled', 'VisitCheckedIn', 'VisitCheckedOut')
),
scheduled AS (
  SELECT stream, CAST(data->>'plannedStart' AS TIMESTAMP) AS planned FROM ev WHERE type = 'VisitScheduled'
),
checks AS (
  SELECT stream,
         count(*) FILTER (WHERE type = 'VisitCheckedIn') AS check_ins,
         count(*) FILTER (WHERE type = 'VisitCheckedOut') AS check_outs,
         bool_and(data->>'method' = 'electronic') AS all_electronic
  FROM ev WHERE type <> 'VisitScheduled' GROUP BY stream
)
SELECT count(*) FILTER (WHERE c.all_electronic AND c.check_outs > 0) AS verified, count(*) AS delivered,
       (SELECT count(*) FROM ev) AS visit_events
FROM scheduled s JOIN checks c USING (stream)
WHERE c.check_ins > 0 AND s.planned >= CAST(? AS TIMESTAMP) AND s.planned < CAST(? AS TIMESTAMP)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True)
    parser.add_argument("--from", dest="start", default="2020-01-01")
    parser.add_argument("--to", dest="end", default="2021-01-01")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with open(args.input, "rb") as f:
        events = sum(1 for _ in f)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        con = duckdb.connect(":memory:")
        verified, delivered, _ = con.execute(QUERY, [args.input, args.start, args.end]).fetchone()
        con.close()
        secs = time.perf_counter() - start
        times.append(secs)
        rate = verified / delivered if delivered else float("nan")
        print(f"RESULT_DUCKDB secs={secs:.3f} events={events} verified={verified} delivered={delivered} rate={rate:.4f}")
    print(f"SUMMARY secs runs={len(times)} median={statistics.median(times):.3f} min={min(times):.3f} max={max(times):.3f}")


if __name__ == "__main__":
    main()
