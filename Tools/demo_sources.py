#!/usr/bin/env python3
"""Export a Carelog log into the source shapes a service already keeps, for the mapped-import round trip.

    python3 Tools/demo_sources.py OUTDIR < log.ndjson      (the NDJSON of `carelog log --format ndjson`)

Writes into OUTDIR the exports of each source (CSV with CRLF line ends, times in UK local time as
dd/mm/yyyy HH:mm, ids without the leading zeros a spreadsheet strips), each read by its mapping in
Docs/examples/, and `steps.txt`: the import order, one `ndjson FILE` or `mapping MAPPING FILE` a line.

    ecm.csv          demo-ecm.mapping.yaml        VisitScheduled, VisitCheckedIn, VisitCheckedOut
    services.csv     demo-services.mapping.yaml   ServiceStarted (case system)
    plans.csv        demo-plans.mapping.yaml      PersonalPlanPrepared (case system)
    reviews.csv      demo-reviews.mapping.yaml    ReviewHeld (case system)
    training.csv     demo-training.mapping.yaml   TrainingCompleted, SupervisionHeld (training & supervision)
    mar.csv          demo-mar.mapping.yaml        MedicationRecorded (MAR)
    complaints.csv   demo-complaints.mapping.yaml ComplaintReceived, ComplaintAcknowledged,
                                                  ComplaintStage1Responded of one-point complaints

Events no source shape carries stay NDJSON: `before.ndjson` (rules, programme, staff joining and
registration: what the rows refer to) and `after.ndjson` (everything else, in log order). A
correction, void or medication error names its entry by log sequence; the sequence an entry gets
in the new store is known from the import order, so those references are rewritten to it.
Counts per file go to standard error.
"""
import csv
import json
import os
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
BEFORE = {"RulesAdopted", "ProgrammeDefined", "WorkstreamDefined", "ActivityDefined", "StaffJoined",
          "SSSCRegistrationRecorded"}


