#!/usr/bin/env python3
"""Generate a large ECM visit export (the shape of Docs/examples/ecm-visits.mapping.yaml) and the
people and staff it refers to, for the memory and speed measurements of the mapped import.

    python3 Tools/ecm_generate.py --megabytes 200 --people 5000 DIR

writes DIR/base.ndjson (a ServiceStarted per person P000001…, a StaffJoined per carer S0001…) and
DIR/ecm.csv (one visit per row, UK local times, ids without their leading zeros as a spreadsheet
leaves them, every tenth visit double-handed, every twentieth checked in by hand with an exception
code), stopping at the first row past the size asked (--rows N stops after N rows instead).
Deterministic: the same arguments give the same bytes. Used by Tools/ecm-memory.sh; the test
`generatedExportImportsEveryRow` runs it small.
"""
import argparse
import os
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
HEADER = ("Visit ID,Client Ref,Carer 1 ID,Carer 2 ID,Planned Start,Planned Duration,Carers Needed,"
          "Time Critical,Actual In,Actual Out,Verification In,Verification Out,Exception Code\r\n")


def uk(instant):
    return instant.astimezone(UK).strftime("%d/%m/%Y %H:%M")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--carers", type=int, default=200)
    args = parser.parse_args()
    os.makedirs(args.directory, mode=0o700, exist_ok=True)
    with open(os.path.join(args.directory, "base.ndjson"), "w") as base:
        for s in range(1, args.carers + 1):
            base.write('{"stream":"staff/S%04d","type":"StaffJoined","occurredAt":"2019-01-07T09:00:00Z",'
                       '"actor":"staff/S0001","data":{"joinedOn":"2019-01-07","role":"homeCareWorker",'
                       '"team":"team%d","contractedHoursPerWeek":30}}\n' % (s, s % 10))
        for p in range(1, args.people + 1):
            base.write('{"stream":"person/P%06d","type":"ServiceStarted","occurredAt":"2019-06-03T09:00:00Z",'
                       '"actor":"staff/S0001","data":{"firstServiceOn":"2019-06-03","model":"timeAndTask",'
                       '"plannedHoursPerWeek":7,"team":"team%d"}}\n' % (p, p % 10))
    limit = int(args.megabytes * 1_000_000)
    start = datetime(2020, 1, 1, 7, 0, tzinfo=timezone.utc)
    written = 0
    row = 0
    with open(os.path.join(args.directory, "ecm.csv"), "w", newline="") as out:
        out.write(HEADER)
        written += len(HEADER)
        while (args.rows is None and written < limit) or (args.rows is not None and row < args.rows):
            row += 1
            person = row % args.people + 1
            # Each person gets a visit every 4 hours through the day, day after day.
            planned = start + timedelta(hours=4 * ((row - 1) // args.people) % 16 + 24 * ((row - 1) // (args.people * 4)))
            minutes = (30, 45, 15, 60)[row % 4]
            late = (row * 7919) % 40 - 10
            actual_in = planned + timedelta(minutes=late)
            actual_out = actual_in + timedelta(minutes=minutes - (row % 11))
            carer1 = row % args.carers + 1
            double = row % 10 == 0
            carer2 = (carer1 % args.carers) + 1 if double else ""
            manual = row % 20 == 0
            line = "%d,%d,%d,%s,%s,%d,%d,%s,%s,%s,%s,%s,%s\r\n" % (
                row, person, carer1, carer2, uk(planned), minutes, 2 if double else 1, "Y" if row % 3 == 0 else "N",
                uk(actual_in), uk(actual_out), "Manual" if manual else "ECM", "ECM", "04" if manual else "")
            out.write(line)
            written += len(line)


if __name__ == "__main__":
    main()
