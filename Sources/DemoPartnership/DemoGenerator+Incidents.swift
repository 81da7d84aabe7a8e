import CareCalendar
import CareRecord
import EventLog

extension DemoGenerator {
    /// Falls and adult protection concerns for one person today.
    func maybeIncident(_ index: Int) {
        if rng.chance(0.0004) {
            let injured = rng.chance(0.45)
            let harm: HarmLevel = injured ? [HarmLevel.low, .moderate, .severe][rng.weighted([0.6, 0.3, 0.1])] : .none
            let notifiable = harm == .moderate || harm == .severe
            let occurred = now(rng.int(7 * 60...17 * 60))
            _ = recordIncident(
                kind: injured ? .accidentOrInjury : .fallWithoutInjury, person: index, occurredAt: occurred,
                becameAwareAt: occurred.adding(milliseconds: Int64(rng.int(0...180)) * 60_000), harm: harm,
                notifiable: notifiable, category: notifiable ? .accidentIncidentOrInjury : nil)
        } else if rng.chance(0.00003) {
            let occurred = now(rng.int(8 * 60...15 * 60))
            _ = recordIncident(
                kind: .adultProtectionConcern, person: index, occurredAt: occurred,
                becameAwareAt: occurred.adding(milliseconds: Int64(rng.int(30...240)) * 60_000), harm: nil,
                notifiable: true, category: .allegationOfAbuse)
        }
    }

    /// Records an incident (and plans its Care Inspectorate notification when notifiable);
    /// returns its id.
    @discardableResult
    func recordIncident(
        kind: IncidentKind, person index: Int?, occurredAt: Timestamp, becameAwareAt: Timestamp, harm: HarmLevel?,
        notifiable: Bool, category: NotificationCategory?
    ) -> String {
        let id = "I" + Self.padded(nextIncident, 5)
        nextIncident += 1
        let team = index.map { people[$0].team } ?? 0
        emit(
            IncidentRecorded(
                kind: kind, occurredAt: occurredAt, becameAwareAt: becameAwareAt, personId: index.map { people[$0].id },
                harm: harm, notifiable: notifiable),
            stream: Self.stream(.incident, id), occurredAt: occurredAt,
            recordedAt: becameAwareAt.adding(milliseconds: 60_000),
            actor: organiserActor(team: team))
        counts.incidents += 1
        if notifiable, let category {
            counts.notifiableIncidents += 1
            planNotification(
                incident: id, person: index, category: category, occurredAt: occurredAt, becameAwareAt: becameAwareAt,
                team: team)
        }
        return id
    }

    /// Plans the notification: most within 24 hours, some late, and two never sent.
    private func planNotification(
        incident: String, person index: Int?, category: NotificationCategory, occurredAt: Timestamp,
        becameAwareAt: Timestamp,
        team: Int
    ) {
        let ordinal = notifiableSeen
        notifiableSeen += 1
        if ordinal == 2 || ordinal == 13 {
            counts.notificationsMissing += 1
            return
        }
        let delayMinutes = rng.chance(0.88) ? rng.int(45...(20 * 60)) : rng.int((26 * 60)...(96 * 60))
        var submitted = becameAwareAt.adding(milliseconds: Int64(delayMinutes) * 60_000)
        let lastMoment = at(configuration.lastDay, 23 * 60)
        if submitted > lastMoment { submitted = max(becameAwareAt.adding(milliseconds: 60_000), lastMoment) }
        let date = UKTime.ukDate(epochMilliseconds: submitted.millisecondsSinceEpoch)
        let manager = teamManager[team]
        schedule(date) { g in
            let id = "N" + Self.padded(g.nextNotification, 5)
            g.nextNotification += 1
            let stream = Self.stream(.notification, id)
            g.emit(
                NotificationSubmitted(
                    category: category, eFormsReference: "EF" + Self.padded(100_000 + g.nextNotification * 7, 7),
                    submittedAt: submitted, becameAwareAt: becameAwareAt, eventOccurredAt: occurredAt,
                    incidentId: incident,
                    personId: index.map { g.people[$0].id }, submittedBy: g.staff[manager].id),
                stream: stream, occurredAt: submitted, actor: g.staffActor(manager))
            g.counts.notificationsSubmitted += 1
            if submitted.millisecondsSinceEpoch - becameAwareAt.millisecondsSinceEpoch <= 24 * 3_600_000 {
                g.counts.notificationsOnTime += 1
            } else {
                g.counts.notificationsLate += 1
            }
            if g.rng.chance(0.3) {
                g.schedule(g.today.adding(days: g.rng.int(5...20))) { h in
                    h.emit(
                        NotificationFollowedUp(
                            followedUpAt: h.now(11 * 60), kind: h.rng.chance(0.5) ? .update : .outcome),
                        stream: stream, occurredAt: h.now(11 * 60), actor: h.staffActor(manager))
                    h.counts.notificationFollowUps += 1
                }
            }
        }
    }
}