def instant(text):
    return datetime.strptime(text.replace(".000Z", "Z"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def uk(text):
    """UK local dd/mm/yyyy HH:mm; an instant whose local time is ambiguous (the autumn hour) goes out in ISO."""
    if not text:
        return ""
    moment = instant(text)
    local = moment.astimezone(UK)
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=UK, fold=0).astimezone(timezone.utc)
    if first != moment or moment.second:
        return text
    return local.strftime("%d/%m/%Y %H:%M")


def day(text):
    """A date yyyy-mm-dd as dd/mm/yyyy."""
    return f"{text[8:10]}/{text[5:7]}/{text[0:4]}" if text else ""


def bare(identifier):
    """`P00009` → `9`: the id as a spreadsheet leaves it."""
    return identifier[1:].lstrip("0") if identifier else ""


def yes(flag):
    return "Y" if flag else "N"


class Export:
    def __init__(self, directory, name, mapping, header):
        self.name, self.mapping = name, mapping
        self.handle = open(os.path.join(directory, name), "w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle, lineterminator="\r\n")
        self.writer.writerow(header)
        self.rows = 0
        self.events = []  # the demo sequences of the events, in the order the mapping appends them

    def row(self, cells, sequences):
        self.writer.writerow(cells)
        self.rows += 1
        self.events += sequences


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    events = [json.loads(raw) for raw in sys.stdin if raw.strip()]
    by_stream = {}
    for sequence, event in enumerate(events, start=1):
        by_stream.setdefault(event["stream"], []).append((sequence, event))

    ecm = Export(out, "ecm.csv", "demo-ecm.mapping.yaml",
                 ["Visit ID", "Client Ref", "Scheduled At", "Planned Start", "Planned Duration", "Carers Needed",
                  "Time Critical", "Team", "Tasks"]
                 + [f"Carer {n} {c}" for n in (1, 2) for c in ("ID", "In", "Out", "In Method", "Out Method",
                                                               "In Exception", "Out Exception")])
    services = Export(out, "services.csv", "demo-services.mapping.yaml",
                      ["Service Ref", "Client ID", "Entered At", "Service Start", "Service Type", "Weekly Hours",
                       "Team", "Locality", "Care Coordinator"])
    plans = Export(out, "plans.csv", "demo-plans.mapping.yaml",
                   ["Plan Ref", "Client ID", "Entered At", "Plan Date", "Outcomes", "Tasks", "Medication Support",
                    "Risk Assessment", "Consulted", "Author"])
    reviews = Export(out, "reviews.csv", "demo-reviews.mapping.yaml",
                     ["Review Ref", "Client ID", "Entered At", "Review Date", "Review Reason", "Outcome", "Attendees",
                      "Reviewer"])
    training = Export(out, "training.csv", "demo-training.mapping.yaml",
                      ["Record ID", "Staff No", "Entered At", "Course", "Completed", "Expires", "Supervision Date",
                       "Supervision Type", "Supervisor"])
    mar = Export(out, "mar.csv", "demo-mar.mapping.yaml",
                 ["Entry ID", "Client ID", "Recorded At", "Visit ID", "Medicine", "Dose", "Route", "Due", "Given",
                  "Support", "Code", "Reason Code", "CD", "Carer", "Witness"])
    complaints = Export(out, "complaints.csv", "demo-complaints.mapping.yaml",
                        ["Complaint Ref", "Entered At", "Date Received", "How Received", "Category", "Complainant",
                         "Consent", "Client ID", "Team", "Stage", "Point", "Acknowledged At", "Acknowledged",
                         "Responded At", "Stage 1 Response", "Stage 1 Outcome"])
    exports = [services, training, plans, reviews, ecm, mar, complaints]
    mapped = set()

    def counter(prefix):
        count = 0

        def next_id():
            nonlocal count
            count += 1
            return f"{prefix}{count}"
        return next_id

    service_ref, plan_ref, review_ref, record_id, entry_id = (
        counter("SR-"), counter("PL-"), counter("RV-"), counter("TR-"), counter("MAR-"))

    for sequence, event in enumerate(events, start=1):
        kind, data, stream = event["type"], event["data"], event["stream"]
        at = uk(event["occurredAt"])
        if kind == "ServiceStarted":
            services.row([service_ref(), bare(stream[7:]), at, day(data["firstServiceOn"]),
                          {"timeAndTask": "TT", "personalBudget": "SDS1", "reablement": "REA"}[data["model"]],
                          data["plannedHoursPerWeek"], data["team"], data.get("locality", ""),
                          bare(data.get("careCoordinatorId", ""))], [sequence])
        elif kind == "PersonalPlanPrepared":
            plans.row([plan_ref(), bare(stream[7:]), at, day(data["preparedOn"]), "|".join(data["outcomes"]),
                       "|".join(data["tasks"]), data["medicationSupport"], yes(data["riskAssessmentCompleted"]),
                       "|".join(data["consulted"]), bare(data["preparedBy"])], [sequence])
        elif kind == "ReviewHeld":
            reviews.row([review_ref(), bare(stream[7:]), at, day(data["heldOn"]), data.get("trigger", ""),
                         data["outcome"], "|".join(data["participants"]), bare(data["reviewedBy"])], [sequence])
        elif kind == "TrainingCompleted":
            training.row([record_id(), bare(stream[6:]), at, data["course"], day(data["completedOn"]),
                          day(data.get("expiresOn", "")), "", "", ""], [sequence])
        elif kind == "SupervisionHeld":
            training.row([record_id(), bare(stream[6:]), at, "", "", "", day(data["heldOn"]), data["kind"],
                          bare(data["supervisorId"])], [sequence])
        elif kind == "MedicationRecorded":
            mar.row([entry_id(), bare(stream[11:]), at, bare(data["visitId"]), data["medicine"], data["dose"],
                     data["route"], uk(data["scheduledFor"]), uk(data.get("actualAt", "")), data["supportLevel"],
                     data["outcome"], data.get("reasonCode", ""), yes(data["controlledDrug"]),
                     bare(data["recordedBy"]), bare(data.get("witnessedBy", ""))], [sequence])
        else:
            continue
        mapped.add(sequence)

    # Visits: one row per visit with at most two carers, in the order of their scheduling.
    for stream, entries in by_stream.items():
        if not stream.startswith("visit/"):
            continue
        scheduled = [(s, e) for s, e in entries if e["type"] == "VisitScheduled"]
        checks = [(s, e) for s, e in entries if e["type"] in ("VisitCheckedIn", "VisitCheckedOut")]
        carers = list(dict.fromkeys(e["data"]["staffId"] for _, e in checks))
        if len(scheduled) != 1 or len(carers) > 2:
            continue
        seq, visit = scheduled[0]
        data = visit["data"]
        row = [bare(stream[6:]), bare(data["personId"]), uk(visit["occurredAt"]), uk(data["plannedStart"]),
               data["plannedMinutes"], data["carersNeeded"], yes(data["timeCritical"]), data.get("team", ""),
               "|".join(data.get("tasks", []))]
        order = [seq]
        for staff in carers + [""] * (2 - len(carers)):
            ins = [(s, e) for s, e in checks if e["type"] == "VisitCheckedIn" and e["data"]["staffId"] == staff]
            outs = [(s, e) for s, e in checks if e["type"] == "VisitCheckedOut" and e["data"]["staffId"] == staff]
            if len(ins) > 1 or len(outs) > 1:
                break
            cin = ins[0][1]["data"] if ins else {}
            cout = outs[0][1]["data"] if outs else {}
            row += [bare(staff), uk(cin.get("checkedInAt", "")), uk(cout.get("checkedOutAt", "")),
                    cin.get("method", ""), cout.get("method", ""), cin.get("exceptionCode", ""),
                    cout.get("exceptionCode", "")]
            order += [s for s, _ in ins] + [s for s, _ in outs]
        else:
            ecm.row(row, order)
            mapped.update(order)

    # Complaints with one point and no extension: received, acknowledged and answered at stage 1.
    for stream, entries in by_stream.items():
        if not stream.startswith("complaint/"):
            continue
        kinds = {e["type"]: (s, e) for s, e in entries}
        received = kinds.get("ComplaintReceived")
        if received is None or len(received[1]["data"]["points"]) != 1 or "ComplaintExtensionAgreed" in kinds:
            continue
        seq, event = received
        data = event["data"]
        point = data["points"][0]["pointId"]
        ack = kinds.get("ComplaintAcknowledged")
        response = kinds.get("ComplaintStage1Responded")
        if response and [o["pointId"] for o in response[1]["data"]["outcomes"]] != [point]:
            continue
        complaints.row([stream[10:], uk(event["occurredAt"]), day(data["receivedOn"]), data["channel"],
                        data["category"], data["complainant"], yes(data["consentObtained"]),
                        bare(data.get("personId", "")), data.get("team", ""),
                        {"stage1": "1", "stage2": "2"}[data["startsAt"]], point,
                        uk(ack[1]["occurredAt"]) if ack else "", day(ack[1]["data"]["acknowledgedOn"]) if ack else "",
                        uk(response[1]["occurredAt"]) if response else "",
                        day(response[1]["data"]["respondedOn"]) if response else "",
                        response[1]["data"]["outcomes"][0]["outcome"] if response else ""],
                       [seq] + ([ack[0]] if ack else []) + ([response[0]] if response else []))
        mapped.update([seq] + ([ack[0]] if ack else []) + ([response[0]] if response else []))

    for export in exports:
        export.handle.close()
    before = [s for s in range(1, len(events) + 1) if s not in mapped and events[s - 1]["type"] in BEFORE]
    after = [s for s in range(1, len(events) + 1) if s not in mapped and events[s - 1]["type"] not in BEFORE]
    order = before + [s for export in exports for s in export.events] + after
    new_sequence = {old: new for new, old in enumerate(order, start=1)}

    def write(name, sequences):
        with open(os.path.join(out, name), "w", encoding="utf-8") as handle:
            for s in sequences:
                event = events[s - 1]
                data = event["data"]
                for key in ("sequence", "marEntrySequence"):
                    if key in data:
                        data[key] = new_sequence[data[key]]
                handle.write(json.dumps(event, separators=(",", ":"), ensure_ascii=False) + "\n")
    write("before.ndjson", before)
    write("after.ndjson", after)
    with open(os.path.join(out, "steps.txt"), "w", encoding="utf-8") as steps:
        steps.write("ndjson before.ndjson\n")
        for export in exports:
            steps.write(f"mapping {export.mapping} {export.name}\n")
        steps.write("ndjson after.ndjson\n")
    print(f"demo_sources: {len(events)} events; before.ndjson {len(before)}", file=sys.stderr)
    for export in exports:
        print(f"  {export.name} {export.rows} rows, {len(export.events)} events", file=sys.stderr)
    kinds = {}
    for s in after:
        kinds[events[s - 1]["type"]] = kinds.get(events[s - 1]["type"], 0) + 1
    print(f"  after.ndjson {len(after)}: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
          file=sys.stderr)


if __name__ == "__main__":
    main()
