#!/usr/bin/env python3
"""Notified incidents to append to a demo store so its notification extract reaches a row count.

The demo records about 46 notification-extract rows per 1,000 people and year, so the 10.7M-event
demo (10,000 people, 12 months) gives about 460: fewer than the 1,000 rows issue 15 asks proofs to be
measured for. This reads the store's own incidents, notifications and follow-ups (NDJSON from
`carelog log --type IncidentRecorded --type NotificationSubmitted --type NotificationFollowedUp
--format ndjson`) and writes N more notifications as NDJSON for `carelog import`: each a copy of one
of the store's notifications (cycling through them in log order) under a new notification id, with a
copy of the incident it names under a new incident id, and copies of its follow-ups. Same people,
times, categories and actors, so every line passes the importer's checks as the original did; only
the ids and the eForms reference are new. Deterministic: same input and N, same output.

Usage: proofs_extra_notifications.py N < store-incidents.ndjson > extra.ndjson
"""

import json
import sys


def main(argv):
    if len(argv) != 1 or not argv[0].isdigit():
        sys.exit("usage: proofs_extra_notifications.py N < incidents.ndjson > extra.ndjson")
    wanted = int(argv[0])
    incidents, notifications, follow_ups = {}, [], {}
    for line in sys.stdin:
        event = json.loads(line)
        kind, _, ident = event["stream"].partition("/")
        if event["type"] == "IncidentRecorded" and kind == "incident":
            incidents[ident] = event
        elif event["type"] == "NotificationSubmitted":
            notifications.append(event)
        elif event["type"] == "NotificationFollowedUp":
            follow_ups.setdefault(event["stream"], []).append(event)
    if wanted and not notifications:
        sys.exit("the input holds no NotificationSubmitted event to copy")
    out = sys.stdout
    for n in range(wanted):
        template = notifications[n % len(notifications)]
        copy = n // len(notifications) + 1
        notification_id = f"N9{copy:02d}{n:05d}"
        data = dict(template["data"])
        data["eFormsReference"] = f"EF9{n:06d}"
        incident_id = data.get("incidentId")
        if incident_id in incidents:
            new_incident = f"I9{copy:02d}{n:05d}"
            incident = dict(incidents[incident_id])
            incident["stream"] = f"incident/{new_incident}"
            out.write(json.dumps(incident, separators=(",", ":"), sort_keys=False) + "\n")
            data["incidentId"] = new_incident
        elif incident_id is not None:
            del data["incidentId"]
        stream = f"notification/{notification_id}"
        out.write(json.dumps(dict(template, stream=stream, data=data), separators=(",", ":")) + "\n")
        for follow_up in follow_ups.get(template["stream"], []):
            out.write(json.dumps(dict(follow_up, stream=stream), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
