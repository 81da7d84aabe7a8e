#!/usr/bin/env python3
"""Export the visits of a Carelog log into the shape of a CM2000-style ECM export (one row per visit).

Reads `carelog log --format ndjson` on standard input and writes CSV on standard output:
times in UK local time as dd/mm/yyyy HH:mm, one block of columns per carer (id, in, out, methods,
exception codes). Visits that were cancelled, missed or corrected/voided are left out (an ECM
export row cannot say so); their count goes to standard error. Used by Tools/ecm-roundtrip.sh,
which imports the file back through Docs/examples/demo-ecm.mapping.yaml.
"""
import csv
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk(text):
    instant = datetime.strptime(text.replace(".000Z", "Z"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return instant.astimezone(UK).strftime("%d/%m/%Y %H:%M")


def main():
    visits = {}
    order = []
    excluded = set()
    for raw in sys.stdin:
        event = json.loads(raw)
        stream, kind = event["stream"], event["type"]
        if kind in ("EntryCorrected", "EntryVoided"):
            excluded.add(stream)
        if not stream.startswith("visit/"):
            continue
        if kind in ("VisitCancelled", "VisitMissed"):
            excluded.add(stream)
        visit = visits.setdefault(stream, {"carers": {}})
        if stream not in order:
            order.append(stream)
        data = event["data"]
        if kind == "VisitScheduled":
            visit["scheduled"] = (event["occurredAt"], data)
        elif kind in ("VisitCheckedIn", "VisitCheckedOut"):
            side = "in" if kind == "VisitCheckedIn" else "out"
            carer = visit["carers"].setdefault(data["staffId"], {})
            carer[side] = (data.get("checkedInAt") or data.get("checkedOutAt"), data["method"], data.get("exceptionCode", ""))
    writer = csv.writer(sys.stdout, lineterminator="\r\n")
    header = ["Visit ID", "Client Ref", "Scheduled At", "Planned Start", "Planned Duration", "Carers Needed",
              "Time Critical", "Team", "Tasks"]
    for n in (1, 2):
        header += [f"Carer {n} ID", f"Carer {n} In", f"Carer {n} Out", f"Carer {n} In Method",
                   f"Carer {n} Out Method", f"Carer {n} In Exception", f"Carer {n} Out Exception"]
    writer.writerow(header)
    written = 0
    for stream in order:
        visit = visits[stream]
        if stream in excluded or "scheduled" not in visit or len(visit["carers"]) > 2:
            continue
        at, data = visit["scheduled"]
        # Spreadsheets strip leading zeros: ids go out as bare numbers.
        row = [stream.split("/V")[1].lstrip("0"), data["personId"][1:].lstrip("0"), uk(at), uk(data["plannedStart"]),
               data["plannedMinutes"], data["carersNeeded"], "Y" if data["timeCritical"] else "N",
               data.get("team", ""), "|".join(data.get("tasks", []))]
        for staff, checks in list(visit["carers"].items()) + [("", {})] * (2 - len(visit["carers"])):
            cin, cout = checks.get("in"), checks.get("out")
            row += [staff[1:].lstrip("0") if staff else "", uk(cin[0]) if cin else "", uk(cout[0]) if cout else "",
                    cin[1] if cin else "", cout[1] if cout else "", cin[2] if cin else "", cout[2] if cout else ""]
        writer.writerow(row)
        written += 1
    print(f"ecm_export: {written} visits written, {len(excluded & set(order))} cancelled, missed or corrected left out",
          file=sys.stderr)


if __name__ == "__main__":
    main()
