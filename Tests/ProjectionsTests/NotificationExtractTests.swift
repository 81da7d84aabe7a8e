import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

@Suite("Care Inspectorate notification extract")
struct NotificationExtractTests {
    static let period = ProjectionParameters(
        asAt: date(2020, 3, 31), periodStart: date(2020, 1, 1), periodEnd: date(2020, 3, 31))

    /// A fixed test key for the recipient `care-inspectorate`.
    static let key = PseudonymKey(recipient: "care-inspectorate", bytes: Array(0..<32))

    func extract(_ log: CareEventAppender, parameters: ProjectionParameters = period, naming: SubjectNaming? = nil)
        throws -> NotificationExtract
    {
        let naming = try naming ?? .pseudonymous(#require(Self.key))
        return try NotificationExtract.run(parameters: parameters, store: log.store, naming: naming).extract
    }

    @Test("on time exactly at the deadline; one millisecond later is late, and by how long")
    func onTimeAtExactBoundary() throws {
        let log = CareEventAppender()
        try log.append(ServiceStarted.sample(personId: "P000123"), to: "person/P000123")
        try log.append(
            NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-1",
                submittedAt: instant("2020-01-11T09:00:00.000Z"),
                becameAwareAt: instant("2020-01-10T09:00:00.000Z"), personId: "P000123", submittedBy: "staff-001"),
            to: "notification/N1")
        try log.append(
            NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-2",
                submittedAt: instant("2020-01-11T09:00:00.001Z"),
                becameAwareAt: instant("2020-01-10T09:00:00.000Z"), personId: "P000123", submittedBy: "staff-001"),
            to: "notification/N2")
        let result = try extract(log)
        #expect(result.notifications.map(\.eFormsReference) == ["EF-1", "EF-2"])
        #expect(result.notifications[0].deadline == instant("2020-01-11T09:00:00.000Z"))
        #expect(result.notifications[0].timeliness == .onTime)
        #expect(result.notifications[1].timeliness == .late(byMilliseconds: 1))
        #expect(result.notifications[1].timeliness.label == "late by 0h 1m")
        // The built-in default (24 h) is flagged as unconfirmed.
        #expect(result.notifications.allSatisfy { $0.deadlineHours == 24 && !$0.deadlineConfirmed })
    }

    @Test("per-category deadlines come from the rules in force at the reporting date")
    func perCategoryDeadline() throws {
        let log = CareEventAppender()
        var rules = RulesAdopted(effectiveFrom: date(2020, 1, 1))
        rules.notificationDeadlines = [NotificationDeadline(category: .death, hours: 48, confirmed: true)]
        try log.append(rules, to: "rules/2020")
        try log.append(
            NotificationSubmitted(
                category: .death, eFormsReference: "EF-D", submittedAt: instant("2020-02-03T08:00:00Z"),
                becameAwareAt: instant("2020-02-01T09:00:00Z"), submittedBy: "staff-001"), to: "notification/N1")
        let entry = try #require(try extract(log).notifications.first)
        #expect(entry.deadline == instant("2020-02-03T09:00:00Z"))
        #expect(entry.deadlineHours == 48 && entry.deadlineConfirmed)
        #expect(entry.timeliness == .onTime)
    }

    @Test("a notifiable incident with no notification is listed; a notified or non-notifiable one is not")
    func unnotifiedIncidentListed() throws {
        let log = CareEventAppender()
        try log.append(ServiceStarted.sample(personId: "P1"), to: "person/P1")
        try log.append(
            IncidentRecorded(
                kind: .accidentOrInjury, occurredAt: instant("2020-02-01T10:00:00Z"),
                becameAwareAt: instant("2020-02-01T11:00:00Z"), personId: "P1"), to: "incident/I1")
        try log.append(
            IncidentRecorded(
                kind: .death, occurredAt: instant("2020-02-02T10:00:00Z"),
                becameAwareAt: instant("2020-02-02T10:30:00Z"), personId: "P1"), to: "incident/I2")
        try log.append(
            IncidentRecorded(
                kind: .fallWithoutInjury, occurredAt: instant("2020-02-03T10:00:00Z"),
                becameAwareAt: instant("2020-02-03T10:00:00Z")), to: "incident/I3")
        try log.append(
            IncidentRecorded(
                kind: .missedCare, occurredAt: instant("2020-02-04T10:00:00Z"),
                becameAwareAt: instant("2020-02-04T10:00:00Z"), notifiable: true), to: "incident/I4")
        try log.append(
            IncidentRecorded(
                kind: .accidentOrInjury, occurredAt: instant("2020-02-05T10:00:00Z"),
                becameAwareAt: instant("2020-02-05T10:00:00Z"), notifiable: false), to: "incident/I5")
        try log.append(
            IncidentRecorded(
                kind: .equipmentBreakdown, occurredAt: instant("2019-12-20T10:00:00Z"),
                becameAwareAt: instant("2019-12-20T10:00:00Z")), to: "incident/I6")
        try log.append(
            IncidentRecorded(
                kind: .death, occurredAt: instant("2020-04-02T10:00:00Z"),
                becameAwareAt: instant("2020-04-02T10:00:00Z")), to: "incident/I7")
        try log.append(
            NotificationSubmitted(
                category: .death, eFormsReference: "EF-I2", submittedAt: instant("2020-02-02T12:00:00Z"),
                becameAwareAt: instant("2020-02-02T10:30:00Z"), incidentId: "I2", submittedBy: "staff-001"),
            to: "notification/N2")
        let result = try extract(log, naming: .internal)
        #expect(result.unnotifiedIncidents.map(\.incident) == ["incident/I6", "incident/I1", "incident/I4"])
        #expect(
            result.unnotifiedIncidents.map(\.expectedCategory) == [
                .equipmentBreakdown, .accidentIncidentOrInjury, .accidentIncidentOrInjury,
            ])
        #expect(result.unnotifiedIncidents.map(\.carriedForward) == [true, false, false])
        #expect(result.unnotifiedIncidents.allSatisfy { $0.overdueAsAt })
        #expect(result.unnotifiedIncidents[1].deadline == instant("2020-02-02T11:00:00Z"))
        #expect(result.unnotifiedIncidents[1].subject == "person/P1")
        // The notification for I2 takes its happened-at from the incident and its subject from the incident's person.
        #expect(result.notifications.map(\.eFormsReference) == ["EF-I2"])
        #expect(result.notifications[0].eventOccurredAt == instant("2020-02-02T10:00:00Z"))
        #expect(result.notifications[0].subject == "person/P1")
    }

    @Test("notifications are selected by the UK date the service became aware, not the submission date")
    func selectedByAwarenessDate() throws {
        let log = CareEventAppender()
        // Aware 23:30 UTC on 31 March 2020 = 00:30 BST on 1 April: outside Q1.
        try log.append(
            NotificationSubmitted(
                category: .death, eFormsReference: "EF-APR", submittedAt: instant("2020-04-01T08:00:00Z"),
                becameAwareAt: instant("2020-03-31T23:30:00Z"), submittedBy: "s"), to: "notification/A")
        // Aware in March, submitted in April: inside Q1 (late).
        try log.append(
            NotificationSubmitted(
                category: .death, eFormsReference: "EF-MAR", submittedAt: instant("2020-04-02T08:00:00Z"),
                becameAwareAt: instant("2020-03-30T08:00:00Z"), submittedBy: "s"), to: "notification/B")
        let result = try extract(log)
        #expect(result.notifications.map(\.eFormsReference) == ["EF-MAR"])
        #expect(result.notifications[0].timeliness == .late(byMilliseconds: 2 * 86_400_000))
    }

    @Test(
        "pseudonyms are keyed: stable per key, different per recipient, not the unkeyed hash; internal ids on request")
    func pseudonymsAreKeyed() throws {
        let key = try #require(Self.key)
        let other = try #require(PseudonymKey(recipient: "auditor", bytes: Array(repeating: 7, count: 32)))
        let a = SubjectReference.pseudonym(personId: "P000123", key: key)
        #expect(a == SubjectReference.pseudonym(personId: "P000123", key: key))
        #expect(a != SubjectReference.pseudonym(personId: "P000123", key: other))
        #expect(a != SubjectReference.pseudonym(personId: "P000124", key: key))
        #expect(a.hasPrefix("PSN-") && a.count == 20 && !a.contains("P000123") && !a.contains("123"))
        // Not the old, reversible scheme: SHA-256 of the store id and the person id.
        #expect(!a.hasSuffix(String(EventHash.sha256(of: Array("store-A:P000123".utf8)).hex.prefix(12))))
        #expect(PseudonymKey(recipient: "x", bytes: Array(repeating: 1, count: 31)) == nil)
        let log = CareEventAppender(storeID: "store-A")
        try log.append(
            NotificationSubmitted(
                category: .death, eFormsReference: "EF", submittedAt: instant("2020-02-02T12:00:00Z"),
                becameAwareAt: instant("2020-02-02T10:30:00Z"), personId: "P000123", submittedBy: "s"),
            to: "notification/N")
        #expect(try extract(log).notifications[0].subject == a)
        #expect(try extract(log).recipient == "care-inspectorate")
        #expect(try extract(log, naming: .pseudonymous(other)).notifications[0].subject != a)
        #expect(try extract(log, naming: .internal).notifications[0].subject == "person/P000123")
    }

    @Test("the pseudonym key's HMAC-SHA-256 agrees with OpenSSL")
    func hmacAgreesWithOpenSSL() throws {
        // RFC 4231 test case 1's message under a 32-byte key of 0x0b, as computed by
        // `printf 'Hi There' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0b0b…0b` (32 bytes).
        let key = try #require(PseudonymKey(recipient: "t", bytes: Array(repeating: 0x0b, count: 32)))
        let mac = key.authenticationCode(for: Array("Hi There".utf8))
        #expect(EventHash(bytes: mac)?.hex == "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7")
    }

    @Test("the extract carries no free text, names or staff ids (sentinel strings never appear)")
    func noFreeText() throws {
        let sentinel = "SENTINEL-7781"
        let log = CareEventAppender()
        try log.append(
            IncidentRecorded(
                kind: .accidentOrInjury, occurredAt: instant("2020-02-01T10:00:00Z"),
                becameAwareAt: instant("2020-02-01T11:00:00Z"), personId: "PX\(sentinel)", staffIds: ["st-\(sentinel)"],
                summary: "Mrs \(sentinel) fell"), to: "incident/I1")
        try log.append(
            IncidentRecorded(
                kind: .death, occurredAt: instant("2020-02-01T10:00:00Z"),
                becameAwareAt: instant("2020-02-01T11:00:00Z"), personId: "PY\(sentinel)",
                summary: "Mr \(sentinel) died"), to: "incident/I2")
        try log.append(
            NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-1",
                submittedAt: instant("2020-02-01T12:00:00Z"), becameAwareAt: instant("2020-02-01T11:00:00Z"),
                incidentId: "I1", submittedBy: "staff-\(sentinel)"), to: "notification/N1")
        try log.append(
            NotificationFollowedUp(
                followedUpAt: instant("2020-02-03T12:00:00Z"), kind: .update, summary: "Family of \(sentinel) told"),
            to: "notification/N1")
        let result = try extract(log)
        #expect(result.notifications.count == 1 && result.unnotifiedIncidents.count == 1)
        var dumped = ""
        dump(result, to: &dumped)
        #expect(!dumped.contains(sentinel))
        #expect(dumped.contains("EF-1"))
    }

    @Test("a voided notification is ignored and its incident is listed as not notified")
    func voidedNotificationIgnored() throws {
        let log = CareEventAppender()
        try log.append(
            IncidentRecorded(
                kind: .accidentOrInjury, occurredAt: instant("2020-02-01T10:00:00Z"),
                becameAwareAt: instant("2020-02-01T11:00:00Z")), to: "incident/I1")
        let submitted = try log.append(
            NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-1",
                submittedAt: instant("2020-02-01T12:00:00Z"), becameAwareAt: instant("2020-02-01T11:00:00Z"),
                incidentId: "I1", submittedBy: "s"), to: "notification/N1")
        let before = try extract(log)
        #expect(before.notifications.count == 1 && before.unnotifiedIncidents.isEmpty)
        try log.append(EntryVoided(sequence: submitted, reason: .wrongPerson), to: "notification/N1")
        let after = try extract(log)
        #expect(after.notifications.isEmpty)
        #expect(after.unnotifiedIncidents.map(\.sequence) == [1])
    }

    @Test("a correction follow-up changes the category and awareness used for the deadline; follow-ups are listed")
    func correctionFollowUp() throws {
        let log = CareEventAppender()
        let seq = try log.append(
            NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-1",
                submittedAt: instant("2020-02-02T10:00:00Z"), becameAwareAt: instant("2020-02-01T09:00:00Z"),
                submittedBy: "s"), to: "notification/N1")
        #expect(try extract(log).notifications[0].timeliness == .late(byMilliseconds: 3_600_000))
        let followUp = try log.append(
            NotificationFollowedUp(
                followedUpAt: instant("2020-02-03T10:00:00Z"), kind: .correction, correctedCategory: .allegationOfAbuse,
                correctedBecameAwareAt: instant("2020-02-01T11:00:00Z")), to: "notification/N1")
        let entry = try extract(log).notifications[0]
        #expect(entry.sequence == seq)
        #expect(entry.category == .allegationOfAbuse && entry.submittedCategory == .accidentIncidentOrInjury)
        #expect(entry.timeliness == .onTime)
        #expect(entry.followUps.map(\.sequence) == [followUp])
    }

    @Test("incremental equals rebuild: all at once, one at a time and seeded random batches give the same extract")
    func incrementalEqualsRebuild() throws {
        let log = CareEventAppender()
        for i in 1...12 {
            let aware = instant("2020-02-01T09:00:00Z").adding(milliseconds: Int64(i) * 7_200_000)
            try log.append(
                IncidentRecorded(
                    kind: i % 3 == 0 ? .death : .accidentOrInjury, occurredAt: aware, becameAwareAt: aware,
                    personId: "P\(i % 4)"), to: "incident/I\(i)")
            if i % 2 == 0 {
                try log.append(
                    NotificationSubmitted(
                        category: .accidentIncidentOrInjury, eFormsReference: "EF-\(i)",
                        submittedAt: aware.adding(milliseconds: Int64(i) * 3_600_000), becameAwareAt: aware,
                        incidentId: "I\(i)", submittedBy: "s"), to: "notification/N\(i)")
            }
            if i % 4 == 0 {
                try log.append(
                    NotificationFollowedUp(followedUpAt: aware.adding(milliseconds: 86_400_000), kind: .outcome),
                    to: "notification/N\(i)")
            }
        }
        let (context, corrections) = try ProjectionRunner.context(for: Self.period, in: log.store)
        let rebuilt = try extract(log)
        let events = try resolvedEvents(types: NotificationExtractProjection.eventTypes, store: log.store)
        for seed in [3, 11, 99] as [UInt64] {
            for batches in batchings(events, seed: seed) {
                var projection = NotificationExtractProjection(context: context)
                for batch in batches { for (event, recorded) in batch { projection.apply(event, recorded: recorded) } }
                #expect(
                    NotificationExtract.build(
                        ledger: projection.output(), context: context, corrections: corrections,
                        naming: .pseudonymous(try #require(Self.key))) == rebuilt)
            }
        }
        #expect(rebuilt.notifications.count == 6 && rebuilt.unnotifiedIncidents.count == 6)
    }
}

extension ServiceStarted {
    /// A plain service start for a person stream.
    static func sample(personId: String) -> ServiceStarted {
        ServiceStarted(firstServiceOn: date(2019, 6, 3), model: .timeAndTask, plannedHoursPerWeek: 7, team: "barrhead")
    }
}
